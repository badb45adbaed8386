export const id = 392;
export const ids = [392];
export const modules = {

/***/ 9397:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ describeImage)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7736);
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
        const platforms = [];
        const seen = new Set();
        for (const child of index.manifests ?? []) {
            let manifest;
            if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(child.mediaType)) {
                try {
                    manifest = await store.readJSON(child);
                }
                catch (e) {
                    if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e))
                        throw e;
                }
            }
            const p = platformString(child.platform) ?? (manifest ? await manifestPlatform(store, manifest) : undefined);
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

/***/ 8392:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   push: () => (/* binding */ push),
/* harmony export */   pushResult: () => (/* binding */ pushResult),
/* harmony export */   pushToRefs: () => (/* binding */ pushToRefs)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5543);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2376);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5378);
/* harmony import */ var _copy_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1626);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1868);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7736);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9397);
/**
 * `push` and `push: true`: copy an image from the store to every registry ref in `tags`
 * (docker semantics: a ref without a host is on docker.io).
 *
 * Refs of one repository are pushed together (one graph copy, several tags); repositories
 * are pushed one after another so that later ones on the same registry mount the blobs
 * the earlier ones received. Blobs a registry already has are never read from the store.
 */








/** Repositories of `registry` that the store's tags say hold each blob (cross-run mount sources). */
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
            if (!(0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .hasRegistry */ .qY)(ref))
                continue;
            n = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref);
        }
        catch {
            continue;
        }
        if (n.registry !== registry)
            continue;
        walked++;
        const visit = async (d, depth) => {
            if (depth > 2)
                return;
            const add = (digest) => {
                const list = out.get(digest) ?? [];
                if (!list.includes(n.repository))
                    list.push(n.repository);
                out.set(digest, list);
            };
            try {
                if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .isManifestMediaType */ .CM)(d.mediaType)) {
                    if (!(await store.blobs.has(d.digest)))
                        return;
                    const m = await store.readJSON(d);
                    for (const b of [m.config, ...(m.layers ?? [])])
                        if (b)
                            add(b.digest);
                }
                else if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .isIndexMediaType */ .$$)(d.mediaType)) {
                    if (!(await store.blobs.has(d.digest)))
                        return;
                    const ix = await store.readJSON(d);
                    for (const c of ix.manifests ?? [])
                        await visit(c, depth + 1);
                }
            }
            catch {
                // a damaged or partial entry only means fewer mount hints
            }
        };
        await visit(descriptor, 0);
    }
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
            if ((0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .hasRegistry */ .qY)(ref))
                return (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref);
        }
        catch {
            // not a reference: a bare tag written by another tool
        }
    }
    return undefined;
}
/** Group refs by repository, in first-seen order; digest refs must name `desc`. */
function groupTargets(refs, desc, input) {
    const groups = [];
    for (const ref of refs) {
        const n = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref, input);
        if (n.digest !== undefined && n.digest !== desc.digest) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', `${ref} names digest ${n.digest}, but the image to push is ${desc.digest}`, {
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
            report = await (0,_copy_js__WEBPACK_IMPORTED_MODULE_4__/* .copyGraph */ .a0)(store, repo, desc, {
                tags: g.tags,
                concurrency: client.tuning.concurrency,
                logger: client.logger,
                mountFrom: (digest) => [
                    ...new Set([
                        ...client.knownRepositories(g.registry, digest, g.repository),
                        ...(storeHints.get(digest) ?? []),
                        ...(origin && origin.registry === g.registry ? [origin.repository] : []),
                    ]),
                ].filter((r) => r !== g.repository),
                ...(origin ? { origin: client.repository(origin) } : {}),
                ...(options.signal ? { signal: options.signal } : {}),
            });
        }
        catch (e) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, input);
        }
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
    return _layout_js__WEBPACK_IMPORTED_MODULE_2__.Store.open(options.store, { create: false, logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
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
        if ((0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(ref) || !(0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .hasRegistry */ .qY)(ref)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', `nowhere to push ${ref}: tags is empty and ref names no registry`, {
                input: 'tags',
                hint: 'list the registry refs to push to in tags, e.g. ghcr.io/owner/app:1',
            });
        }
        const r = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .parseReference */ .F2)(ref, 'ref');
        targets = [(0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatReference */ .FH)(r)];
        input = 'ref';
    }
    const store = await openStore(options, ctx);
    let desc;
    try {
        desc = await store.resolve(ref);
    }
    catch (e) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, 'ref');
    }
    const client = (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_5__/* .registryClient */ .Rk)(options, ctx);
    try {
        const pushed = await pushToRefs(client, store, desc, targets, { input, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        const metadata = await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_7__/* .describeImage */ .h)(store, desc, pushed);
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', 'push: true needs tags to push to', { input: 'tags', hint: 'list the registry refs to push to, e.g. ghcr.io/owner/app:1' });
    }
    const store = await openStore(options, ctx);
    const desc = await store.resolve(result.digest);
    const client = (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_5__/* .registryClient */ .Rk)(options, ctx);
    try {
        const pushed = await pushToRefs(client, store, desc, options.tags, { input: 'tags', ...(ctx.signal ? { signal: ctx.signal } : {}) });
        const metadata = result.metadata ? { ...result.metadata, pushed } : await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_7__/* .describeImage */ .h)(store, desc, pushed);
        return { ...result, metadata };
    }
    finally {
        client.close();
    }
}


