export const id = 222;
export const ids = [222];
export const modules = {

/***/ 222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   tag: () => (/* binding */ tag)
/* harmony export */ });
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2376);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8971);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9397);
/**
 * `tag`: point more refs at an image — promote/retag (DESIGN.md §1 use 4). With
 * `push: true`, the dispatcher then pushes to every ref in `tags`.
 */



/** `tag`: resolve `ref` (store first, then its registry), record every ref in `tags`. */
const tag = async (options, ctx) => {
    const store = await _layout_js__WEBPACK_IMPORTED_MODULE_0__.Store.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
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


/***/ })

};
