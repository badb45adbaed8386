export const id = 731;
export const ids = [731];
export const modules = {

/***/ 6731:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pull: () => (/* binding */ pull)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5543);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2376);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5378);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8971);
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1868);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9397);
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
        const store = await _layout_js__WEBPACK_IMPORTED_MODULE_2__.Store.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
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


/***/ })

};
