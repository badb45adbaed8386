/**
 * The registry client of one run: one HTTP client (keep-alive agents), one credential
 * store, one token cache, shared by every Repository it opens — so a push to several
 * repositories of a registry reuses connections and knows which blobs it can mount.
 */
import type { Logger, ProgressEvent, ProgressFn } from '../content.js';
import { silentLogger } from '../content.js';
import { Redactor, redactingLogger } from '../secrets.js';
import { DEFAULT_REGISTRY, DOCKER_HUB_API_HOST, normalize, type NormalizedReference } from '../reference.js';
import type { Descriptor } from '../types/oci.js';
import { HttpClient, type RetryPolicy } from './http.js';
import { Authorizer } from './auth.js';
import { CredentialStore, type ExecFn } from './credentials.js';
import { Repository, type RepositoryOptions } from './repository.js';
import type { ClientTuning, RegistrySession } from './session.js';

/** Options of a RegistryClient. */
export interface RegistryClientOptions {
  username?: string;
  password?: string;
  githubToken?: string;
  /** Registries the username/password inputs are for (default: all). */
  explicitRegistries?: Iterable<string> | 'all';
  /** Hosts reached over plain HTTP besides loopback. */
  insecure?: string[];
  env?: Record<string, string | undefined>;
  exec?: ExecFn;
  logger?: Logger;
  progress?: ProgressFn;
  signal?: AbortSignal;
  /** Sockets per host (default 8). */
  maxSockets?: number;
  /** A transfer with no progress for this long is retried (default 60 s). */
  stallTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Blobs larger than this go up in PATCH chunks (default 512 MiB). */
  chunkThreshold?: number;
  /** Size of one PATCH chunk (default 256 MiB; at least the registry's OCI-Chunk-Min-Length). */
  chunkSize?: number;
  /** Blob transfers at once in a graph copy (default 4). */
  concurrency?: number;
  /** Jitter source (tests seed it). */
  random?: () => number;
  /** Where the run's secrets are registered (default: a new one reporting to `logger.secret`). */
  redactor?: Redactor;
}

const MiB = 1024 * 1024;

/** The registry client of a run. */
export class RegistryClient implements RegistrySession {
  readonly http: HttpClient;
  readonly auth: Authorizer;
  readonly credentials: CredentialStore;
  /** The run's logger, its lines redacted. */
  readonly logger: Logger;
  /** Every credential of the run: what errors and log lines are redacted against. */
  readonly redactor: Redactor;
  readonly tuning: ClientTuning;
  /** Per registry: true when it has the referrers API, false when it does not, absent = unknown. */
  readonly referrersSupport = new Map<string, boolean>();
  /** `registry/repository` mount sources that failed this run (no access): not tried again. */
  readonly mountFailed = new Set<string>();
  readonly #progress: ProgressFn | undefined;
  /** registry → digest → repositories known to hold it (mount sources). */
  readonly #known = new Map<string, Map<string, Set<string>>>();

