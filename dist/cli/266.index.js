export const id = 266;
export const ids = [266];
export const modules = {

/***/ 2266:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gc: () => (/* binding */ gc)
/* harmony export */ });
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5154);
/**
 * `gc`: remove blobs no tag reaches, and stale ingests; report what was freed.
 */

/** `gc`: mark and sweep the store (Store.gc); `details` is the report. */
const gc = async (options, ctx) => {
    const store = await _layout_js__WEBPACK_IMPORTED_MODULE_0__/* .Store */ .il.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
    const report = await store.gc(); // warns itself, per tag, when a live image cannot be read
    const mib = (n) => (n / 1048576).toFixed(1);
    ctx.logger.info(report.unreadable
        ? `gc: kept ${report.keptBlobs} unreferenced blob(s) (${mib(report.keptBytes ?? 0)} MiB): ${report.unreadable.length} image(s) cannot be read; removed ${report.removedIngests} stale ingest(s)`
        : `gc: removed ${report.removedBlobs} blob(s), ${mib(report.bytesFreed)} MiB freed, ${report.removedIngests} stale ingest(s)`);
    return { tags: [], store: store.root, details: { ...report } };
};


/***/ })

};
