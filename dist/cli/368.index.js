export const id = 368;
export const ids = [368,626,105,691];
export const modules = {

/***/ 9397:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ describeImage)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7736);
/* harmony import */ var _walk_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(670);
/**
 * The `metadata` output (DESIGN.md §2): what an image in the store is, in one JSON object.
 */



/** Config media types that describe a runnable image (and so carry a platform). */
const IMAGE_CONFIG_TYPES = new Set([_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ImageConfig, _types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.DockerConfig]);
function layerOf(d) {
    return { digest: d.digest, size: d.size, mediaType: d.mediaType };
}
/** `os/arch[/variant]` of a platform, skipping buildx's `unknown/unknown` attestation entries. */
function platformString(p) {
    if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string')
        return undefined;
    if (p.os === 'unknown' && p.architecture === 'unknown')
        return undefined;
    return (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(p);
}
async function manifestPlatform(store, manifest) {
    if (!manifest.config || !IMAGE_CONFIG_TYPES.has(manifest.config.mediaType))
        return undefined;
    try {
        const config = await store.readJSON(manifest.config);
        return platformString(config);
    }
    catch (e) {
        // A config that is not local (lazy cache) or damaged: metadata still describes the rest.
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e))
            return undefined;
        throw e;
    }
}
/**
 * Describe `desc` (a manifest or an index in `store`) as the `metadata` output:
 *
 * - manifest: its layers, and its platform from the descriptor or the image config;
 * - index: the platforms of its manifests (a list), and the layers of those manifests
 *   that are in the store (each digest once).
 */
async function describeImage(store, desc, pushed = []) {
    const out = { digest: desc.digest, mediaType: desc.mediaType, size: desc.size, layers: [], pushed, store: store.root };
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(desc.mediaType)) {
        const manifest = await store.readJSON(desc);
        out.layers = (manifest.layers ?? []).map(layerOf);
        const platform = platformString(desc.platform) ?? (await manifestPlatform(store, manifest));
        if (platform !== undefined)
            out.platform = platform;
        return out;
    }
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isIndexMediaType */ .$$)(desc.mediaType)) {
        const index = await store.readJSON(desc);
        const children = (0,_walk_js__WEBPACK_IMPORTED_MODULE_2__/* .childrenOfDocument */ .e9)(desc, index);
        // Each child manifest (and its config, when its descriptor names no platform) is read
        // once, a few at a time, by the one graph walk; the output keeps the index's order.
        const read = new Map();
        await (0,_walk_js__WEBPACK_IMPORTED_MODULE_2__/* .walk */ .GG)(store, children, async ({ descriptor: child }) => {
            const entry = { configRead: false };
            if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(child.mediaType)) {
                try {
                    entry.manifest = await store.readJSON(child);
                }
                catch (e) {
                    if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e))
                        throw e;
                }
            }
            if (entry.manifest && platformString(child.platform) === undefined) {
                const p = await manifestPlatform(store, entry.manifest);
                if (p !== undefined)
                    entry.configPlatform = p;
                entry.configRead = true;
            }
            read.set(child.digest, entry);
            return _walk_js__WEBPACK_IMPORTED_MODULE_2__/* .SKIP_CHILDREN */ .cL; // layers are listed from the manifest; a nested index is not described
        });
        const platforms = [];
        const seen = new Set();
        for (const child of children) {
            const { manifest, configPlatform, configRead } = read.get(child.digest);
            const p = platformString(child.platform) ?? (manifest ? (configRead ? configPlatform : await manifestPlatform(store, manifest)) : undefined);
            if (p !== undefined && !platforms.includes(p))
                platforms.push(p);
            for (const l of manifest?.layers ?? []) {
                if (seen.has(l.digest))
                    continue;
                seen.add(l.digest);
                out.layers.push(layerOf(l));
            }
        }
        out.platform = platforms;
        return out;
    }
    return out;
}


/***/ }),

/***/ 2368:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  push: () => (/* binding */ push),
  pushResult: () => (/* binding */ pushResult),
  pushToRefs: () => (/* binding */ pushToRefs)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/digest.ts
var core_digest = __webpack_require__(5543);
// EXTERNAL MODULE: ./src/core/layout.ts + 1 modules
var layout = __webpack_require__(5154);
// EXTERNAL MODULE: ./src/core/reference.ts
var reference = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/core/copy.ts
var copy = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/core/registry/client.ts + 1 modules
var client = __webpack_require__(5105);
// EXTERNAL MODULE: ./src/core/commands/registry.ts
var registry = __webpack_require__(1691);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/content.ts
var content = __webpack_require__(9078);
// EXTERNAL MODULE: ./src/core/lock.ts
var core_lock = __webpack_require__(6336);
// EXTERNAL MODULE: ./src/core/storage.ts
var storage = __webpack_require__(2962);
;// CONCATENATED MODULE: ./src/core/sources.ts
/**
 * Where pushed blobs went: for each blob, the repositories of each registry known to hold
 * it, so that a later push of the same blob to another repository of that registry mounts
 * it (distribution-spec "Mounting a blob from another repository") instead of uploading it
 * again — in another process, another step or another run.
 *
 * The record lives in the store, in `distribution-sources.json` beside `index.json`, so it
 * travels with the store (and the runner cache's index entry, which carries the store's
 * small files). It is a hint, never a fact: a mount the registry refuses falls back to an
 * upload, so a lost, stale or damaged record costs bytes, never a wrong result.
 *
 * - Bounded: at most MAX_REPOSITORIES repositories per blob and registry (most recent
 *   first) and MAX_BLOBS blobs (least recently pushed forgotten first).
 * - Written atomically under its own lock; concurrent pushes merge, none is lost.
 * - A failure to read or write it is a debug line: a push never fails because of it.
 *
 * Reference: docker's distribution metadata (`distribution/metadata/v2_metadata_service.go`,
 * digest → source repositories), containerd's `containerd.io/distribution.source.<registry>`
 * content labels.
 */






