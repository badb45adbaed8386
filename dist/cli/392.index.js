export const id = 392;
export const ids = [392];
export const modules = {

/***/ 392:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   push: () => (/* binding */ push),
/* harmony export */   pushResult: () => (/* binding */ pushResult),
/* harmony export */   pushToRefs: () => (/* binding */ pushToRefs)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(543);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(376);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(378);
/* harmony import */ var _copy_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(626);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(105);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(736);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(397);
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
    return _layout_js__WEBPACK_IMPORTED_MODULE_2__/* .Store */ .il.open(options.store, { create: false, logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
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


/***/ })

};
