/**
 * Upload sessions of the registry API, kept as the store's resumable ingests.
 *
 * A session `<uuid>` is the ingest `upload-<uuid>` of the store's BlobStorage: bytes land
 * in `ingest/`, never in `blobs/`, until the closing PUT commits them with the digest the
 * client names (verified by the writer). Between requests the writer stays open in memory
 * (no re-hash of earlier chunks); an idle writer is closed after a while and resumed from
 * disk on the next request — which is also how a session survives a restart of the server.
 *
 * Requests on one session run one after another (a per-session queue), so a client that
 * pipelines chunks still writes them in order.
 *
 * Reference: distribution-spec "Pushing a blob in chunks"; containerd content.Writer.
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
  /** The last queued operation; the next one starts after it settles. */
  tail: Promise<unknown>;
  busy: number;
  timer: NodeJS.Timeout | undefined;
}

/** Options of the session table. */
export interface UploadSessionsOptions {
  /** Close a writer unused for this long (ms); its data stays for a later resume. Default 60 s. */
  idleMs?: number;
  logger?: Logger;
}

function unknown(id: string): RegistryError {
  return new RegistryError('BLOB_UPLOAD_UNKNOWN', `upload ${id} is unknown or was completed`, { detail: { uuid: id } });
}

/** The upload sessions of one server. */
export class UploadSessions {
  readonly #blobs: ContentStore;
  readonly #idleMs: number;
  readonly #logger: Logger | undefined;
  readonly #sessions = new Map<string, Session>();
  /** Idle writers being closed: their lock is released only when this settles. */
  readonly #closing = new Map<string, Promise<void>>();
  #closed = false;

  constructor(blobs: ContentStore, options: UploadSessionsOptions = {}) {
    this.#blobs = blobs;
    this.#idleMs = options.idleMs ?? 60_000;
    this.#logger = options.logger;
  }

  /** Start a session: a new ingest, held open for the next request. Returns its id. */
  async create(): Promise<string> {
    const id = randomUUID();
    const writer = await this.#blobs.writer(ingestRef(id));
    const s: Session = { writer, tail: Promise.resolve(), busy: 0, timer: undefined };
    this.#sessions.set(id, s);
    this.#arm(id, s);
    return id;
  }

  /**
   * Run `fn` with the session's writer, after earlier requests on the session. The writer
   * is resumed from disk when not open (BLOB_UPLOAD_UNKNOWN when there is no such ingest).
   * `fn` may finish the writer (commit/cancel) and must then return `{ done: true }`. When
   * `fn` fails, the writer is closed — keeping what it wrote — and reopened on the next
   * request, so a dropped connection never leaves a half-known state in memory.
   */
  async use<T>(id: string, fn: (writer: BlobWriter) => Promise<{ value: T; done?: boolean }>): Promise<T> {
    if (!isSessionId(id)) throw unknown(id);
    if (this.#closed) throw new RegistryError('UNKNOWN', 'the registry is shutting down', { status: 503 });
    let s = this.#sessions.get(id);
    if (!s) {
      s = { writer: undefined, tail: Promise.resolve(), busy: 0, timer: undefined };
      this.#sessions.set(id, s);
    }
    const session = s;
    session.busy++;
    if (session.timer) clearTimeout(session.timer);
    const run = async (): Promise<T> => {
      await this.#closing.get(id);
      let writer = session.writer;
      if (!writer) {
        try {
          writer = await this.#blobs.resume(ingestRef(id));
        } catch (e) {
          if (isOciError(e, 'NOT_FOUND')) throw unknown(id);
          if (isOciError(e, 'LOCKED')) {
            throw new RegistryError('BLOB_UPLOAD_INVALID', `upload ${id} is being written by another process`, {
              status: 409,
              detail: { uuid: id },
              cause: e,
            });
          }
          throw e;
        }
        session.writer = writer;
      }
      try {
        const out = await fn(writer);
        if (out.done) session.writer = undefined;
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
        if (session.writer) this.#arm(id, session);
        else this.#sessions.delete(id);
      }
    }
  }

  /** Bytes received so far (BLOB_UPLOAD_UNKNOWN when there is no such session). */
  async offset(id: string): Promise<number> {
    if (!isSessionId(id)) throw unknown(id);
    const s = this.#sessions.get(id);
    if (s?.writer && s.busy === 0) return s.writer.offset;
    if (s && s.busy > 0) return this.use(id, async (w) => ({ value: w.offset }));
    await this.#closing.get(id); // the closing writer is still writing the ingest's record
    try {
      return (await this.#blobs.status(ingestRef(id))).offset;
    } catch (e) {
      if (isOciError(e, 'NOT_FOUND')) throw unknown(id);
      throw e;
    }
  }

  /** Cancel a session, discarding its data (BLOB_UPLOAD_UNKNOWN when there is none). */
  async cancel(id: string): Promise<void> {
    if (!isSessionId(id)) throw unknown(id);
    const s = this.#sessions.get(id);
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
  }

  /** Sessions with an open writer (for tests and logs). */
  get open(): number {
    let n = 0;
    for (const s of this.#sessions.values()) if (s.writer) n++;
    return n;
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

  #arm(id: string, s: Session): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = undefined;
      if (s.busy > 0 || !s.writer) return;
      const w = s.writer;
      s.writer = undefined;
      this.#sessions.delete(id);
      const p = w.close().catch((e) => this.#logger?.warning(`closing idle upload ${id}: ${(e as Error).message}`));
      this.#closing.set(id, p);
      void p.finally(() => {
        if (this.#closing.get(id) === p) this.#closing.delete(id);
      });
    }, this.#idleMs);
    s.timer.unref();
  }
}