/***/ }),

/***/ 1626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DK: () => (/* binding */ readManifestBytes),
/* harmony export */   a0: () => (/* binding */ copyGraph)
/* harmony export */ });
/* unused harmony exports Limiter, blobSource */
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _content_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9078);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(692);
/* harmony import */ var _registry_http_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6823);
/* harmony import */ var _registry_repository_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6991);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7736);
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
function hasRanges(t) {
    const b = t.blobs;
    return typeof b === 'object' && b !== null && typeof b.open === 'function' && typeof b.has === 'function';
}
/** Slice `start..end` out of a whole-blob stream (for sources without ranges). */
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
 * a store.
 */
function blobSource(src, desc) {
    return {
        async open(start, end) {
            if (start === 0 && (end === undefined || end === desc.size - 1))
                return src.fetch(desc);
            if (hasRanges(src)) {
                if (!(await src.blobs.has(desc.digest)))
                    (await src.fetch(desc)).destroy(); // places it locally
                return src.blobs.open(desc.digest, end === undefined ? { start } : { start, end });
            }
            return node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from(slice(await src.fetch(desc), start, end));
        },
    };
}
/** True for layers a registry does not serve (Windows foreign layers with `urls`). */
function nonDistributable(desc) {
    return (desc.urls?.length ?? 0) > 0 && /foreign|nondistributable/.test(desc.mediaType);
}
/** Read a manifest or index from a target, verified. */
async function readManifestBytes(src, desc) {
    if (src instanceof _registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .Repository */ .LN)
        return (await src.fetchManifest(desc.digest, desc)).bytes;
    if (desc.size > _registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .MAX_MANIFEST_BYTES */ .ZJ) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('TOO_LARGE', `manifest ${desc.digest} has ${desc.size} bytes, more than ${_registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .MAX_MANIFEST_BYTES */ .ZJ}`, { hint: 'manifests this large are not supported' });
    }
    return (0,_registry_http_js__WEBPACK_IMPORTED_MODULE_4__/* .readBody */ .x8)(await src.fetch(desc), _registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .MAX_MANIFEST_BYTES */ .ZJ);
}
/** The children of a manifest or index. */
function children(desc, doc) {
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .isIndexMediaType */ .$$)(desc.mediaType))
        return Array.isArray(doc.manifests) ? doc.manifests : [];
    const out = [];
    if (doc.config)
        out.push(doc.config);
    if (Array.isArray(doc.layers))
        out.push(...doc.layers);
    return out;
}
/**
 * Copy the graph under `root` from `src` to `dst`, then tag it (`options.tags`). Throws
 * the first failure; what was fully written stays (content-addressed, collected by gc).
 */
