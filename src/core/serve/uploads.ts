/**
 * Upload sessions of the registry API, kept as the store's resumable ingests.
 *
 * A session `<uuid>` is the ingest `upload-<uuid>` of the store's BlobStorage: bytes land
 * in `ingest/`, never in `blobs/`, until the closing PUT commits them with the digest the
 * client names (verified by the writer). An idle session is resumed from disk on its next
 * request — which is also how a session survives a restart of the server.
 *
 * Resources are bounded, whatever clients do:
 * - A POST costs no file and no descriptor: the ingest is created by the first request
 *   that writes to it.
 * - A writer stays open after a request only in a small cache (`maxOpenWriters`, closed
 *   after `idleMs`, least recently used first), so the PUT that follows a PATCH needs no
 *   re-hash of what was written; any other idle session holds no descriptor.
 * - At most `maxSessions` sessions: a new one reclaims the least recently used idle
 *   session (its partial data is discarded; its client sees BLOB_UPLOAD_UNKNOWN and
 *   starts over), or, when every session is in a request, is refused with 429
 *   TOOMANYREQUESTS and `Retry-After`.
 *
 * Requests on one session run one after another (a per-session queue), so a client that
 * pipelines chunks still writes them in order.
 *
 * Reference: distribution-spec "Pushing a blob in chunks", "Error Codes" (code-14);
 * containerd content.Writer.
 */
import { randomUUID } from 'node:crypto';
import { isOciError } from '../errors.js';
import type { BlobWriter, ContentStore, Logger } from '../content.js';
import { RegistryError } from './errors.js';

/** The ingest ref of an upload session. */
export function ingestRef(id: string): string {
  return `upload-${id}`;
}

/** Session ids are UUIDs: anything else is unknown (and never reaches a file path). */
const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a well-formed session id. */
export function isSessionId(id: string): boolean {
  return ID_RE.test(id);
}

interface Session {
  writer: BlobWriter | undefined;
  /** No ingest on disk yet: the first request creates it. */
  fresh: boolean;
  /** Committed, cancelled or reclaimed: the session leaves the table when its queue empties. */
  ended: boolean;
  /** The last queued operation; the next one starts after it settles. */
  tail: Promise<unknown>;
  busy: number;
  timer: NodeJS.Timeout | undefined;
}

/** Default of UploadSessionsOptions.maxSessions. */
export const MAX_SESSIONS = 256;
/** Default of UploadSessionsOptions.maxOpenWriters. */
export const MAX_OPEN_WRITERS = 8;

/** Options of the session table. */
export interface UploadSessionsOptions {
  /** Close a writer unused for this long (ms); its data stays for a later resume. Default 10 s. */
  idleMs?: number;
  /** Sessions known at once (see the module comment). Default MAX_SESSIONS. */
  maxSessions?: number;
  /** Idle writers kept open at once (see the module comment). Default MAX_OPEN_WRITERS. */
  maxOpenWriters?: number;
  logger?: Logger;
}

function unknown(id: string): RegistryError {
  return new RegistryError('BLOB_UPLOAD_UNKNOWN', `upload ${id} is unknown or was completed`, { detail: { uuid: id } });
}

function newSession(fresh: boolean): Session {
  return { writer: undefined, fresh, ended: false, tail: Promise.resolve(), busy: 0, timer: undefined };
}

/** The upload sessions of one server. */
export class UploadSessions {
  readonly #blobs: ContentStore;
  readonly #idleMs: number;
  readonly #maxSessions: number;
  readonly #maxOpenWriters: number;
  readonly #logger: Logger | undefined;
  /** Every known session, least recently used first (a use moves it to the end). */
  readonly #sessions = new Map<string, Session>();
  /** Writers being closed or ingests being discarded: the next use of the id waits for it. */
  readonly #closing = new Map<string, Promise<void>>();
  #closed = false;

  constructor(blobs: ContentStore, options: UploadSessionsOptions = {}) {
    this.#blobs = blobs;
    this.#idleMs = options.idleMs ?? 10_000;
    this.#maxSessions = Math.max(1, options.maxSessions ?? MAX_SESSIONS);
    this.#maxOpenWriters = Math.max(0, options.maxOpenWriters ?? MAX_OPEN_WRITERS);
    this.#logger = options.logger;
  }