/** File name of the record, in the store root. */
const SOURCES_FILE = 'distribution-sources.json';
/** Repositories remembered per blob and registry (the push tries three mount sources). */
const MAX_REPOSITORIES = 4;
/** Blobs remembered in all (~100 bytes each: the file stays well under 1 MiB). */
const MAX_BLOBS = 5000;
const VERSION = 1;
const LOCK_WAIT_MS = 5000;
/** A repository path as a registry names it (`o/app`); anything else in the file is dropped. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
function parse(text) {
    const out = new Map();
    const doc = JSON.parse(text);
    if (doc.version !== VERSION || typeof doc.blobs !== 'object' || doc.blobs === null)
        return out;
    for (const [digest, byRegistry] of Object.entries(doc.blobs)) {
        if (!(0,core_digest/* isDigest */.Bc)(digest) || typeof byRegistry !== 'object' || byRegistry === null)
            continue;
        const m = new Map();
        for (const [registry, repos] of Object.entries(byRegistry)) {
            if (!Array.isArray(repos))
                continue;
            const valid = repos.filter((r) => typeof r === 'string' && REPOSITORY.test(r)).slice(0, MAX_REPOSITORIES);
            if (valid.length > 0)
                m.set(registry, valid);
        }
        if (m.size > 0)
            out.set(digest, m);
    }
    return out;
}
function serialize(record) {
    const blobs = {};
    for (const [digest, byRegistry] of record)
        blobs[digest] = Object.fromEntries(byRegistry);
    return JSON.stringify({ version: VERSION, blobs });
}
/** Add `repository` of `registry` as the most recent holder of each digest, in `record`. */
function add(record, registry, repository, digests) {
    for (const digest of digests) {
        const byRegistry = record.get(digest) ?? new Map();
        const repos = [repository, ...(byRegistry.get(registry) ?? []).filter((r) => r !== repository)].slice(0, MAX_REPOSITORIES);
        byRegistry.set(registry, repos);
        // Re-inserted at the end: the map's order is recency, the oldest are dropped first.
        record.delete(digest);
        record.set(digest, byRegistry);
    }
    for (const digest of record.keys()) {
        if (record.size <= MAX_BLOBS)
            break;
        record.delete(digest);
    }
}
/** Whether add(record, registry, repository, digests) would change nothing: `digests` are the record's most recent blobs, in that order, each with `repository` first. */
function recordedLast(record, registry, repository, digests) {
    if (record.size > MAX_BLOBS || digests.length > record.size || new Set(digests).size !== digests.length)
        return false;
    const last = [...record.keys()].slice(record.size - digests.length);
    return digests.every((d, i) => last[i] === d && record.get(d)?.get(registry)?.[0] === repository);
}
/**
 * Merge `older` under `newer`: for each blob and registry, `newer`'s repositories first;
 * blobs only in `older` keep their place before the others.
 */