async function copyGraph(src, dst, root, options = {}) {
    const report = { root, uploaded: 0, skipped: 0, mounted: 0, uploadedBytes: 0, omitted: [] };
    const logger = options.logger ?? _content_js__WEBPACK_IMPORTED_MODULE_1__/* .silentLogger */ .q;
    const limiter = new Limiter(Math.max(1, options.concurrency ?? 4));
    const memo = new Map();
    const dstRepo = dst instanceof _registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .Repository */ .LN ? dst : undefined;
    const srcRepo = src instanceof _registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .Repository */ .LN ? src : undefined;
    const tags = options.tags ?? [];
    const checkAbort = () => {
        if (options.signal?.aborted)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('CANCELLED', 'the copy was cancelled');
    };
    /** Count a skipped node's subgraph from a local source (cheap), for honest `skipped`. */
    const seen = new Set();
    const countBelow = async (desc) => {
        if (srcRepo || !(0,_registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .isManifestType */ .Q3)(desc.mediaType))
            return 0;
        let doc;
        try {
            doc = JSON.parse((await readManifestBytes(src, desc)).toString('utf8'));
        }
        catch {
            return 0;
        }
        let n = 0;
        for (const c of children(desc, doc)) {
            if (seen.has(c.digest))
                continue;
            seen.add(c.digest);
            n += 1 + (await countBelow(c));
        }
        return n;
    };
    const copyNode = (desc, isRoot, parentIsIndex, source) => {
        let p = memo.get(desc.digest);
        if (!p) {
            p = (async () => {
                checkAbort();
                if (parentIsIndex && source === src && !srcRepo && !(await src.exists(desc))) {
                    // A store holding a platform subset of an index: the registry may still have the rest.
                    if (await dst.exists(desc)) {
                        report.skipped++;
                        return;
                    }
                    if (options.origin && (await options.origin.exists(desc))) {
                        await copyManifest(desc, false, options.origin);
                        return;
                    }
                    const plat = desc.platform ? ` (${(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .formatPlatform */ .Bq)(desc.platform)})` : '';
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('INCOMPLETE', `the store holds only some platforms of index ${root.digest}: ${desc.digest}${plat} is missing`, {
                        input: 'ref',
                        hint: 'pull the image with platform: all before pushing it whole',
                    });
                }
                if ((0,_registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .isManifestType */ .Q3)(desc.mediaType))
                    await copyManifest(desc, isRoot, source);
                else
                    await copyBlob(desc, source);
            })();
            memo.set(desc.digest, p);
        }
        return p;
    };
    const copyManifest = async (desc, isRoot, source) => {
        const isIndex = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .isIndexMediaType */ .$$)(desc.mediaType);
        // A store may hold an index with only some children: descend anyway.
        const mayShortCut = dstRepo !== undefined || !isIndex;
        // Tags of the root that do not point at it yet (one HEAD each; a re-push stops here).
        let stale = tags;
        let present = false;
        if (isRoot && dstRepo && tags.length > 0) {
            const current = await Promise.all(tags.map((t) => dstRepo.tagDigest(t)));
            stale = tags.filter((_, i) => current[i] !== desc.digest);
            present = current.includes(desc.digest);
        }
        if (mayShortCut && (present || (await dst.exists(desc)))) {
            report.skipped += 1 + (await countBelow(desc));
            if (dstRepo && stale.length > 0 && isRoot)
                await dstRepo.pushManifest(desc, await readManifestBytes(source, desc), stale);
            return;
        }
        // An index a store already holds (descended for its children) is read locally.
        const bytes = !dstRepo && isIndex && (await dst.exists(desc)) ? await readManifestBytes(dst, desc) : await readManifestBytes(source, desc);
        let doc;
        try {
            doc = JSON.parse(bytes.toString('utf8'));
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('INVALID_MANIFEST', `manifest ${desc.digest} is not valid JSON`, { cause: e, hint: 'the image is damaged' });
        }
        let kids = children(desc, doc);
        if (isIndex && isRoot && options.platforms !== undefined && options.platforms !== 'all' && options.platforms.length > 0) {
            const selected = (0,_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .selectManifests */ .$)(doc, options.platforms, options.input ?? 'platform');
            report.omitted = kids.filter((k) => !selected.includes(k));
            kids = selected;
        }
        await Promise.all(kids.map((k) => copyNode(k, false, isIndex, source)));
        checkAbort();
        // Manifest writes share the transfer limit with blobs (their children are done, so no
        // slot is held while waiting).
        if (dstRepo) {
            await limiter.run(() => dstRepo.pushManifest(desc, bytes, isRoot && stale.length > 0 ? stale : [desc.digest]));
            report.uploaded++;
            report.uploadedBytes += desc.size;
        }
        else if (await dst.exists(desc)) {
            report.skipped++;
        }
        else {
            await limiter.run(() => dst.push(desc, node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from([bytes])));
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
        if (dstRepo) {
            await limiter.run(async () => {
                checkAbort();
                const from = options.mountFrom?.(desc.digest) ?? [];
                const r = await dstRepo.pushBlob(desc, blobSource(source, desc), { mountFrom: from });
                report[r.outcome]++;
                report.uploadedBytes += r.bytes;
            });
            return;
        }
        if (await dst.exists(desc)) {
            report.skipped++;
            return;
        }
        await limiter.run(async () => {
            checkAbort();
            // Every Pusher verifies size and digest before publishing: no need to hash twice.
            const body = source instanceof _registry_repository_js__WEBPACK_IMPORTED_MODULE_5__/* .Repository */ .LN ? await source.fetchBlob(desc, { verify: false }) : await source.fetch(desc);
            await dst.push(desc, body);
            report.uploaded++;
            report.uploadedBytes += desc.size;
        });
    };
    await copyNode(root, true, false, src);
    if (!dstRepo) {
        // A store records which children of an index were left out on purpose (so verify does
        // not call them missing), and forgets them once a later copy brought them.
        const store = dst;
        const partial = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .isIndexMediaType */ .$$)(root.mediaType) ? { omitted: report.omitted } : undefined;
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

/***/ 692:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ selectManifests)
/* harmony export */ });
/* unused harmony export platformMatches */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7736);
/**
 * Platform matching and selection from an image index (image-index.md "platform").
 */


