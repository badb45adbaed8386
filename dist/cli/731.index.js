export const id = 731;
export const ids = [731];
export const modules = {

/***/ 731:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pull: () => (/* binding */ pull)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(543);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(376);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(378);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(971);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(105);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(397);
/**
 * `pull`: fetch `ref` from its registry into the store (blobs already there are skipped),
 * keeping the platforms of `platform` (the runner's by default, `all` for every one), and
 * tag it by `ref` as written plus every `tags` entry. An index pulled for some platforms
 * is stored byte for byte (its digest is the registry's) with only the selected children.
 */







/** `pull`: registry → store. */
const pull = async (options, ctx) => {
    const ref = options.ref;
    if ((0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(ref)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', `${ref} names no repository to pull from`, {
            input: 'ref',
            hint: 'write the repository too, e.g. ghcr.io/owner/app@sha256:…',
        });
    }
    const n = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref, 'ref');
    const tags = [...new Set([ref, ...options.tags])];
    const client = (0,_registry_client_js__WEBPACK_IMPORTED_MODULE_5__/* .registryClient */ .Rk)(options, ctx);
    try {
        // Resolve remotely before opening the store: a bad ref leaves no store behind.
        const repo = client.repository(n);
        // GET by tag (not HEAD then GET): the bytes are kept for the copy, one request fewer.
        const root = (await repo.fetchManifest(n.digest ?? n.tag ?? 'latest')).descriptor;
        const store = await _layout_js__WEBPACK_IMPORTED_MODULE_2__/* .Store */ .il.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
        const report = await (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_4__/* .pullInto */ ._6)(client, store, n, {
            root,
            platforms: (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_4__/* .pullPlatforms */ .k_)(options),
            tags,
            input: 'ref',
            ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        ctx.logger.info(`pulled ${ref} (${report.root.digest}): ${report.uploaded} fetched, ${report.skipped} already in the store` +
            (report.omitted.length > 0 ? `, ${report.omitted.length} other platform(s) left out` : ''));
        const metadata = await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_6__/* .describeImage */ .h)(store, report.root);
        return {
            digest: report.root.digest,
            tags,
            metadata,
            store: store.root,
            details: { fetched: report.uploaded, present: report.skipped, bytes: report.uploadedBytes, omittedPlatforms: report.omitted.length },
        };
    }
    catch (e) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, 'ref');
    }
    finally {
        client.close();
    }
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
