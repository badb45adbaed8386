export const id = 325;
export const ids = [325];
export const modules = {

/***/ 9078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ silentLogger)
/* harmony export */ });
/** A logger that drops everything. */
const silentLogger = { debug() { }, info() { }, warning() { } };


/***/ }),

/***/ 2564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registryClient: () => (/* reexport */ client/* registryClient */.Rk)
});

// UNUSED EXPORTS: Authorizer, CredentialStore, DEFAULT_RETRY, HttpClient, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, RegistryClient, RemoteContentStore, Repository, UploadSession, configKeyHost, decodeAuth, detectManifestType, errorFor, explicitRegistries, helperServerURL, isManifestType, isRetryableNetworkError, isRetryableStatus, mergeScopes, parseChallenges, parseErrorBody, parseRetryAfter, registryError, repositoryScope, spawnExec, spawnWithEnv, unauthorized

// EXTERNAL MODULE: ./src/core/registry/client.ts
var client = __webpack_require__(1868);
// EXTERNAL MODULE: ./src/core/registry/repository.ts
var repository = __webpack_require__(6991);
// EXTERNAL MODULE: ./src/core/registry/http.ts
var http = __webpack_require__(6823);
// EXTERNAL MODULE: ./src/core/registry/auth.ts
var auth = __webpack_require__(9709);
// EXTERNAL MODULE: ./src/core/registry/credentials.ts
var credentials = __webpack_require__(8273);
// EXTERNAL MODULE: ./src/core/registry/errors.ts
var errors = __webpack_require__(5408);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/errors.ts
var core_errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/digest.ts
var digest = __webpack_require__(5543);
;// CONCATENATED MODULE: ./src/core/registry/content-store.ts
/**
 * A remote repository's blobs as a ContentStore (containerd's content.Store over the
 * distribution API): HEAD for stat/has, GET (with Range) for get/open, upload sessions for
 * writers, DELETE for delete. What a registry cannot do is refused with NOT_IMPLEMENTED:
 * listing blobs (`walk`). Ingest statuses, `close` and `resume` are kept in memory for the
 * life of this object (a registry's upload session outlives a connection, not a process).
 *
 * Writers hash what they send and refuse to commit on a size or digest mismatch, so the
 * registry never publishes a blob under a wrong digest.
 */