/** The variant an architecture implies when none is written (containerd's normalisation). */
function defaultVariant(architecture) {
    return architecture === 'arm' ? 'v7' : undefined;
}
/**
 * True when an image of platform `have` satisfies the wanted platform: same os and
 * architecture, and the same variant when the wanted one names a variant.
 */
function platformMatches(want, have) {
    if (want.os !== have.os || want.architecture !== have.architecture)
        return false;
    const wantVariant = want.variant ?? defaultVariant(want.architecture);
    if (wantVariant === undefined)
        return true;
    const haveVariant = have.variant ?? defaultVariant(have.architecture);
    return wantVariant === haveVariant;
}
/**
 * The manifests of `index` to act on: every one for `all`; otherwise, for each wanted
 * platform, the first matching manifest (in index order). Throws PLATFORM_NOT_FOUND listing
 * what the index holds when a wanted platform has no match.
 */
function selectManifests(index, want, input = 'platform') {
    if (want === 'all')
        return index.manifests.slice();
    const out = [];
    for (const w of want) {
        const found = index.manifests.find((m) => m.platform !== undefined && platformMatches(w, m.platform));
        if (!found) {
            const have = index.manifests.filter((m) => m.platform).map((m) => (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(m.platform));
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('PLATFORM_NOT_FOUND', `no manifest for platform ${(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(w)} in the index`, {
                input,
                hint: have.length > 0 ? `the index holds ${[...new Set(have)].join(', ')}; set platform to one of them (or all)` : 'the index names no platforms',
            });
        }
        if (!out.includes(found))
            out.push(found);
    }
    return out;
}


/***/ })

};
