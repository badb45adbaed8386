/**
 * Digests: parsing, validation, hashing and verifying streams.
 *
 * Reference: image-spec descriptor.md "Digests". sha256 is what we write; sha512 is
 * accepted on read.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { OciError } from './errors.js';

/** Digest algorithms we can verify, with the length of their hex encoding. */
const ALGORITHMS: Record<string, number> = { sha256: 64, sha512: 128 };

/** A parsed digest. */
export interface ParsedDigest {
  algorithm: 'sha256' | 'sha512';
  hex: string;
}

const DIGEST_RE = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

/**
 * Parse and validate a digest string (`sha256:<64 lowercase hex>`).
 * Throws INVALID_DIGEST for anything else, including unknown algorithms.
 */
export function parseDigest(digest: string): ParsedDigest {
  const m = typeof digest === 'string' ? DIGEST_RE.exec(digest) : null;
  if (!m) {
    throw new OciError('INVALID_DIGEST', `invalid digest ${JSON.stringify(digest)}`, {
      hint: 'a digest looks like sha256:<64 lowercase hex characters>',
    });
  }
  const [, algorithm, hex] = m as unknown as [string, string, string];
  const length = ALGORITHMS[algorithm];
  if (length === undefined) {
    throw new OciError('INVALID_DIGEST', `unsupported digest algorithm ${JSON.stringify(algorithm)} in ${digest}`, {
      hint: 'use sha256 (sha512 is accepted on read)',
    });
  }
  if (hex.length !== length || !/^[0-9a-f]+$/.test(hex)) {
    throw new OciError('INVALID_DIGEST', `invalid ${algorithm} digest ${JSON.stringify(digest)}`, {
      hint: `the encoded part must be ${length} lowercase hex characters`,
    });
  }
  return { algorithm: algorithm as ParsedDigest['algorithm'], hex };
}

/** True when `digest` parses. */
export function isDigest(digest: string): boolean {
  try {
    parseDigest(digest);
    return true;
  } catch {
    return false;
  }
}

/** The sha256 digest of bytes. */
export function sha256(data: Uint8Array | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** The digest of bytes with the algorithm of `like` (defaults to sha256). */
export function digestOf(data: Uint8Array | string, algorithm: ParsedDigest['algorithm'] = 'sha256'): string {
  return `${algorithm}:` + createHash(algorithm).update(data).digest('hex');
}

/** A hash for a digest's algorithm. */
export function hasherFor(digest: string): Hash {
  return createHash(parseDigest(digest).algorithm);
}

/**
 * A pass-through stream that counts and hashes bytes. When `expected` is given, it fails the
 * stream at its end with SIZE_MISMATCH or DIGEST_MISMATCH, and fails early with
 * SIZE_MISMATCH as soon as more bytes than `expected.size` arrive — so a verified consumer
 * never acts on unverified content past the last chunk.
 */
export class DigestStream extends Transform {
  #hash: Hash;
  #size = 0;
  #digest: string | undefined;
  readonly #expected: { digest?: string; size?: number } | undefined;
  readonly #algorithm: ParsedDigest['algorithm'];

  constructor(expected?: { digest?: string; size?: number }, algorithm?: ParsedDigest['algorithm']) {
    super();
    this.#expected = expected;
    this.#algorithm = algorithm ?? (expected?.digest ? parseDigest(expected.digest).algorithm : 'sha256');
    this.#hash = createHash(this.#algorithm);
  }

  /** Bytes seen so far. */
  get size(): number {
    return this.#size;
  }

  /** The digest of all bytes, available after the stream has ended. */
  get digest(): string {
    if (this.#digest === undefined) throw new Error('DigestStream: digest read before end');
    return this.#digest;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.#size += chunk.length;
    const limit = this.#expected?.size;
    if (limit !== undefined && this.#size > limit) {
      cb(
        new OciError('SIZE_MISMATCH', `content is larger than the expected ${limit} bytes${this.#label()}`, {
          hint: 'the source changed or is corrupt',
        }),
      );
      return;
    }
    this.#hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.#digest = `${this.#algorithm}:` + this.#hash.digest('hex');
    const e = this.#expected;
    if (e?.size !== undefined && e.size !== this.#size) {
      cb(
        new OciError('SIZE_MISMATCH', `content has ${this.#size} bytes, expected ${e.size}${this.#label()}`, {
          hint: 'the source was truncated or is corrupt',
        }),
      );
      return;
    }
    if (e?.digest !== undefined && e.digest !== this.#digest) {
      cb(
        new OciError('DIGEST_MISMATCH', `content digest ${this.#digest} does not match expected ${e.digest}`, {
          hint: 'the source is corrupt or was modified',
        }),
      );
      return;
    }
    cb();
  }

  #label(): string {
    return this.#expected?.digest ? ` (${this.#expected.digest})` : '';
  }
}

/** Throw DIGEST_MISMATCH / SIZE_MISMATCH unless `data` has the expected digest and size. */
export function verifyBytes(data: Uint8Array, expected: { digest: string; size?: number }): void {
  if (expected.size !== undefined && data.length !== expected.size) {
    throw new OciError('SIZE_MISMATCH', `content has ${data.length} bytes, expected ${expected.size} (${expected.digest})`);
  }
  const actual = digestOf(data, parseDigest(expected.digest).algorithm);
  if (actual !== expected.digest) {
    throw new OciError('DIGEST_MISMATCH', `content digest ${actual} does not match expected ${expected.digest}`);
  }
}
