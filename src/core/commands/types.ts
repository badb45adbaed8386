/**
 * What a command takes and gives. The action and the CLI build a RunContext, call
 * `execute` (index.ts) and turn the Result into outputs.
 */
import type { BlobFallback, Logger, ProgressFn } from '../content.js';
import type { ExecFn } from '../registry/credentials.js';
import type { Options } from './options.js';

export type { ExecFn };

/** Everything a command needs besides its options. */
export interface RunContext {
  logger: Logger;
  progress?: ProgressFn;
  /** Environment (GITHUB_*, SOURCE_DATE_EPOCH, DOCKER_CONFIG, HOME…). */
  env: Record<string, string | undefined>;
  /** Directory relative paths resolve against (GITHUB_WORKSPACE, else cwd). */
  workspace: string;
  /** Lazy source of blobs missing from the store (the runner cache). */
  fallback?: BlobFallback;
  /** Credential-helper runner; defaults to child_process. */
  exec?: ExecFn;
  /** Cancels long operations (post stopping serve, Ctrl-C in the CLI). */
  signal?: AbortSignal;
}

/** A layer as reported in `metadata`. */
export interface LayerMetadata {
  digest: string;
  size: number;
  mediaType: string;
}

/** One pushed ref as reported in `metadata.pushed`. */
export interface PushedMetadata {
  ref: string;
  digest: string;
  /** Blobs uploaded (count). */
  uploaded: number;
  /** Blobs the registry already had (count). */
  skipped: number;
  /** Blobs mounted from another repository of the registry (count). */
  mounted: number;
  /** Bytes sent. */
  uploadedBytes?: number;
}

/** The `metadata` output (DESIGN.md §2). */
export interface Metadata {
  digest: string;
  mediaType: string;
  size: number;
  /** `os/arch[/variant]`, or a list for an index. */
  platform?: string | string[];
  layers: LayerMetadata[];
  pushed: PushedMetadata[];
  store: string;
}

/** What a command gives back. */
export interface Result {
  /** Digest of the manifest or index produced / acted on. */
  digest?: string;
  /** Refs applied. */
  tags: string[];
  metadata?: Metadata;
  /** Absolute store path. */
  store: string;
  /** `serve`: 127.0.0.1:<port>. */
  registry?: string;
  /** Command-specific detail for the CLI's JSON and the job summary (inspect's tag list, gc's bytes freed, verify's problems…). */
  details?: Record<string, unknown>;
}

/** A command implementation. */
export type CommandFn = (options: Options, ctx: RunContext) => Promise<Result>;