function merge(older, newer) {
    const out = new Map(older);
    for (const [digest, byRegistry] of newer) {
        for (const [registry, repos] of byRegistry) {
            // Oldest first, so the first of `repos` ends up most recent.
            for (const repo of [...repos].reverse())
                add(out, registry, repo, [digest]);
        }
    }
    return out;
}
async function readRecord(path) {
    return parse(await (0,promises_.readFile)(path, 'utf8'));
}
/** The store's record of where its blobs were pushed. */
class BlobSources {
    #path;
    #root;
    #logger;
    #record;
    constructor(root, record, logger) {
        this.#root = root;
        this.#path = (0,external_node_path_.join)(root, SOURCES_FILE);
        this.#record = record;
        this.#logger = logger;
    }
    /** Load the record of the store at `root`; missing or unreadable means empty. */
    static async load(root, logger = content/* silentLogger */.qq) {
        let record = new Map();
        try {
            record = await readRecord((0,external_node_path_.join)(root, SOURCES_FILE));
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                logger.debug(`${SOURCES_FILE} is unreadable, starting a new one: ${e.message}`);
        }
        return new BlobSources(root, record, logger);
    }
    /** Repositories of `registry` recorded as holding `digest`, most recent first. */
    repositories(registry, digest) {
        return [...(this.#record.get(digest)?.get(registry) ?? [])];
    }
    /** Number of blobs remembered. */
    get size() {
        return this.#record.size;
    }
    /**
     * What the record holds, independent of its order (which only says what to forget
     * first): equal for two records that name the same repositories for the same blobs.
     */
    canonical() {
        const rows = [];
        for (const [digest, byRegistry] of this.#record) {
            for (const [registry, repos] of byRegistry)
                rows.push(`${digest}\t${registry}\t${[...repos].sort().join(',')}`);
        }
        return rows.sort().join('\n');
    }
    /**
     * Record that `repository` of `registry` now holds every blob of `digests`: merged with
     * what other processes recorded meanwhile, under the lock, written atomically. Never throws.
     */
    async record(registry, repository, digests) {
        const list = [...digests];
        // A re-push of what was pushed last finds the record as it would leave it: no lock, no
        // write and no two fsyncs on the push's path. Another process may have written since
        // this one read the file; it merged what was there, so these blobs are still recorded,
        // perhaps no longer as the most recent — a hint's order, never a wrong push.
        if (recordedLast(this.#record, registry, repository, list))
            return;
        add(this.#record, registry, repository, list);
        await this.#update((onDisk) => {
            add(onDisk, registry, repository, list);
            return onDisk;
        });
    }
    /**
     * Merge the record in `file` (another copy of the store's, e.g. restored from a cache)
     * into this store's; this store's entries win the most-recent places. Never throws.
     */
    async mergeFrom(file) {
        let other;
        try {
            other = await readRecord(file);
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                this.#logger.debug(`${file} is unreadable, not merged: ${e.message}`);
            return;
        }
        this.#record = merge(other, this.#record);
        await this.#update((onDisk) => merge(other, onDisk));
    }
    /**
     * Merge this record (read once, e.g. from a restored cache entry) into the record of the
     * store at `root`, under that store's lock — its file is read once, there. Never throws.
     */
    async mergeInto(root) {
        const other = this.#record;
        await new BlobSources(root, new Map(), this.#logger).#update((onDisk) => merge(other, onDisk));
    }
    async #update(fn) {
        try {
            const lock = await (0,core_lock/* acquireLock */.IZ)(`${this.#path}.lock`, { what: SOURCES_FILE, waitMs: LOCK_WAIT_MS, staleMs: 60_000 });
            try {
                let onDisk = new Map();
                try {
                    onDisk = await readRecord(this.#path);
                }
                catch {
                    // missing or damaged: replaced by what this process knows
                }
                const next = fn(onDisk);
                await (0,storage/* writeFileAtomic */.Zf)(this.#path, serialize(next), this.#root);
                this.#record = next;
            }
            finally {
                await lock.release();
            }
        }
        catch (e) {
            this.#logger.debug(`could not update ${SOURCES_FILE}: ${e.message}`);
        }
    }
}

// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(7736);
// EXTERNAL MODULE: ./src/core/walk.ts
var walk = __webpack_require__(670);
// EXTERNAL MODULE: ./src/core/commands/metadata.ts
var commands_metadata = __webpack_require__(9397);
;// CONCATENATED MODULE: ./src/core/commands/push.ts
/**
 * `push` and `push: true`: copy an image from the store to every registry ref in `tags`
 * (docker semantics: a ref without a host is on docker.io).
 *
 * Refs of one repository are pushed together (one graph copy, several tags); repositories
 * are pushed one after another so that later ones on the same registry mount the blobs
 * the earlier ones received. Blobs a registry already has are never read from the store.
 *
 * - A `tags` entry naming a repository only (`ghcr.io/o/app`) is pushed by digest.
 * - After each repository, the store records that it holds the image's blobs
 *   (sources.ts), so a later push to another repository of that registry — another
 *   process, step or run — mounts them instead of uploading them.
 */











/** Whether the store holds `d`'s blob; a failure to tell counts as not. */
async function storeHas(store, d) {
    try {
        return await store.blobs.has(d.digest);
    }
    catch {
        return false;
    }
}
/**
 * `blob` is called with the config and each layer of every manifest under `root` that the
 * store holds, two index levels down; a manifest or index the store lacks or cannot read
 * adds nothing.
 */
function eachStoredBlob(store, root, blob) {
    return (0,walk/* walk */.GG)(store, [root], async ({ descriptor: d, path }) => {
        if ((0,oci/* isManifestMediaType */.CM)(path.at(-1)?.mediaType)) {
            blob(d);
            return walk/* SKIP_CHILDREN */.cL;
        }
        return path.length <= 2 && (await storeHas(store, d));
    }, { onError: () => { } });
}
/**
 * Repositories of `registry` that the store's tags say hold each blob (cross-run mount
 * sources): the configs and layers of the manifests the store holds, two index levels down.
 */
async function storeMountHints(store, registry) {
    const out = new Map();
    let tags;
    try {
        tags = await store.listTags();
    }
    catch {
        return out;
    }
    let walked = 0;
    for (const { ref, descriptor } of tags) {
        if (walked >= 50)
            break;
        let n;
        try {
            if (!(0,reference/* hasRegistry */.qY)(ref))
                continue;
            n = (0,reference/* normalize */.S8)(ref);
        }
        catch {
            continue;
        }
        if (n.registry !== registry)
            continue;
        walked++;
        const add = (digest) => {
            const list = out.get(digest) ?? [];
            if (!list.includes(n.repository))
                list.push(n.repository);
            out.set(digest, list);
        };
        // a damaged or partial entry only means fewer mount hints
        await eachStoredBlob(store, descriptor, (d) => add(d.digest));
    }
    return out;
}
/**
 * The config and layer digests of the graph under `desc` that the store can read (children
 * of a partly pulled index it lacks are left out; non-distributable layers too).
 */
async function graphBlobs(store, desc) {
    const out = new Set();
    // unreadable here means fewer blobs remembered, never a failed push
    await eachStoredBlob(store, desc, (d) => {
        if (!d.urls?.length)
            out.add(d.digest);
    });
    return out;
}
/**
 * The registry a store image came from: a store tag naming a registry that points at it
 * (pull-through and pull tag images by their full reference). Children of a partly
 * pulled index are fetched from there when a push needs them.
 */
async function originOf(store, desc) {
    let tags;
    try {
        tags = await store.listTags();
    }
    catch {
        return undefined;
    }
    for (const { ref, descriptor } of tags) {
        if (descriptor.digest !== desc.digest)
            continue;
        try {
            if ((0,reference/* hasRegistry */.qY)(ref))
                return (0,reference/* normalize */.S8)(ref);
        }
        catch {
            // not a reference: a bare tag written by another tool
        }
    }
    return undefined;
}
/**
 * Group refs by repository, in first-seen order; digest refs must name `desc`. A ref that
 * names a repository only (`ghcr.io/o/app`) is pushed by digest: no tag is set, and it is
 * reported as `ghcr.io/o/app@<digest>` (buildx's `push-by-digest`, DESIGN.md §2).
 */
function groupTargets(refs, desc, input) {
    const groups = [];
    for (const written of refs) {
        const n = (0,reference/* normalize */.S8)(written, input);
        const ref = (0,reference/* isRepositoryOnly */.$O)(written) ? (0,reference/* withDigest */.hQ)(written, desc.digest) : written;
        if (ref !== written)
            n.tag = undefined;
        if (n.digest !== undefined && n.digest !== desc.digest) {
            throw new errors/* OciError */.Mf('INVALID_INPUT', `${ref} names digest ${n.digest}, but the image to push is ${desc.digest}`, {
                input,
                hint: 'push to a tag, or to the digest of the image itself',
            });
        }
        let g = groups.find((x) => x.registry === n.registry && x.repository === n.repository);
        if (!g) {
            g = { registry: n.registry, repository: n.repository, refs: [], tags: [] };
            groups.push(g);
        }
        g.refs.push(ref);
        if (n.tag !== undefined && !g.tags.includes(n.tag))
            g.tags.push(n.tag);
    }
    return groups;
}
/**
 * Push `desc` from `store` to every ref (each a registry reference). Returns one
 * `metadata.pushed` entry per ref: the first ref of a repository carries what was
 * uploaded, skipped and mounted; later refs of the same repository find everything present.
 */
async function pushToRefs(client, store, desc, refs, options = {}) {
    const input = options.input ?? 'tags';
    const groups = groupTargets(refs, desc, input);
    const origin = await originOf(store, desc);
    const hintsByRegistry = new Map();
    // Where earlier pushes (other processes, steps, runs) put these blobs: mount sources.
    const sources = await BlobSources.load(store.root, client.logger);
    let blobs;
    const pushed = [];
    for (const g of groups) {
        let hints = hintsByRegistry.get(g.registry);
        if (!hints) {
            hints = await storeMountHints(store, g.registry);
            hintsByRegistry.set(g.registry, hints);
        }
        const storeHints = hints;
        const repo = client.repository({ registry: g.registry, repository: g.repository }, { push: true });
        let report;
        try {
            report = await (0,copy.copyGraph)(store, repo, desc, {
                tags: g.tags,
                concurrency: client.tuning.concurrency,
                logger: client.logger,
                mountFrom: (digest) => [
                    ...new Set([
                        ...client.knownRepositories(g.registry, digest, g.repository),
                        ...sources.repositories(g.registry, digest),
                        ...(storeHints.get(digest) ?? []),
                        ...(origin && origin.registry === g.registry ? [origin.repository] : []),
                    ]),
                ].filter((r) => r !== g.repository),
                ...(origin ? { origin: client.repository(origin) } : {}),
                ...(options.signal ? { signal: options.signal } : {}),
            });
        }
        catch (e) {
            throw (0,errors/* withInput */.zE)(e, input);
        }
        // The repository now holds every blob of the graph (a registry checks a manifest's
        // children on PUT): remember it for later pushes to other repositories.
        blobs ??= await graphBlobs(store, desc);
        await sources.record(g.registry, g.repository, blobs);
        client.logger.info(`pushed ${desc.digest} to ${g.refs.join(', ')}: ${report.uploaded} uploaded (${report.uploadedBytes} bytes), ${report.mounted} mounted, ${report.skipped} already there`);
        const total = report.uploaded + report.skipped + report.mounted;
        g.refs.forEach((ref, i) => {
            pushed.push(i === 0
                ? { ref, digest: desc.digest, uploaded: report.uploaded, skipped: report.skipped, mounted: report.mounted, uploadedBytes: report.uploadedBytes }
                : { ref, digest: desc.digest, uploaded: 0, skipped: total, mounted: 0, uploadedBytes: 0 });
        });
    }
    return pushed;
}
function openStore(options, ctx) {
    return layout/* Store */.il.open(options.store, { create: false, logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
}
/**
 * `push`: resolve `ref` in the store and push it to every ref in `tags`, or to `ref`
 * itself when `tags` is empty and `ref` names a registry.
 */
const push = async (options, ctx) => {
    const ref = options.ref;
    let targets = options.tags;
    let input = 'tags';
    if (targets.length === 0) {
        if ((0,core_digest/* isDigest */.Bc)(ref) || !(0,reference/* hasRegistry */.qY)(ref)) {
            throw new errors/* OciError */.Mf('INVALID_INPUT', `nowhere to push ${ref}: tags is empty and ref names no registry`, {
                input: 'tags',
                hint: 'list the registry refs to push to in tags, e.g. ghcr.io/owner/app:1',
            });
        }
        const r = (0,reference/* parseReference */.F2)(ref, 'ref');
        // `ref` names a store tag: pushed to that very tag (docker push's `latest` when none
        // is written), not by digest as a repository-only `tags` entry would be.
        if (r.tag === undefined && r.digest === undefined)
            r.tag = 'latest';
        targets = [(0,reference/* formatReference */.FH)(r)];
        input = 'ref';
    }
    const store = await openStore(options, ctx);
    let desc;
    try {
        desc = await store.resolve(ref);
    }
    catch (e) {
        throw (0,errors/* withInput */.zE)(e, 'ref');
    }
    const client = (0,registry.registryClient)(options, ctx);
    try {
        const pushed = await pushToRefs(client, store, desc, targets, { input, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        const metadata = await (0,commands_metadata/* describeImage */.h)(store, desc, pushed);
        return { digest: desc.digest, tags: targets, metadata, store: store.root };
    }
    finally {
        client.close();
    }
};
/**
 * After ingest/pull/tag with `push: true`: push `result.digest` to every ref in `tags`
 * and fill `metadata.pushed`.
 */
async function pushResult(result, options, ctx) {
    if (result.digest === undefined)
        return result;
    if (options.tags.length === 0) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', 'push: true needs tags to push to', { input: 'tags', hint: 'list the registry refs to push to, e.g. ghcr.io/owner/app:1' });
    }
    const store = await openStore(options, ctx);
    const desc = await store.resolve(result.digest);
    const client = (0,registry.registryClient)(options, ctx);
    try {
        const pushed = await pushToRefs(client, store, desc, options.tags, { input: 'tags', ...(ctx.signal ? { signal: ctx.signal } : {}) });
        const metadata = result.metadata ? { ...result.metadata, pushed } : await (0,commands_metadata/* describeImage */.h)(store, desc, pushed);
        return { ...result, metadata };
    }
    finally {
        client.close();
    }
}


/***/ }),

/***/ 1691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   registryClient: () => (/* binding */ registryClient)
/* harmony export */ });
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5105);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6944);
/**
 * The registry client of a command run: the library's RegistryClient, given what it takes
 * of the command's inputs (options.ts registryInputs) and of its RunContext.
 */


/** A RegistryClient for a command run: credentials, insecure hosts, logger, progress, signal. */
function registryClient(options, ctx, overrides = {}) {
    return new _registry_client_js__WEBPACK_IMPORTED_MODULE_0__.RegistryClient((0,_registry_client_js__WEBPACK_IMPORTED_MODULE_0__.runClientOptions)((0,_options_js__WEBPACK_IMPORTED_MODULE_1__/* .registryInputs */ .P4)(options), ctx, overrides));
}


/***/ }),