const OCTET = 'application/octet-stream';
/** A remote repository's blobs as a ContentStore. */
class RemoteContentStore {
    #repo;
    #ingests = new Map();
    constructor(repo) {
        this.#repo = repo;
    }
    async stat(digest) {
        const size = await this.#repo.statBlob(digest);
        if (size === undefined)
            throw new OciError('NOT_FOUND', `blob ${digest} not found in ${this.#repo}`, { hint: 'check the digest' });
        return { digest, size };
    }
    async has(digest) {
        return (await this.#repo.statBlob(digest)) !== undefined;
    }
    async get(digest, maxBytes = 4 * 1024 * 1024) {
        const { size } = await this.stat(digest);
        if (size > maxBytes)
            throw new OciError('TOO_LARGE', `blob ${digest} has ${size} bytes, more than ${maxBytes}`, { hint: 'open it as a stream' });
        return readBody(await this.#repo.fetchBlob({ mediaType: OCTET, digest, size }), maxBytes);
    }
    async open(digest, range) {
        const { size } = await this.stat(digest);
        if (range === undefined)
            return this.#repo.fetchBlob({ mediaType: OCTET, digest, size });
        const end = Math.min(range.end ?? size - 1, size - 1);
        if (!Number.isSafeInteger(range.start) || range.start < 0 || range.start >= size || end < range.start) {
            throw new OciError('INVALID_INPUT', `range ${range.start}-${range.end ?? ''} is outside blob ${digest} (${size} bytes)`, { hint: 'ask for a range inside the blob' });
        }
        return this.#repo.fetchBlobRange(digest, range.start, end);
    }
    async put(data, expected) {
        const digest = digestOf(data, expected ? parseDigest(expected).algorithm : 'sha256');
        if (expected !== undefined && expected !== digest) {
            throw new OciError('DIGEST_MISMATCH', `content digest ${digest} does not match expected ${expected}`, { hint: 'the content is not what was announced' });
        }
        const bytes = Buffer.from(data);
        await this.#repo.pushBlob({ mediaType: OCTET, digest, size: bytes.length }, { open: async (s, e) => Readable.from([bytes.subarray(s, e === undefined ? undefined : e + 1)]) });
        return { digest, size: bytes.length };
    }
    #lock(ref, ingest) {
        if (ingest.lockedSince) {
            throw new OciError('LOCKED', `ingest ${ref} is locked since ${ingest.lockedSince.toISOString()}`, { hint: 'another writer holds it; wait or use another ref' });
        }
        ingest.lockedSince = new Date();
    }
    async writer(ref, options = {}) {
        const existing = this.#ingests.get(ref);
        if (existing) {
            this.#lock(ref, existing); // throws LOCKED when held
            await existing.session.cancel();
            this.#ingests.delete(ref);
        }
        const now = new Date();
        const ingest = {
            ref,
            session: await this.#repo.openUpload(),
            hash: options.expected ? hasherFor(options.expected) : createHash('sha256'),
            startedAt: now,
            updatedAt: now,
            lockedSince: now,
        };
        if (options.total !== undefined)
            ingest.total = options.total;
        if (options.expected !== undefined)
            ingest.expected = options.expected;
        this.#ingests.set(ref, ingest);
        return this.#writerFor(ingest);
    }
    async resume(ref) {
        const ingest = this.#ingests.get(ref);
        if (!ingest)
            throw new OciError('NOT_FOUND', `no ingest ${ref} to resume`, { hint: 'start a new writer' });
        this.#lock(ref, ingest);
        return this.#writerFor(ingest);
    }
    #writerFor(ingest) {
        const ingests = this.#ingests;
        let done = false;
        const release = (discard) => {
            done = true;
            delete ingest.lockedSince;
            if (discard)
                ingests.delete(ingest.ref);
        };
        const write = async (chunk) => {
            if (done)
                throw new OciError('INVALID_INPUT', `writer ${ingest.ref} is closed`);
            if (ingest.total !== undefined && ingest.session.offset + chunk.length > ingest.total) {
                throw new OciError('SIZE_MISMATCH', `writing ${chunk.length} more bytes would pass the announced ${ingest.total}`, { hint: 'the source is larger than announced' });
            }
            await ingest.session.append(chunk);
            ingest.hash.update(chunk);
            ingest.updatedAt = new Date();
        };
        const w = {
            ref: ingest.ref,
            get offset() {
                return ingest.session.offset;
            },
            write,
            digest: () => `${ingest.expected ? parseDigest(ingest.expected).algorithm : 'sha256'}:${ingest.hash.copy().digest('hex')}`,
            stream: () => new Writable({
                write(chunk, _e, cb) {
                    write(chunk).then(() => cb(), cb);
                },
            }),
            commit: async (size, expected) => {
                try {
                    if (ingest.session.offset !== size) {
                        throw new OciError('SIZE_MISMATCH', `ingest ${ingest.ref} has ${ingest.session.offset} bytes, expected ${size}`, { hint: 'the source was truncated or is corrupt' });
                    }
                    const actual = `${parseDigest(expected).algorithm}:${ingest.hash.copy().digest('hex')}`;
                    if (actual !== expected) {
                        throw new OciError('DIGEST_MISMATCH', `content digest ${actual} does not match expected ${expected}`, { hint: 'the source is corrupt or was modified' });
                    }
                    await ingest.session.finish(expected);
                    return { digest: expected, size };
                }
                catch (e) {
                    await ingest.session.cancel();
                    throw e;
                }
                finally {
                    release(true);
                }
            },
            close: async () => {
                release(false);
            },
            cancel: async () => {
                await ingest.session.cancel();
                release(true);
            },
        };
        return w;
    }
    async status(ref) {
        const i = this.#ingests.get(ref);
        if (!i)
            throw new OciError('NOT_FOUND', `no ingest ${ref}`, { hint: 'start a writer first' });
        return this.#statusOf(i);
    }
    #statusOf(i) {
        const s = { ref: i.ref, offset: i.session.offset, startedAt: i.startedAt, updatedAt: i.updatedAt };
        if (i.total !== undefined)
            s.total = i.total;
        if (i.expected !== undefined)
            s.expected = i.expected;
        return s;
    }
    async listStatuses() {
        return [...this.#ingests.values()].map((i) => this.#statusOf(i));
    }
    async abort(ref) {
        const i = this.#ingests.get(ref);
        if (!i)
            return;
        this.#ingests.delete(ref);
        await i.session.cancel();
    }
    async delete(digest) {
        if (!(await this.has(digest)))
            throw new OciError('NOT_FOUND', `blob ${digest} not found in ${this.#repo}`, { hint: 'check the digest' });
        await this.#repo.deleteBlob(digest);
    }
    async walk() {
        throw new OciError('NOT_IMPLEMENTED', 'a registry cannot list the blobs of a repository', { hint: 'walk the manifests instead' });
    }
}

;// CONCATENATED MODULE: ./src/core/registry/index.ts
/**
 * The distribution-spec client: a remote repository implements the same content
 * interfaces as the layout store (oras-go's `registry/remote`).
 */









/***/ })

};