  /** Start a session (nothing on disk until its first write). Returns its id. */
  async create(): Promise<string> {
    this.#checkOpen();
    const id = randomUUID();
    this.#admit(id, newSession(true));
    return id;
  }

  /**
   * Run `fn` with the session's writer, after earlier requests on the session. The writer
   * is created for a fresh session and resumed from disk when not open (BLOB_UPLOAD_UNKNOWN
   * when there is no such ingest). `fn` may finish the writer (commit/cancel) and must then
   * return `{ done: true }`. When `fn` fails, the writer is closed — keeping what it wrote —
   * and reopened on the next request, so a dropped connection never leaves a half-known
   * state in memory.
   */
  async use<T>(id: string, fn: (writer: BlobWriter) => Promise<{ value: T; done?: boolean }>): Promise<T> {
    if (!isSessionId(id)) throw unknown(id);
    this.#checkOpen();
    let s = this.#sessions.get(id);
    if (s) this.#touch(id, s);
    else {
      // A session of an earlier server on this store, or unknown: its ingest will tell.
      s = newSession(false);
      this.#admit(id, s);
    }
    const session = s;
    session.busy++;
    if (session.timer) clearTimeout(session.timer);
    session.timer = undefined;
    const run = async (): Promise<T> => {
      await this.#closing.get(id);
      if (session.ended) throw unknown(id);
      let writer = session.writer;
      if (!writer) {
        writer = session.fresh ? await this.#blobs.writer(ingestRef(id)) : await this.#resume(id, session);
        session.fresh = false;
        session.writer = writer;
      }
      try {
        const out = await fn(writer);
        if (out.done) {
          session.writer = undefined;
          session.ended = true;
        }
        return out.value;
      } catch (e) {
        session.writer = undefined;
        await writer.close().catch(() => undefined); // already finished by commit: nothing to release
        throw e;
      }
    };
    const result = session.tail.then(run, run);
    session.tail = result.catch(() => undefined);
    try {
      return await result;
    } finally {
      session.busy--;
      if (session.busy === 0) {
        if (session.ended) {
          if (this.#sessions.get(id) === session) this.#sessions.delete(id);
        } else if (session.writer) {
          this.#arm(id, session);
          this.#trimWriters();
        }
      }
    }
  }

  async #resume(id: string, session: Session): Promise<BlobWriter> {
    try {
      return await this.#blobs.resume(ingestRef(id));
    } catch (e) {
      if (isOciError(e, 'NOT_FOUND')) {
        session.ended = true;
        throw unknown(id);
      }
      if (isOciError(e, 'LOCKED')) {
        throw new RegistryError('BLOB_UPLOAD_INVALID', `upload ${id} is being written by another process`, {
          status: 409,
          detail: { uuid: id },
          cause: e,
        });
      }
      throw e;
    }
  }