/***/ 1626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   copyGraph: () => (/* binding */ copyGraph),
/* harmony export */   j: () => (/* binding */ Limiter),
/* harmony export */   readManifestBytes: () => (/* binding */ readManifestBytes)
/* harmony export */ });
/* unused harmony export blobSource */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _content_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9078);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(692);
/* harmony import */ var _registry_http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1454);
/* harmony import */ var _registry_repository_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4711);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7736);
/* harmony import */ var _walk_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(670);
/**
 * One graph copy between any two Targets (oras-go `copy.go`): store → repository is a
 * push, repository → store is a pull.
 *
 * - Children before parents: a manifest is written only after its config and layers, an
 *   index only after its manifests, so a reader never sees a node whose children are
 *   missing — and a store interrupted mid-pull holds only complete subgraphs.
 * - A node the destination already has is skipped with its whole subgraph (registries
 *   verify children on manifest PUT); an index in a store is always descended, since a
 *   pull with a platform selection keeps only some of its children.
 * - Blobs move with bounded concurrency; to a registry by HEAD → skip, cross-repository
 *   mount, or upload from a replayable source — a blob the registry has is never read
 *   from the source (reading may restore it from the runner cache).
 * - Bytes are copied as they are: Docker media types and digests are preserved.
 */









/**
 * A store: it may hold an index with only some of its children (a pull with a platform
 * selection), records which were left out, and reads its manifests locally.
 */
