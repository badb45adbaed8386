export const id = 422;
export const ids = [422,35];
export const modules = {

/***/ 1422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   execute: () => (/* binding */ execute)
/* harmony export */ });
/* harmony import */ var _dirs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5035);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5378);
/**
 * The one entry point of every command. Each command lives in its own module, loaded on
 * demand so that a cold `inspect` does not pay for the registry client.
 */



const loaders = {
    inspect: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(138)]).then(__webpack_require__.bind(__webpack_require__, 2138))).inspect,
    tag: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(222)]).then(__webpack_require__.bind(__webpack_require__, 222))).tag,
    index: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(354), __webpack_require__.e(15), __webpack_require__.e(362)]).then(__webpack_require__.bind(__webpack_require__, 362))).indexImage,
    verify: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(465)]).then(__webpack_require__.bind(__webpack_require__, 1465))).verify,
    gc: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(266)]).then(__webpack_require__.bind(__webpack_require__, 2266))).gc,
    ingest: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(354), __webpack_require__.e(15), __webpack_require__.e(896)]).then(__webpack_require__.bind(__webpack_require__, 4896))).ingest,
    unpack: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(354), __webpack_require__.e(15), __webpack_require__.e(906)]).then(__webpack_require__.bind(__webpack_require__, 2906))).unpack,
    pull: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(711), __webpack_require__.e(731)]).then(__webpack_require__.bind(__webpack_require__, 6731))).pull,
    push: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(711), __webpack_require__.e(368)]).then(__webpack_require__.bind(__webpack_require__, 2368))).push,
    serve: async () => (await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(711), __webpack_require__.e(288), __webpack_require__.e(325)]).then(__webpack_require__.bind(__webpack_require__, 8325))).serve,
};
/**
 * Run one command. With `push: true` (ingest, pull, tag, index), the produced digest is
 * then pushed to every ref in `tags`. A `tags` entry naming a repository only
 * (`ghcr.io/o/app`) is then a push-by-digest target: it makes no store tag (a store tag
 * names a tag), and the `tags` output lists it as `ghcr.io/o/app@<digest>`.
 */
async function execute(options, ctx) {
    try {
        // A store or target on /proc, /sys…: refused up front (creating one there hangs Node's mkdir).
        await (0,_dirs_js__WEBPACK_IMPORTED_MODULE_0__/* .checkLocation */ .c)(options.store, 'store');
        if (options.path !== undefined && options.command === 'unpack')
            await (0,_dirs_js__WEBPACK_IMPORTED_MODULE_0__/* .checkLocation */ .c)(options.path, 'path');
        const run = await loaders[options.command]();
        const byDigest = options.push && options.command !== 'push' ? options.tags.filter(_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .isRepositoryOnly */ .$O) : [];
        const result = await run(byDigest.length > 0 ? { ...options, tags: options.tags.filter((t) => !byDigest.includes(t)) } : options, ctx);
        if (options.push && options.command !== 'push' && result.digest !== undefined) {
            const { pushResult } = await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(711), __webpack_require__.e(368)]).then(__webpack_require__.bind(__webpack_require__, 2368));
            const out = await pushResult(result, options, ctx);
            return byDigest.length > 0 ? { ...out, tags: [...out.tags, ...byDigest.map((t) => (0,_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .withDigest */ .hQ)(t, result.digest))] } : out;
        }
        return result;
    }
    catch (err) {
        // The one place raw file-system errors become coded ones naming the input at fault.
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .fromSystemError */ .Kh)(err, errorPlaces(options, ctx));
    }
}
/** The directories each input names, for fromSystemError; a write with no path is blamed on what the command writes. */
function errorPlaces(options, ctx) {
    const places = [{ input: 'store', path: options.store }];
    if (options.path !== undefined)
        places.push({ input: 'path', path: options.path });
    if (options.command === 'ingest')
        places.push({ input: 'layers', path: ctx.workspace });
    return { places, input: options.command === 'unpack' ? 'path' : 'store' };
}


/***/ }),

