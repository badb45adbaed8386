/**
 * What one run shares between the repositories it opens: the contract between
 * RegistryClient (client.ts, which implements it and opens repositories) and Repository
 * (repository.ts, which only uses it). Both import this module and neither imports the
 * other's implementation, so the two stay free of an import cycle.
 */
import type { Logger, ProgressEvent } from '../content.js';
import type { Descriptor } from '../types/oci.js';
import type { Authorizer } from './auth.js';
import type { HttpClient } from './http.js';

/** Upload and copy tuning. */
export interface ClientTuning {
  chunkThreshold: number;
  chunkSize: number;
  concurrency: number;
  /** Registries known to refuse several PATCH chunks per upload: one streamed PATCH there. */
  singleChunkHosts: string[];
}

/** What a Repository uses of the client that opened it. */
export interface RegistrySession {
  readonly http: HttpClient;
  readonly auth: Authorizer;
  /** The run's logger, its lines redacted. */
  readonly logger: Logger;
  readonly tuning: ClientTuning;
  /** Per registry: true when it has the referrers API, false when it does not, absent = unknown. */
  readonly referrersSupport: Map<string, boolean>;
  /** `registry/repository` mount sources that failed this run (no access): not tried again. */
  readonly mountFailed: Set<string>;
  /** The host serving a registry's API: Docker Hub's is registry-1.docker.io. */
  apiHost(registry: string): string;
  /** Record that `repository` on `registry` holds `digest` (a later push can mount it). */
  remember(registry: string, repository: string, digest: string): void;
  /** A throttled progress callback for one blob (undefined for small blobs or without a sink). */
  progressFor(desc: Descriptor, phase: ProgressEvent['phase']): ((done: number) => void) | undefined;
}