  constructor(options: RegistryClientOptions = {}) {
    const logger = options.logger ?? silentLogger;
    // One redactor for the whole client: credentials, headers sent, tokens obtained. Each
    // new secret goes on to the front end's logger (::add-mask:: in the action).
    this.redactor = options.redactor ?? new Redactor((s) => logger.secret?.(s));
    this.logger = redactingLogger(logger, this.redactor);
    this.#progress = options.progress;
    this.http = new HttpClient({
      insecure: options.insecure ?? [],
      maxSockets: options.maxSockets ?? 8,
      stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
      retry: options.retry ?? {},
      logger: this.logger,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.random ? { random: options.random } : {}),
      redactor: this.redactor,
    });
    this.credentials = new CredentialStore({
      ...(options.username !== undefined ? { username: options.username } : {}),
      ...(options.password !== undefined ? { password: options.password } : {}),
      ...(options.githubToken !== undefined ? { githubToken: options.githubToken } : {}),
      explicitRegistries: options.explicitRegistries ?? 'all',
      env: options.env ?? process.env,
      ...(options.exec ? { exec: options.exec } : {}),
      logger: this.logger,
      redactor: this.redactor,
    });
    this.auth = new Authorizer(this.http, this.credentials, this.logger);
    // One streamed PUT is fastest (registries verify the digest as it arrives; every extra
    // chunk costs a round trip and often a re-read on their side); chunks pay off only
    // for very large blobs, where a broken upload resumes instead of starting over.
    const chunkSize = options.chunkSize ?? 256 * MiB;
    this.tuning = {
      chunkThreshold: options.chunkThreshold ?? 512 * MiB,
      chunkSize,
      concurrency: Math.max(1, options.concurrency ?? 4),
      // GitHub's registry accepts one PATCH per upload, not several (known limitation).
      singleChunkHosts: ['ghcr.io'],
    };
  }

  /** The host serving a registry's API: Docker Hub's is registry-1.docker.io. */
  apiHost(registry: string): string {
    return registry === DEFAULT_REGISTRY ? DOCKER_HUB_API_HOST : registry;
  }

  /** A Repository for a reference (`ghcr.io/o/r:t`, `alpine`) or a normalised one. */
  repository(ref: string | NormalizedReference, options: RepositoryOptions = {}): Repository {
    const n = typeof ref === 'string' ? normalize(ref) : ref;
    return new Repository(this, n.registry, n.repository, options);
  }

  /** Record that `repository` on `registry` holds `digest` (a later push can mount it). */
  remember(registry: string, repository: string, digest: string): void {
    let byDigest = this.#known.get(registry);
    if (!byDigest) {
      byDigest = new Map();
      this.#known.set(registry, byDigest);
    }
    let repos = byDigest.get(digest);
    if (!repos) {
      repos = new Set();
      byDigest.set(digest, repos);
    }
    repos.add(repository);
  }

  /** Repositories of `registry` other than `except` known to hold `digest`, most recent first. */
  knownRepositories(registry: string, digest: string, except?: string): string[] {
    const repos = this.#known.get(registry)?.get(digest);
    if (!repos) return [];
    return [...repos].filter((r) => r !== except).reverse();
  }

  /** A throttled progress callback for one blob (undefined for small blobs or without a sink). */
  progressFor(desc: Descriptor, phase: ProgressEvent['phase']): ((done: number) => void) | undefined {
    const sink = this.#progress;
    if (!sink || desc.size < MiB) return undefined;
    let last = 0;
    let lastAt = 0;
    return (done: number) => {
      const now = Date.now();
      if (done === desc.size || done - last >= 8 * MiB || now - lastAt >= 1000) {
        last = done;
        lastAt = now;
        sink({ digest: desc.digest, done, total: desc.size, phase });
      }
    };
  }

  /** Close pooled sockets. */
  close(): void {
    this.http.close();
  }
}

/** Tuning read from the environment (benchmarks and tests of whole processes). */
function envTuning(env: Record<string, string | undefined>): Partial<RegistryClientOptions> {
  const num = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || !/^\d+$/.test(v)) return undefined;
    return Number(v);
  };
  const out: Partial<RegistryClientOptions> = {};
  const threshold = num('OCI_STORE_CHUNK_THRESHOLD');
  if (threshold !== undefined) out.chunkThreshold = threshold;
  const chunk = num('OCI_STORE_CHUNK_SIZE');
  if (chunk !== undefined) out.chunkSize = chunk;
  const conc = num('OCI_STORE_CONCURRENCY');
  if (conc !== undefined && conc > 0) out.concurrency = conc;
  return out;
}

/**
 * The credentials and hosts of a run, as the front end's inputs give them (the command
 * layer maps its Options to these: commands/options.ts registryInputs).
 */
export type RegistryInputs = Pick<RegistryClientOptions, 'username' | 'password' | 'githubToken' | 'explicitRegistries' | 'insecure'>;

/** The services of a run a client uses: environment, helper runner, logger, progress, cancellation. */
export type RegistryRunContext = Pick<RegistryClientOptions, 'env' | 'exec' | 'logger' | 'progress' | 'signal'>;

/**
 * The options of a run's RegistryClient: its inputs and services, the tuning in `run.env`
 * (OCI_STORE_CHUNK_THRESHOLD, OCI_STORE_CHUNK_SIZE, OCI_STORE_CONCURRENCY), then `overrides`.
 */
export function runClientOptions(inputs: RegistryInputs, run: RegistryRunContext, overrides: Partial<RegistryClientOptions> = {}): RegistryClientOptions {
  const o: RegistryClientOptions = {
    insecure: inputs.insecure ?? [],
    ...(inputs.explicitRegistries !== undefined ? { explicitRegistries: inputs.explicitRegistries } : {}),
    ...(run.env !== undefined ? { env: run.env } : {}),
    ...(run.logger !== undefined ? { logger: run.logger } : {}),
    ...envTuning(run.env ?? {}),
    ...overrides,
  };
  if (inputs.username !== undefined) o.username = inputs.username;
  if (inputs.password !== undefined) o.password = inputs.password;
  if (inputs.githubToken !== undefined) o.githubToken = inputs.githubToken;
  if (run.exec) o.exec = run.exec;
  if (run.progress) o.progress = run.progress;
  if (run.signal) o.signal = run.signal;
  return o;
}
