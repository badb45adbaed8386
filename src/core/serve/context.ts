/**
 * What every handler of the registry works with: the store, the upload sessions, a logger,
 * and lazy restore of blobs the store lacks locally (the runner cache).
 */
import { Limiter } from '../copy.js';
import { isOciError } from '../errors.js';
import type { BlobInfo, Logger } from '../content.js';
import type { Store } from '../layout.js';
import type { ImageIndex } from '../types/oci.js';
import { RegistryError } from './errors.js';
import type { UploadSessions } from './uploads.js';

/** Manifests read and decoded at once by one server (each may be 4 MiB, and its parse several times that). */
export const MANIFEST_READS = 4;

/** A Limiter that counts: runs in progress, the most there ever were at once, and all runs started. */
export class Gauge {
  readonly #limiter: Limiter;
  active = 0;
  peak = 0;
  runs = 0;

  constructor(n: number) {
    this.#limiter = new Limiter(n);
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#limiter.run(async () => {
      this.runs++;
      this.active++;
      this.peak = Math.max(this.peak, this.active);
      try {
        return await fn();
      } finally {
        this.active--;
      }
    });
  }
}

/** The registry's shared state. */
export class ServeContext {
  readonly store: Store;
  readonly uploads: UploadSessions;
  readonly logger: Logger;
  /**
   * Bounds manifest reads: a burst of GETs of large blobs by digest would otherwise hold
   * every one of them, and its parse, in memory at once.
   */
  readonly manifestReads = new Gauge(MANIFEST_READS);
  readonly #restoring = new Map<string, Promise<BlobInfo | undefined>>();

  constructor(store: Store, uploads: UploadSessions, logger: Logger) {
    this.store = store;
    this.uploads = uploads;
    this.logger = logger;
  }

  /** Info of a locally present blob, or undefined. */
  async local(digest: string): Promise<BlobInfo | undefined> {
    try {
      return await this.store.blobs.stat(digest);
    } catch (e) {
      if (isOciError(e, 'NOT_FOUND')) return undefined;
      throw e;
    }
  }

  /**
   * Size of a blob the store has, locally or in its fallback (runner cache) — without
   * restoring it when the fallback's ledger knows the size. Undefined when absent.
   */
  async size(digest: string): Promise<number | undefined> {
    const info = await this.local(digest);
    if (info) return info.size;
    const fb = this.store.fallback;
    if (!fb?.has(digest)) return undefined;
    const known = fb.size?.(digest);
    if (known !== undefined) return known;
    return (await this.restore(digest))?.size;
  }

  /**
   * Make a blob local, restoring it from the fallback on first use (lazy restore, one
   * restore per digest at a time). Undefined when neither has it.
   */
  async restore(digest: string): Promise<BlobInfo | undefined> {
    const info = await this.local(digest);
    if (info) return info;
    const fb = this.store.fallback;
    if (!fb?.has(digest)) return undefined;
    let p = this.#restoring.get(digest);
    if (!p) {
      p = (async () => {
        this.logger.debug(`restoring ${digest} from the cache`);
        const ok = await fb.fetchInto(digest, fb.size?.(digest), this.store.blobs);
        return ok ? this.local(digest) : undefined;
      })();
      this.#restoring.set(digest, p);
      p.finally(() => this.#restoring.delete(digest)).catch(() => undefined);
    }
    return p;
  }

  /** Like restore, but BLOB_UNKNOWN when absent. */
  async require(digest: string): Promise<BlobInfo> {
    const info = await this.restore(digest);
    if (!info) throw new RegistryError('BLOB_UNKNOWN', `blob ${digest} is unknown`, { detail: { digest } });
    return info;
  }

  /** The store's index.json (all roots, tagged or not). */
  index(): Promise<ImageIndex> {
    return this.store.readIndex();
  }
}