function isOmissionRecorder(t) {
    const r = t;
    return typeof r.tagMany === 'function' && typeof r.pruneOmitted === 'function';
}
/** Runs async work with at most `n` at once. */
class Limiter {
    n;
    #active = 0;
    #queue = [];
    constructor(n) {
        this.n = n;
    }
    async run(fn) {
        // A finishing task hands its slot straight to the next waiter, so a caller arriving
        // between the release and the waiter's wake-up cannot take it too.
        if (this.#active >= this.n)
            await new Promise((r) => this.#queue.push(r));
        else
            this.#active++;
        try {
            return await fn();
        }
        finally {
            const next = this.#queue.shift();
            if (next)
                next();
            else
                this.#active--;
        }
    }
}
/**
 * Wait for every task, then throw the first failure (the first in time), if any. Not
 * Promise.all: that rejects while sibling downloads still write their temp files and
 * commit, so a failed pull would return with writes still going on in the store.
 */
async function allSettledOrFirstError(tasks) {
    let failed = false;
    let first;
    await Promise.all(tasks.map((t) => t.catch((e) => {
        if (!failed) {
            failed = true;
            first = e;
        }
    })));
    if (failed)
        throw first;
}
function hasRanges(t) {
    const b = t.blobs;
    return typeof b === 'object' && b !== null && typeof b.open === 'function' && typeof b.has === 'function';
}
function hasWriters(t) {
    const b = t.blobs;
    return typeof b === 'object' && b !== null && typeof b.writer === 'function' && typeof b.has === 'function';
}
/**
 * Download a blob of a RangeFetcher (a registry) straight into a store's writer: the
 * source's read buffers are written (pwritev) and hashed as they are, with no stream stage
 * or copy between. Returns the commit, which the caller runs once the connection is free
 * for the next blob: the writer fsyncs, verifies size and digest, and only then publishes
 * the blob (image-spec descriptor.md "Digests").
 */
async function downloadInto(src, dst, desc) {
    const options = { total: desc.size, expected: desc.digest };
    // Nothing resumes a download by its ref (a new run fetches again), so a store's temp
    // writer, without an ingest's lock and meta.json, where it has one.
    const w = dst.blobs.tempWriter
        ? await dst.blobs.tempWriter(options)
        : await dst.blobs.writer(`pull-${desc.digest}-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`, options);
    const many = w.writev?.bind(w);
    try {
        await src.fetchResumable(desc, async (chunks) => {
            if (many)
                await many(chunks);
            else
                for (const c of chunks)
                    await w.write(c);
        });
    }
    catch (e) {
        await w.cancel().catch(() => { });
        throw e;
    }
    return async () => {
        await w.commit(desc.size, desc.digest);
    };
}
/** Slice `start..end` out of a whole-blob stream (for sources that fetch no ranges). */
async function* slice(stream, start, end) {
    let pos = 0;
    for await (const chunk of stream) {
        const from = Math.max(start - pos, 0);
        const to = end === undefined ? chunk.length : Math.min(chunk.length, end + 1 - pos);
        pos += chunk.length;
        if (to > from)
            yield chunk.subarray(from, to);
        if (end !== undefined && pos > end)
            return;
    }
}
/**
 * A replayable source of one blob of `src`: the whole blob through `fetch` (verified, and
 * restoring from the fallback when needed), byte ranges from local storage when `src` is
 * a store, from `fetchRange` when it is a RangeFetcher.
 */
function blobSource(src, desc) {
    const source = {
        async open(start, end) {
            if (start === 0 && (end === undefined || end === desc.size - 1))
                return src.fetch(desc);
            if (hasRanges(src)) {
                if (!(await src.blobs.has(desc.digest)))
                    (await src.fetch(desc)).destroy(); // places it locally
                return src.blobs.open(desc.digest, end === undefined ? { start } : { start, end });
            }
            if ((0,_content_js__WEBPACK_IMPORTED_MODULE_2__/* .isRangeFetcher */ .Bu)(src))
                return src.fetchRange(desc, start, end);
            return node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from(slice(await src.fetch(desc), start, end));
        },
    };
    if (hasRanges(src) && typeof src.blobs.chunks === 'function') {
        const blobs = src.blobs;
        // Lent chunks from two reused buffers; a whole blob is verified before its last chunk.
        source.chunks = async function* (start, end) {
            if (!(await blobs.has(desc.digest)))
                (await src.fetch(desc)).destroy(); // places it locally
            yield* blobs.chunks(desc.digest, { start, ...(end !== undefined ? { end } : {}), size: desc.size });
        };
    }
    return source;
}
/** True for layers a registry does not serve (Windows foreign layers with `urls`). */
function nonDistributable(desc) {
    return (desc.urls?.length ?? 0) > 0 && /foreign|nondistributable/.test(desc.mediaType);
}
/** Read a manifest or index from a target, verified (every Target's `fetch` verifies a whole blob). */
async function readManifestBytes(src, desc) {
    if (desc.size > _registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_MANIFEST_BYTES */ .ZJ) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .OciError */ .Mf('TOO_LARGE', `manifest ${desc.digest} has ${desc.size} bytes, more than ${_registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_MANIFEST_BYTES */ .ZJ}`, { hint: 'manifests this large are not supported' });
    }
    return (0,_registry_http_js__WEBPACK_IMPORTED_MODULE_5__/* .readBody */ .x8)(await src.fetch(desc), _registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_MANIFEST_BYTES */ .ZJ);
}
/**
 * Copy the graph under `root` from `src` to `dst`, then tag it (`options.tags`). Throws
 * the first failure; what was fully written stays (content-addressed, collected by gc).
 */
async function copyGraph(src, dst, root, options = {}) {
    const report = { root, uploaded: 0, skipped: 0, mounted: 0, uploadedBytes: 0, omitted: [] };
    const logger = options.logger ?? _content_js__WEBPACK_IMPORTED_MODULE_2__/* .silentLogger */ .qq;
    const limiter = new Limiter(Math.max(1, options.concurrency ?? 4));
    // Downloads into a store hold a transfer slot only while bytes arrive: the commit (fsync,
    // verify, link) runs after the slot is handed on, so the next GET does not wait for the
    // disk, and the fsyncs of blobs finishing together share journal commits. Pull of
    // skopeo's 45-layer image (96 MB) from docker-registry on loopback, 11 alternated pairs:
    // median 417 → 390 ms wall, CPU unchanged (360 ms). `committing` bounds the blobs
    // between their first byte and their link (an open file each).
    const committing = new Limiter(4 * Math.max(1, options.concurrency ?? 4));
    const memo = new Map();
    // The copy asks the targets what they can do (content.ts capabilities), never what they are.
    const pusher = (0,_content_js__WEBPACK_IMPORTED_MODULE_2__/* .isTagsPusher */ .VN)(dst) ? dst : undefined;
    const mounter = (0,_content_js__WEBPACK_IMPORTED_MODULE_2__/* .isMounter */ .B6)(dst) ? dst : undefined;
    const dstStore = isOmissionRecorder(dst);
    const srcStore = isOmissionRecorder(src);
    const tags = options.tags ?? [];
    const checkAbort = () => {
        if (options.signal?.aborted)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .OciError */ .Mf('CANCELLED', 'the copy was cancelled');
    };
    /**
     * Count a skipped node's subgraph from a local source (cheap), for honest `skipped`: a
     * walk under it, each node once over the whole copy; what cannot be read is not counted below.
     */
    const seen = new Set();
    const srcManifests = { readJSON: async (d) => JSON.parse((await readManifestBytes(src, d)).toString('utf8')) };
    const countBelow = async (desc) => {
        if (!srcStore || !(0,_registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .isManifestType */ .Q3)(desc.mediaType))
            return 0;
        let n = 0;
        const count = ({ path, descriptor }) => {
            if (path.length === 0)
                return undefined; // the skipped node itself is counted by the caller
            if (seen.has(descriptor.digest))
                return _walk_js__WEBPACK_IMPORTED_MODULE_8__/* .SKIP_CHILDREN */ .cL;
            seen.add(descriptor.digest);
            n++;
            return undefined;
        };
        await (0,_walk_js__WEBPACK_IMPORTED_MODULE_8__/* .walk */ .GG)(srcManifests, [desc], count, { concurrency: 1, onError: () => { } });
        return n;
    };
    const copyNode = (desc, isRoot, parentIsIndex, source) => {
        let p = memo.get(desc.digest);
        if (!p) {
            p = (async () => {
                checkAbort();
                if (parentIsIndex && source === src && srcStore && !(await src.exists(desc))) {
                    // A store holding a platform subset of an index: the registry may still have the rest.
                    if (await dst.exists(desc)) {
                        report.skipped++;
                        return;
                    }
                    if (options.origin && (await options.origin.exists(desc))) {
                        await copyManifest(desc, false, options.origin);
                        return;
                    }
                    const plat = desc.platform ? ` (${(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .formatPlatform */ .Bq)(desc.platform)})` : '';
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .OciError */ .Mf('INCOMPLETE', `the store holds only some platforms of index ${root.digest}: ${desc.digest}${plat} is missing`, {
                        input: 'ref',
                        hint: 'pull the image with platform: all before pushing it whole',
                    });
                }
                if ((0,_registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .isManifestType */ .Q3)(desc.mediaType))
                    await copyManifest(desc, isRoot, source);
                else
                    await copyBlob(desc, source);
            })();
            memo.set(desc.digest, p);
        }
        return p;
    };
    const copyManifest = async (desc, isRoot, source) => {
        const isIndex = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .isIndexMediaType */ .$$)(desc.mediaType);
        // A store may hold an index with only some children: descend anyway.
        const mayShortCut = !dstStore || !isIndex;
        // Tags of the root that do not point at it yet (one HEAD each; a re-push stops here).
        let stale = tags;
        let present = false;
        if (isRoot && pusher && tags.length > 0) {
            const current = await Promise.all(tags.map((t) => pusher.referenceDigest(t)));
            stale = tags.filter((_, i) => current[i] !== desc.digest);
            present = current.includes(desc.digest);
        }
        if (mayShortCut && (present || (await dst.exists(desc)))) {
            report.skipped += 1 + (await countBelow(desc));
            if (pusher && stale.length > 0 && isRoot)
                await pusher.pushReferences(desc, await readManifestBytes(source, desc), stale);
            return;
        }
        // An index a store already holds (descended for its children) is read locally.
        const bytes = dstStore && isIndex && (await dst.exists(desc)) ? await readManifestBytes(dst, desc) : await readManifestBytes(source, desc);
        let doc;
        try {
            doc = JSON.parse(bytes.toString('utf8'));
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .OciError */ .Mf('INVALID_MANIFEST', `manifest ${desc.digest} is not valid JSON`, { cause: e, hint: 'the image is damaged' });
        }
        let kids = (0,_walk_js__WEBPACK_IMPORTED_MODULE_8__/* .childrenOfDocument */ .e9)(desc, doc);
        if (isIndex && isRoot && options.platforms !== undefined && options.platforms !== 'all' && options.platforms.length > 0) {
            const selected = (0,_platform_js__WEBPACK_IMPORTED_MODULE_4__/* .selectManifests */ .$d)(doc, options.platforms, options.input ?? 'platform');
            report.omitted = kids.filter((k) => !selected.includes(k));
            kids = selected;
        }
        await allSettledOrFirstError(kids.map((k) => copyNode(k, false, isIndex, source)));
        checkAbort();
        // Manifest writes share the transfer limit with blobs (their children are done, so no
        // slot is held while waiting).
        if (pusher) {
            await limiter.run(() => pusher.pushReferences(desc, bytes, isRoot && stale.length > 0 ? stale : [desc.digest]));
            report.uploaded++;
            report.uploadedBytes += desc.size;
        }
        else if (await dst.exists(desc)) {
            report.skipped++;
        }
        else {
            await limiter.run(() => dst.push(desc, node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from([bytes])));
            report.uploaded++;
            report.uploadedBytes += desc.size;
        }
    };
    const copyBlob = async (desc, source) => {
        if (nonDistributable(desc)) {
            logger.debug(`skipping non-distributable layer ${desc.digest}`);
            report.skipped++;
            return;
        }
        if (mounter) {
            await limiter.run(async () => {
                checkAbort();
                const from = options.mountFrom?.(desc.digest) ?? [];
                const r = await mounter.mount(desc, from, blobSource(source, desc));
                report[r.outcome]++;
                report.uploadedBytes += r.bytes;
            });
            return;
        }
        if (await dst.exists(desc)) {
            report.skipped++;
            return;
        }
        if ((0,_content_js__WEBPACK_IMPORTED_MODULE_2__/* .isRangeFetcher */ .Bu)(source) && hasWriters(dst)) {
            const from = source;
            const sink = dst;
            await committing.run(async () => {
                const commit = await limiter.run(() => {
                    checkAbort();
                    return downloadInto(from, sink, desc);
                });
                await commit();
            });
            report.uploaded++;
            report.uploadedBytes += desc.size;
            return;
        }
        await limiter.run(async () => {
            checkAbort();
            const body = await source.fetch(desc);
            await dst.push(desc, body);
            report.uploaded++;
            report.uploadedBytes += desc.size;
        });
    };
    await copyNode(root, true, false, src);
    if (!pusher) {
        // A store records which children of an index were left out on purpose (so verify does
        // not call them missing), and forgets them once a later copy brought them.
        const store = dst;
        const partial = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .isIndexMediaType */ .$$)(root.mediaType) ? { omitted: report.omitted } : undefined;
        if (tags.length > 0) {
            if (typeof store.tagMany === 'function')
                await store.tagMany.call(dst, root, tags, partial);
            else
                for (const t of tags)
                    await dst.tag(root, t);
        }
        if (partial && typeof store.pruneOmitted === 'function')
            await store.pruneOmitted.call(dst, root);
    }
    return report;
}