/***/ 5035:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ makeDirectory),
/* harmony export */   c: () => (/* binding */ checkLocation)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/**
 * Creating the directories a user names (the store, an unpack target) without the two
 * traps of `mkdir(path, { recursive: true })`:
 *
 * - Under /proc (and other pseudo file systems) it never returns: mkdir of a child answers
 *   ENOENT although the parent exists, and Node's recursive mkdir retries the parent and
 *   the child forever.
 * - On a read-only file system it reports ENOENT instead of EROFS, so the user is told a
 *   directory is missing when it cannot be written.
 *
 * Here the parents are created one level at a time, each step bounded by the number of
 * path components, and every failure keeps its own errno (translated for the user by
 * errors.ts's `fromSystemError`).
 */



/**
 * Linux file systems that hold no files of their own (statfs f_type): a store or an unpack
 * target there can never work. Reference: linux include/uapi/linux/magic.h.
 */
const PSEUDO_FILE_SYSTEMS = new Map([
    [0x9fa0, 'proc'],
    [0x62656572, 'sysfs'],
    [0x64626720, 'debugfs'],
    [0x74726163, 'tracefs'],
    [0x73636673, 'securityfs'],
    [0x27e0eb, 'cgroup'],
    [0x63677270, 'cgroup2'],
    [0xcafe4a11, 'bpf'],
    [0x1cd1, 'devpts'],
    [0x62656570, 'configfs'],
    [0x6165676c, 'pstore'],
    [0xde5e81e4, 'efivarfs'],
    [0x65735543, 'fusectl'],
    [0x42494e4d, 'binfmt_misc'],
    [0xf97cff8c, 'selinuxfs'],
    [0x19800202, 'mqueue'],
    [0x6e736673, 'nsfs'],
]);
/** The nearest directory of `path` (itself or an ancestor) that exists, and the missing rest, outermost first. */
async function existingAncestor(path) {
    const missing = [];
    let p = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(path);
    // Bounded: each step drops one component, and the root always exists.
    for (;;) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(p);
            return { existing: p, missing: missing.reverse() };
        }
        catch (e) {
            const parent = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(p);
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .isErrno */ .r)(e, 'ENOENT') || parent === p)
                throw e;
            missing.push(p);
            p = parent;
        }
    }
}
/**
 * Refuse a location on a pseudo file system (/proc, /sys, cgroup…) with INVALID_INPUT
 * naming `input`: nothing can be stored there, and creating directories there is where
 * Node's recursive mkdir spins. Elsewhere (and off Linux) this does nothing.
 */
async function checkLocation(path, input) {
    if (process.platform !== 'linux')
        return;
    let existing;
    try {
        ({ existing } = await existingAncestor(path));
    }
    catch {
        return; // an unreadable path fails later, with its own errno
    }
    let type;
    try {
        type = Number((await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.statfs)(existing)).type);
    }
    catch {
        return;
    }
    const fs = PSEUDO_FILE_SYSTEMS.get(type);
    if (fs !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('INVALID_INPUT', `${path} is under ${existing}, on a ${fs} pseudo file system that cannot hold files`, {
            input,
            hint: `point ${input} at a directory on a real disk (the workspace, $RUNNER_TEMP or ~/.cache)`,
        });
    }
}
/**
 * `mkdir -p`, one level at a time. Returns the directories it created, outermost first.
 * A directory another process creates meanwhile is fine. When a level cannot be created
 * although its parent exists and the file system gives no reason (ENOENT: a pseudo file
 * system), the error says so, naming `input` when given.
 */
async function makeDirectory(path, options = {}) {
    const { missing } = await existingAncestor(path);
    const created = [];
    for (const dir of missing) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, options.mode === undefined ? undefined : { mode: options.mode });
            created.push(dir);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .isErrno */ .r)(e, 'EEXIST'))
                continue; // made meanwhile; a file there fails the next level (ENOTDIR)
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .isErrno */ .r)(e, 'ENOENT') && (await isDirectory((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(dir)))) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('INVALID_INPUT', `cannot create ${dir}: ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(dir)} does not allow new directories (a pseudo file system such as /proc or /sys?)`, {
                    ...(options.input !== undefined ? { input: options.input } : {}),
                    hint: `point ${options.input ?? 'it'} at a directory on a real disk`,
                    cause: e,
                });
            }
            throw e;
        }
    }
    return created;
}
async function isDirectory(path) {
    try {
        return (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(path)).isDirectory();
    }
    catch {
        return false;
    }
}


/***/ })

};
