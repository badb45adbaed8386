export const id = 422;
export const ids = [422];
export const modules = {

/***/ 422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   execute: () => (/* binding */ execute)
/* harmony export */ });
const loaders = {
    inspect: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(138)]).then(__webpack_require__.bind(__webpack_require__, 138))).inspect,
    tag: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(222)]).then(__webpack_require__.bind(__webpack_require__, 222))).tag,
    verify: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(465)]).then(__webpack_require__.bind(__webpack_require__, 465))).verify,
    gc: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(266)]).then(__webpack_require__.bind(__webpack_require__, 266))).gc,
    ingest: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(70), __webpack_require__.e(896)]).then(__webpack_require__.bind(__webpack_require__, 896))).ingest,
    unpack: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(70), __webpack_require__.e(269)]).then(__webpack_require__.bind(__webpack_require__, 269))).unpack,
    pull: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(711), __webpack_require__.e(731)]).then(__webpack_require__.bind(__webpack_require__, 731))).pull,
    push: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(711), __webpack_require__.e(392)]).then(__webpack_require__.bind(__webpack_require__, 392))).push,
    serve: async () => (await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(779), __webpack_require__.e(390)]).then(__webpack_require__.bind(__webpack_require__, 779))).serve,
};
/**
 * Run one command. With `push: true` (ingest, pull, tag), the produced digest is then
 * pushed to every ref in `tags`.
 */
async function execute(options, ctx) {
    const run = await loaders[options.command]();
    const result = await run(options, ctx);
    if (options.push && options.command !== 'push' && result.digest !== undefined) {
        const { pushResult } = await Promise.all(/* import() */[__webpack_require__.e(376), __webpack_require__.e(711), __webpack_require__.e(392)]).then(__webpack_require__.bind(__webpack_require__, 392));
        return pushResult(result, options, ctx);
    }
    return result;
}


/***/ })

};