/***/ }),

/***/ 5105:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RegistryClient: () => (/* binding */ RegistryClient),
  runClientOptions: () => (/* binding */ runClientOptions)
});

// EXTERNAL MODULE: ./src/core/content.ts
var content = __webpack_require__(9078);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
// EXTERNAL MODULE: ./src/core/reference.ts
var reference = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/core/registry/http.ts + 1 modules
var http = __webpack_require__(1454);
// EXTERNAL MODULE: ./src/core/registry/auth.ts
var auth = __webpack_require__(9709);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/core/registry/credentials.ts
/**
 * Where registry credentials come from, in order:
 *
 * 1. the `username`/`password` inputs, for the registries the run acts on;
 * 2. docker's config.json (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`), as
 *    docker/login-action leaves it: `credHelpers[host]`, then `auths[host]` (`auth` =
 *    base64 `user:password`, or `identitytoken`), then `credsStore` — helpers run as
 *    `docker-credential-<name> get` with the server URL on stdin;
 * 3. for ghcr.io, the `github-token` input;
 * 4. nothing: anonymous.
 *
 * Reference: docker/cli `cli/config/configfile/file.go`, docker-credential-helpers protocol.
 * Secrets are kept in memory only. Each one is registered with the run's redactor as soon
 * as it is known — the raw value and, for a user/password pair, the base64 that a Basic
 * header carries — so messages are redacted and front ends can mask it (secrets.ts).
 */






