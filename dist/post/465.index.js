export const id = 465;
export const ids = [465];
export const modules = {

/***/ 1465:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   summary: () => (/* binding */ summary),
/* harmony export */   verify: () => (/* binding */ verify)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5154);
/**
 * `verify`: re-hash every blob and check every tag's graph; fail the step on any problem.
 */



/** Problems the error message itself shows; the log has them all. */
const SHOWN_PROBLEMS = 3;
/** A shown problem's line is cut here (full digests and paths are in the log). */
const LINE_MAX = 160;
/**
 * The failure's message: the count, then the first problems one compact line each, so the
 * single error line a CI run shows says what is wrong without opening the log.
 */
function summary(problems, root, checkedBlobs) {
    const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => `- ${p.code}: ${compact(p.message, root)}`);
    const more = problems.length - SHOWN_PROBLEMS;
    if (more > 0)
        lines.push(`- and ${more} more (all listed in the log)`);
    return `verify found ${problems.length} problem(s) in ${root} (${checkedBlobs} blobs checked):\n${lines.join('\n')}`;
}
/** One short line: store paths relative, digests abbreviated, newlines folded, length capped. */
function compact(message, root) {
    let s = message.split(`${root}${node_path__WEBPACK_IMPORTED_MODULE_0__.sep}`).join('').replace(/\b([0-9a-f]{12})[0-9a-f]{52,}\b/g, '$1…');
    s = s.replace(/\s+/g, ' ').trim();
    return s.length > LINE_MAX ? `${s.slice(0, LINE_MAX - 1)}…` : s;
}
/**
 * `verify`: Store.verify. A clean store gives `details` = the report; problems are logged
 * one per line and fail the command with DIGEST_MISMATCH (corrupt blobs) or INCOMPLETE,
 * whose message counts them and shows the first few.
 */
const verify = async (options, ctx) => {
    const store = await _layout_js__WEBPACK_IMPORTED_MODULE_2__.Store.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
    const report = await store.verify();
    if (report.notLocal.length > 0) {
        ctx.logger.info(`verify: ${report.notLocal.length} blob(s) are in the runner cache, not local (not checked)`);
    }
    if (report.notPulled.length > 0) {
        const what = [...new Set(report.notPulled.map((n) => n.platform ?? n.digest))].join(', ');
        ctx.logger.info(`verify: ${report.notPulled.length} child manifest(s) of partly pulled indexes were left out by the pull's platform selection (${what}); pull with platform: all to keep them`);
    }
    if (!report.ok) {
        for (const p of report.problems)
            ctx.logger.warning(`${p.code}: ${p.message}`);
        const corrupt = report.problems.some((p) => p.code === 'DIGEST_MISMATCH' || p.code === 'SIZE_MISMATCH');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .OciError */ .Mf(corrupt ? 'DIGEST_MISMATCH' : 'INCOMPLETE', summary(report.problems, store.root, report.checkedBlobs), {
            input: 'store',
            hint: 'pull or ingest the affected images again; delete corrupt blob files first (the log lists every problem)',
        });
    }
    ctx.logger.info(`verify: ${report.checkedBlobs} blob(s) and ${report.checkedEntries} index entr${report.checkedEntries === 1 ? 'y' : 'ies'} are sound`);
    return { tags: [], store: store.root, details: { ...report } };
};


/***/ })

};