  /** Bytes received so far (BLOB_UPLOAD_UNKNOWN when there is no such session). */
  async offset(id: string): Promise<number> {
    if (!isSessionId(id)) throw unknown(id);
    const s = this.#sessions.get(id);
    if (s && s.busy > 0) return this.use(id, async (w) => ({ value: w.offset }));
    if (s?.fresh) return 0;
    if (s?.writer) return s.writer.offset;
    await this.#closing.get(id); // the closing writer is still writing the ingest's record
    try {
      return (await this.#blobs.status(ingestRef(id))).offset;
    } catch (e) {
      if (isOciError(e, 'NOT_FOUND')) {
        if (s && this.#sessions.get(id) === s) this.#sessions.delete(id);
        throw unknown(id);
      }
      throw e;
    }
  }

  /** Cancel a session, discarding its data (BLOB_UPLOAD_UNKNOWN when there is none). */
  async cancel(id: string): Promise<void> {
    if (!isSessionId(id)) throw unknown(id);
    const s = this.#sessions.get(id);
    if (s?.fresh && s.busy === 0) {
      this.#sessions.delete(id);
      return;
    }
    if (s?.writer || (s && s.busy > 0)) {
      await this.use(id, async (w) => {
        await w.cancel();
        return { value: undefined, done: true };
      });
      return;
    }
    await this.#closing.get(id);
    try {
      await this.#blobs.status(ingestRef(id));
    } catch (e) {
      if (isOciError(e, 'NOT_FOUND')) throw unknown(id);
      throw e;
    }
    await this.#blobs.abort(ingestRef(id));
    if (s && this.#sessions.get(id) === s) this.#sessions.delete(id);
  }

  /** Sessions with an open writer (for tests and logs). */
  get open(): number {
    let n = 0;
    for (const s of this.#sessions.values()) if (s.writer) n++;
    return n;
  }

  /** Sessions known (fresh, idle or in a request). */
  get size(): number {
    return this.#sessions.size;
  }

  /**
   * Stop: refuse new work, wait for queued operations, and close every open writer,
   * keeping its data so the upload can resume against the next server on this store.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#closing.values());
    const all = [...this.#sessions.entries()];
    await Promise.all(
      all.map(async ([id, s]) => {
        if (s.timer) clearTimeout(s.timer);
        await s.tail;
        const w = s.writer;
        s.writer = undefined;
        this.#sessions.delete(id);
        if (w) await w.close().catch((e) => this.#logger?.warning(`closing upload ${id}: ${(e as Error).message}`));
      }),
    );
  }

  #checkOpen(): void {
    // A server fault, not a client error: 503 tells the client to come back (to the next server).
    if (this.#closed) throw RegistryError.fault('the registry is shutting down', { status: 503, headers: { 'Retry-After': '1' } });
  }

  /** Move a session to the most recently used end. */
  #touch(id: string, s: Session): void {
    this.#sessions.delete(id);
    this.#sessions.set(id, s);
  }

  /** Add a session, making room by reclaiming the least recently used idle one. */
  #admit(id: string, s: Session): void {
    while (this.#sessions.size >= this.#maxSessions) {
      let victim: [string, Session] | undefined;
      for (const entry of this.#sessions) {
        if (entry[1].busy === 0) {
          victim = entry;
          break;
        }
      }
      if (!victim) {
        throw new RegistryError('TOOMANYREQUESTS', `${this.#sessions.size} uploads are in progress, the most this registry takes at once; retry when one has finished`, {
          headers: { 'Retry-After': '1' },
          detail: { sessions: this.#sessions.size },
        });
      }
      this.#reclaim(victim[0], victim[1]);
    }
    this.#sessions.set(id, s);
  }

  /** Forget an idle session and discard its data (see the module comment). */
  #reclaim(id: string, s: Session): void {
    this.#sessions.delete(id);
    s.ended = true;
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    this.#logger?.debug(`upload ${id}: idle, reclaimed for a new session (at most ${this.#maxSessions})`);
    if (s.fresh) return;
    const w = s.writer;
    s.writer = undefined;
    const before = this.#closing.get(id);
    const p = (async () => {
      await before;
      if (w) await w.cancel();
      else await this.#blobs.abort(ingestRef(id));
    })().catch((e) => {
      if (!isOciError(e, 'NOT_FOUND')) this.#logger?.warning(`discarding upload ${id}: ${(e as Error).message}`);
    });
    this.#track(id, p);
  }

  /** Close the least recently used idle writers beyond maxOpenWriters. */
  #trimWriters(): void {
    let idle = 0;
    for (const s of this.#sessions.values()) if (s.writer && s.busy === 0) idle++;
    for (const [id, s] of this.#sessions) {
      if (idle <= this.#maxOpenWriters) break;
      if (s.writer && s.busy === 0) {
        this.#closeIdle(id, s);
        idle--;
      }
    }
  }

  /** Close an idle session's writer, keeping its data on disk for a resume. */
  #closeIdle(id: string, s: Session): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    const w = s.writer;
    if (s.busy > 0 || !w) return;
    s.writer = undefined;
    const p = w.close().catch((e) => this.#logger?.warning(`closing idle upload ${id}: ${(e as Error).message}`));
    this.#track(id, p);
  }

  #track(id: string, p: Promise<unknown>): void {
    const done = p.then(() => undefined);
    this.#closing.set(id, done);
    void done.finally(() => {
      if (this.#closing.get(id) === done) this.#closing.delete(id);
    });
  }

  #arm(id: string, s: Session): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => this.#closeIdle(id, s), this.#idleMs);
    s.timer.unref();
  }
}