/** The server URL docker uses for Docker Hub in config.json and with helpers. */
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
/** `https://host/v1/` → `host`, with Docker Hub's aliases folded into `docker.io`. */
function configKeyHost(key) {
    let h = key.trim().toLowerCase().replace(/^[a-z]+:\/\//, '');
    const slash = h.indexOf('/');
    if (slash >= 0)
        h = h.slice(0, slash);
    if (h === 'index.docker.io' || h === 'registry-1.docker.io' || h === 'registry.hub.docker.com')
        return 'docker.io';
    return h;
}
/** The server URL to hand a credential helper for a registry. */
function helperServerURL(registry) {
    return registry === 'docker.io' ? DOCKER_HUB_CONFIG_KEY : registry;
}
/** Run a program with stdin, collecting output (the CLI's default for credential helpers). */
const spawnExec = (command, args, stdin) => spawnWithEnv(undefined)(command, args, stdin);
/** spawnExec in a given environment (the run's, so PATH finds the helper the user installed). */
const spawnWithEnv = (env) => (command, args, stdin) => new Promise((resolve, reject) => {
    // node:child_process is loaded here, not imported: a push or pull without a helper (the
    // usual case) never needs it, and loading it costs every start ~7 ms of CPU (with
    // node:dgram, which it loads; `node -e "require('node:child_process')"` 33 vs 26 ms).
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ exitCode: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => { });
    child.stdin.end(stdin);
});
/** Resolves credentials per registry, memoised for the run. */
class CredentialStore {
    #opts;
    #explicit;
    #cache = new Map();
    #secrets = new Set();
    #redactor;
    #logger;
    #config;
    constructor(options = {}) {
        this.#opts = options;
        this.#logger = options.logger ?? content/* silentLogger */.qq;
        this.#redactor = options.redactor ?? new secrets/* Redactor */.pO();
        const ex = options.explicitRegistries ?? 'all';
        this.#explicit = ex === 'all' ? 'all' : new Set([...ex].map(configKeyHost));
        for (const s of [options.password, options.githubToken])
            if (s)
                this.#remember(s);
    }
    /** Every secret seen so far (for redaction). */
    secrets() {
        return [...this.#secrets];
    }
    /** Replace every known secret in `text` (in each form it travels in) with `***`. */
    redact(text) {
        return this.#redactor.redact(text);
    }
    /** Credentials for `registry` (normalised host, `docker.io` for Docker Hub), or undefined. */
    get(registry) {
        const key = configKeyHost(registry);
        let p = this.#cache.get(key);
        if (!p) {
            p = this.#resolve(key).then((c) => {
                // The pair as a Basic header will carry it, known before anything is sent.
                if (c?.username !== undefined && c.password !== undefined)
                    this.#redactor.addBasic(c.username, c.password);
                return c;
            });
            this.#cache.set(key, p);
        }
        return p;
    }
    async #resolve(registry) {
        const o = this.#opts;
        const explicit = this.#explicit === 'all' || this.#explicit.has(registry);
        if (explicit && (o.username !== undefined || o.password !== undefined)) {
            if (!o.username) {
                throw new errors/* OciError */.Mf('INVALID_INPUT', `password is set but username is empty (registry ${registry})`, {
                    input: 'username',
                    hint: 'set username together with password',
                });
            }
            if (!o.password) {
                throw new errors/* OciError */.Mf('INVALID_INPUT', `username is set but password is empty (registry ${registry})`, {
                    input: 'password',
                    hint: 'pass the password or token, e.g. password: ${{ secrets.REGISTRY_TOKEN }} (an unset secret is empty)',
                });
            }
            return { username: o.username, password: o.password, source: 'the username and password inputs', input: 'username' };
        }
        const fromConfig = await this.#fromDockerConfig(registry);
        if (fromConfig)
            return fromConfig;
        if (registry === 'ghcr.io' && o.githubToken) {
            const env = o.env ?? process.env;
            return { username: env.GITHUB_ACTOR || 'github-actions', password: o.githubToken, source: 'the github-token input', input: 'github-token' };
        }
        return undefined;
    }
    #remember(secret) {
        if (!secret)
            return;
        this.#secrets.add(secret);
        this.#redactor.add(secret);
    }
    #configPath() {
        const env = this.#opts.env ?? process.env;
        const dir = env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker');
        return (0,external_node_path_.join)(dir, 'config.json');
    }
    #loadConfig() {
        this.#config ??= (async () => {
            const path = this.#configPath();
            let text;
            try {
                text = await (0,promises_.readFile)(path, 'utf8');
            }
            catch (e) {
                if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
                    return undefined;
                this.#logger.warning(`cannot read docker config ${path}: ${e.message}`);
                return undefined;
            }
            try {
                const config = JSON.parse(text);
                if (typeof config !== 'object' || config === null)
                    throw new Error('not an object');
                return { path, config };
            }
            catch (e) {
                this.#logger.warning(`ignoring docker config ${path}: it is not valid JSON (${e.message})`);
                return undefined;
            }
        })();
        return this.#config;
    }
    async #fromDockerConfig(registry) {
        const loaded = await this.#loadConfig();
        if (!loaded)
            return undefined;
        const { path, config } = loaded;
        const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => configKeyHost(k) === registry)?.[1];
        if (helper)
            return this.#fromHelper(helper, registry, `credential helper docker-credential-${helper} (credHelpers in ${path})`);
        const entry = Object.entries(config.auths ?? {}).find(([k]) => configKeyHost(k) === registry)?.[1];
        if (entry) {
            const source = `the auths entry for ${registry} in ${path}`;
            if (entry.identitytoken) {
                this.#remember(entry.identitytoken);
                let username;
                if (entry.auth)
                    username = decodeAuth(entry.auth)?.username;
                const c = { identityToken: entry.identitytoken, source };
                if (username)
                    c.username = username;
                return c;
            }
            if (entry.auth) {
                const d = decodeAuth(entry.auth);
                if (!d) {
                    this.#logger.warning(`ignoring the auths entry for ${registry} in ${path}: its auth field is not base64 user:password`);
                }
                else {
                    this.#remember(d.password);
                    this.#remember(entry.auth);
                    return { username: d.username, password: d.password, source };
                }
            }
            else if (entry.username && entry.password) {
                this.#remember(entry.password);
                return { username: entry.username, password: entry.password, source };
            }
        }
        if (config.credsStore)
            return this.#fromHelper(config.credsStore, registry, `credential store docker-credential-${config.credsStore} (credsStore in ${path})`);
        return undefined;
    }
    async #fromHelper(helper, registry, source) {
        if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
            this.#logger.warning(`ignoring credential helper ${JSON.stringify(helper)}: not a valid helper name`);
            return undefined;
        }
        const exec = this.#opts.exec ?? spawnWithEnv(this.#opts.env);
        let out;
        try {
            out = await exec(`docker-credential-${helper}`, ['get'], helperServerURL(registry));
        }
        catch (e) {
            this.#logger.warning(`cannot run docker-credential-${helper}: ${(0,errors/* isErrno */.r)(e, 'ENOENT') ? 'not installed' : e.message}; continuing without credentials for ${registry}`);
            return undefined;
        }
        if (out.exitCode !== 0) {
            // "credentials not found in native keychain" is the protocol's way of saying none.
            if (!/not found/i.test(out.stdout + out.stderr)) {
                this.#logger.warning(`docker-credential-${helper} get failed for ${registry} (exit ${out.exitCode}); continuing without credentials`);
            }
            return undefined;
        }
        let parsed;
        try {
            parsed = JSON.parse(out.stdout);
        }
        catch {
            this.#logger.warning(`docker-credential-${helper} printed no JSON for ${registry}; continuing without credentials`);
            return undefined;
        }
        if (!parsed.Secret)
            return undefined;
        this.#remember(parsed.Secret);
        // Username "<token>" marks an identity (refresh) token (docker-credential-helpers).
        if (parsed.Username === '<token>')
            return { identityToken: parsed.Secret, source };
        const c = { password: parsed.Secret, source };
        if (parsed.Username)
            c.username = parsed.Username;
        return c;
    }
}
/** Decode config.json's `auth`: base64 of `user:password`. */
function decodeAuth(auth) {
    let text;
    try {
        text = Buffer.from(auth, 'base64').toString('utf8');
    }
    catch {
        return undefined;
    }
    const colon = text.indexOf(':');
    if (colon <= 0)
        return undefined;
    return { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/\n$/, '') };
}

