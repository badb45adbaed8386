export const id = 222;
export const ids = [222];
export const modules = {

/***/ 222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   tag: () => (/* binding */ tag)
/* harmony export */ });
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(376);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(971);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(397);
/**
 * `tag`: point more refs at an image — promote/retag (DESIGN.md §1 use 4). With
 * `push: true`, the dispatcher then pushes to every ref in `tags`.
 */



/** `tag`: resolve `ref` (store first, then its registry), record every ref in `tags`. */
const tag = async (options, ctx) => {
    const store = await _layout_js__WEBPACK_IMPORTED_MODULE_0__/* .Store */ .il.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
    const desc = await (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveThrough */ .Az)(store, options.ref, options, ctx, 'ref');
    await store.tagMany(desc, options.tags);
    ctx.logger.info(`tagged ${desc.digest} as ${options.tags.join(', ')}`);
    return {
        digest: desc.digest,
        tags: [...options.tags],
        metadata: await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_2__/* .describeImage */ .h)(store, desc),
        store: store.root,
    };
};


/***/ }),

/***/ 971:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Az: () => (/* binding */ resolveThrough),
/* harmony export */   _6: () => (/* binding */ pullInto),
/* harmony export */   k_: () => (/* binding */ pullPlatforms)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(543);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(457);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(692);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(378);
/* harmony import */ var _copy_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(626);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(105);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(736);








/** The platforms a pull keeps: the given ones, every one for `all`, else the host's. */
function pullPlatforms(options) {
    if (options.platforms === 'all')
        return 'all';
    return options.platforms.length > 0 ? options.platforms : [(0,_options_js__WEBPACK_IMPORTED_MODULE_2__/* .hostPlatform */ .ol)()];
}
/**
 * Pull `ref` from its registry into `store` (blobs the store has are skipped) and tag the
 * root. Resolves the reference remotely first, so an unknown repository, a missing tag or
 * an unreachable host fails before the store is touched.
 */
async function pullInto(client, store, ref, options) {
    const n = typeof ref === 'string' ? (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normalize */ .S8)(ref, options.input) : ref;
    const repo = client.repository(n);
    let root = options.root;
    if (root === undefined && n.digest !== undefined && (await store.exists({ mediaType: 'application/octet-stream', digest: n.digest, size: 0 }))) {
        // By digest and already here: no need to ask the registry what it is.
        try {
            root = await store.resolve(n.digest);
        }
        catch {
            root = undefined;
        }
    }
    root ??= await repo.resolve(n.digest ?? n.tag ?? 'latest');
    const copyOptions = {
        platforms: options.platforms,
        tags: options.tags,
        concurrency: client.tuning.concurrency,
        logger: client.logger,
        input: 'platform',
    };
    if (options.signal)
        copyOptions.signal = options.signal;
    return (0,_copy_js__WEBPACK_IMPORTED_MODULE_5__/* .copyGraph */ .a0)(repo, store, root, copyOptions);
}
/** Children of a stored index that the wanted platforms need but the store lacks. */
async function missingPlatforms(store, desc, platforms) {
    if (!(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .isIndexMediaType */ .$$)(desc.mediaType))
        return [];
    let index;
    try {
        index = JSON.parse((await (0,_copy_js__WEBPACK_IMPORTED_MODULE_5__/* .readManifestBytes */ .DK)(store, desc)).toString('utf8'));
    }
    catch {
        return [];
    }
    let wanted;
    try {
        wanted = (0,_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .selectManifests */ .$)(index, platforms);
    }
    catch {
        return []; // the caller reports the platform the index does not have
    }
    const out = [];
    for (const w of wanted)
        if (!(await store.exists(w)))
            out.push(w);
    return out;
}
/**
 * Resolve `ref` in `store`, pulling it from its registry on a miss (and completing an
 * index's missing platforms). Errors are attributed to `input`.
 */
async function resolveThrough(store, ref, options, ctx, input = 'ref') {
    const platforms = pullPlatforms(options);
    let found;
    try {
        found = await store.resolve(ref);
    }
    catch (e) {
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e, 'NOT_FOUND') || (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(ref))
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, input);
    }
    if (found !== undefined && (await missingPlatforms(store, found, platforms)).length === 0)
        return found;
    const client = (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_6__/* .registryClient */ .Rk)(options, ctx);
    try {
        const n = (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normalize */ .S8)(ref, input);
        if (found !== undefined) {
            // Complete the index from the registry it came from; its bytes are already here.
            const repo = client.repository(n);
            await (0,_copy_js__WEBPACK_IMPORTED_MODULE_5__/* .copyGraph */ .a0)(repo, store, found, { platforms, concurrency: client.tuning.concurrency, logger: client.logger, ...(ctx.signal ? { signal: ctx.signal } : {}) });
            return found;
        }
        const report = await pullInto(client, store, n, { platforms, tags: [ref], input, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        ctx.logger.info(`pulled ${(0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .formatNormalized */ .b_)(n)} (${report.root.digest}) into the store`);
        return report.root;
    }
    catch (e) {
        if (!(0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .hasRegistry */ .qY)(ref) && (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e, 'NOT_FOUND', 'NAME_UNKNOWN', 'UNAUTHORIZED', 'DENIED')) {
            // `app:1` was most likely meant as a store tag: say both places were tried.
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('NOT_FOUND', `${ref} is not in the store, and ${normalizedOr(ref)} could not be pulled: ${e.message}`, {
                input,
                hint: `ingest or pull ${ref} into the store first, or write the full registry reference`,
                cause: e,
            });
        }
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, input);
    }
    finally {
        client.close();
    }
}
function normalizedOr(ref) {
    try {
        return (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .formatNormalized */ .b_)((0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normalize */ .S8)(ref));
    }
    catch {
        return ref;
    }
}


/***/ })

};