// EXTERNAL MODULE: ./src/core/registry/repository.ts + 1 modules
var repository = __webpack_require__(4711);
;// CONCATENATED MODULE: ./src/core/registry/client.ts







const MiB = 1024 * 1024;
/** The registry client of a run. */
class RegistryClient {
    http;
    auth;
    credentials;
    /** The run's logger, its lines redacted. */
    logger;
    /** Every credential of the run: what errors and log lines are redacted against. */
    redactor;
    tuning;
    /** Per registry: true when it has the referrers API, false when it does not, absent = unknown. */
    referrersSupport = new Map();
    /** `registry/repository` mount sources that failed this run (no access): not tried again. */
    mountFailed = new Set();
    #progress;
    /** registry → digest → repositories known to hold it (mount sources). */
    #known = new Map();
    constructor(options = {}) {
        const logger = options.logger ?? content/* silentLogger */.qq;
        // One redactor for the whole client: credentials, headers sent, tokens obtained. Each
        // new secret goes on to the front end's logger (::add-mask:: in the action).
        this.redactor = options.redactor ?? new secrets/* Redactor */.pO((s) => logger.secret?.(s));
        this.logger = (0,secrets/* redactingLogger */.S)(logger, this.redactor);
        this.#progress = options.progress;
        this.http = new http/* HttpClient */.Qq({
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
        this.auth = new auth/* Authorizer */.SX(this.http, this.credentials, this.logger);
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
    apiHost(registry) {
        return registry === reference/* DEFAULT_REGISTRY */.sx ? reference/* DOCKER_HUB_API_HOST */.Tz : registry;
    }
    /** A Repository for a reference (`ghcr.io/o/r:t`, `alpine`) or a normalised one. */
    repository(ref, options = {}) {
        const n = typeof ref === 'string' ? (0,reference/* normalize */.S8)(ref) : ref;
        return new repository/* Repository */.LN(this, n.registry, n.repository, options);
    }
    /** Record that `repository` on `registry` holds `digest` (a later push can mount it). */
    remember(registry, repository, digest) {
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
    knownRepositories(registry, digest, except) {
        const repos = this.#known.get(registry)?.get(digest);
        if (!repos)
            return [];
        return [...repos].filter((r) => r !== except).reverse();
    }
    /** A throttled progress callback for one blob (undefined for small blobs or without a sink). */
    progressFor(desc, phase) {
        const sink = this.#progress;
        if (!sink || desc.size < MiB)
            return undefined;
        let last = 0;
        let lastAt = 0;
        return (done) => {
            const now = Date.now();
            if (done === desc.size || done - last >= 8 * MiB || now - lastAt >= 1000) {
                last = done;
                lastAt = now;
                sink({ digest: desc.digest, done, total: desc.size, phase });
            }
        };
    }
    /** Close pooled sockets. */
    close() {
        this.http.close();
    }
}
/** Tuning read from the environment (benchmarks and tests of whole processes). */
function envTuning(env) {
    const num = (name) => {
        const v = env[name];
        if (v === undefined || !/^\d+$/.test(v))
            return undefined;
        return Number(v);
    };
    const out = {};
    const threshold = num('OCI_STORE_CHUNK_THRESHOLD');
    if (threshold !== undefined)
        out.chunkThreshold = threshold;
    const chunk = num('OCI_STORE_CHUNK_SIZE');
    if (chunk !== undefined)
        out.chunkSize = chunk;
    const conc = num('OCI_STORE_CONCURRENCY');
    if (conc !== undefined && conc > 0)
        out.concurrency = conc;
    return out;
}
/**
 * The options of a run's RegistryClient: its inputs and services, the tuning in `run.env`
 * (OCI_STORE_CHUNK_THRESHOLD, OCI_STORE_CHUNK_SIZE, OCI_STORE_CONCURRENCY), then `overrides`.
 */
function runClientOptions(inputs, run, overrides = {}) {
    const o = {
        insecure: inputs.insecure ?? [],
        ...(inputs.explicitRegistries !== undefined ? { explicitRegistries: inputs.explicitRegistries } : {}),
        ...(run.env !== undefined ? { env: run.env } : {}),
        ...(run.logger !== undefined ? { logger: run.logger } : {}),
        ...envTuning(run.env ?? {}),
        ...overrides,
    };
    if (inputs.username !== undefined)
        o.username = inputs.username;
    if (inputs.password !== undefined)
        o.password = inputs.password;
    if (inputs.githubToken !== undefined)
        o.githubToken = inputs.githubToken;
    if (run.exec)
        o.exec = run.exec;
    if (run.progress)
        o.progress = run.progress;
    if (run.signal)
        o.signal = run.signal;
    return o;
}


/***/ })

};
