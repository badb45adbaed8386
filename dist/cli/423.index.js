export const id = 423;
export const ids = [423,9,35,325];
export const modules = {

/***/ 8325:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runServer: () => (/* binding */ runServer),
  serve: () => (/* binding */ serve)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/lock.ts
var lock = __webpack_require__(6336);
// EXTERNAL MODULE: ./src/core/serve/child.ts
var serve_child = __webpack_require__(7009);
;// CONCATENATED MODULE: ./src/core/serve/detached.ts
/**
 * The registry as a detached process, the parent's side (child.ts is the child's):
 * `startDetached` re-runs the entry script as a child that outlives this process and
 * returns once `/v2/` answers; `stopServer(pid)` stops it gracefully (the action's post
 * step, the CLI user with `kill`).
 */










/** Environment override of the script the detached child runs (tests, development). */
const SERVE_ENTRY_ENV = 'OCI_STORE_SERVE_ENTRY';
/** Which script to re-run as the child (see StartDetachedOptions.entry). */
function serveEntry(env = process.env) {
    const fromEnv = env[SERVE_ENTRY_ENV];
    if (fromEnv)
        return fromEnv;
    const registered = (0,serve_child/* registeredServeEntry */.YF)();
    if (registered)
        return registered;
    // Resolved at run time from this module's own path (not `new URL(literal, import.meta.url)`,
    // which the bundler would copy into dist/ as an asset): only unbundled builds have it.
    const sibling = (0,external_node_path_.join)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), ['entry', 'js'].join('.'));
    if ((0,external_node_fs_.existsSync)(sibling))
        return sibling;
    throw new errors/* OciError */.Mf('NOT_IMPLEMENTED', 'cannot start the registry process: this entry point did not register itself', {
        input: 'command',
        hint: 'entry points must call runServeChildIfRequested() first (src/core/serve/child.ts)',
    });
}
/** Action inputs carrying secrets the child must not see. */
const SECRET_ENV = ['INPUT_PASSWORD', 'INPUT_GITHUB-TOKEN', 'INPUT_GITHUB_TOKEN', 'INPUT_USERNAME'];
/**
 * Start the registry as a detached child process (it outlives this one) and return once
 * it answers `GET /v2/`. Throws ADDRESS_IN_USE (input `port`) when the port is taken, or
 * the child's own startup error.
 */
async function startDetached(options, start = {}) {
    const env = { ...process.env, ...(start.env ?? {}) };
    const entry = start.entry ?? serveEntry(env);
    const port = start.port ?? options.port;
    const host = start.host ?? '127.0.0.1';
    const logFile = start.logFile ?? (0,external_node_path_.join)(env['RUNNER_TEMP'] || (0,external_node_os_.tmpdir)(), `oci-store-serve-${port || (0,external_node_crypto_.randomBytes)(4).toString('hex')}.log`);
    const config = {
        // Named fields only: whatever else the caller's object holds (a front end's secrets)
        // stays in this process.
        options: { store: options.store, port, ...(options.cacheKey !== undefined ? { cacheKey: options.cacheKey } : {}) },
        host,
        graceMs: start.graceMs ?? 5_000,
        debug: start.debug ?? (env['RUNNER_DEBUG'] === '1' || env['OCI_STORE_DEBUG'] === '1'),
    };
    for (const k of SECRET_ENV)
        delete env[k];
    delete env[SERVE_ENTRY_ENV];
    env[serve_child/* SERVE_CHILD_ENV */.Rs] = JSON.stringify(config);
    const log = (0,external_node_fs_.openSync)(logFile, 'a');
    let child;
    try {
        child = (0,external_node_child_process_.spawn)(process.execPath, [entry], {
            detached: true,
            stdio: ['ignore', log, log, 'ipc'],
            env: env,
            cwd: process.cwd(),
        });
    }
    finally {
        (0,external_node_fs_.closeSync)(log);
    }
    const failed = (code, message, extra = {}) => new errors/* OciError */.Mf(code, message, { hint: extra.hint ?? `see the registry log ${logFile}`, ...(extra.input ? { input: extra.input } : {}) });
    const timeoutMs = start.readyTimeoutMs ?? 30_000;
    const ready = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(failed('REGISTRY_ERROR', `the registry did not start within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
            clearTimeout(timer);
            child.off('message', onMessage);
            child.off('exit', onExit);
            child.off('error', onError);
        };
        const onMessage = (m) => {
            done();
            if (m.type === 'ready')
                resolve({ registry: m.registry, port: m.port });
            else
                reject(failed(m.code, m.message, { input: m.input, hint: m.hint }));
        };
        const onExit = (code, signal) => {
            done();
            reject(failed('REGISTRY_ERROR', `the registry process exited before it was ready (${signal ?? `exit code ${code}`})`));
        };
        const onError = (e) => {
            done();
            reject(failed('REGISTRY_ERROR', `cannot start the registry process: ${e.message}`));
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.once('error', onError);
    });
    if (child.connected)
        child.disconnect();
    child.unref();
    const pid = child.pid;
    if (!(await answers(host, ready.port, 5_000))) {
        await stopServer(pid, 2_000);
        throw failed('REGISTRY_ERROR', `the registry at ${ready.registry} does not answer GET /v2/`);
    }
    return { pid, registry: ready.registry, port: ready.port, logFile };
}
/** True once `GET http://host:port/v2/` answers 200 (retried until `timeoutMs`). */
async function answers(host, port, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const status = await new Promise((resolve) => {
            const req = (0,external_node_http_.request)({ host, port, path: '/v2/', method: 'GET', timeout: 2_000, agent: false }, (res) => {
                res.resume();
                resolve(res.statusCode ?? 0);
            });
            req.on('timeout', () => req.destroy());
            req.on('error', () => resolve(0));
            req.end();
        });
        if (status === 200)
            return true;
        if (Date.now() >= deadline)
            return false;
        await new Promise((r) => setTimeout(r, 50));
    }
}
/** True while `pid` runs (a zombie awaiting its parent's wait counts as stopped). */
function processRunning(pid) {
    return pidAlive(pid);
}
/** True when `pid` is (as far as /proc tells) a registry child of ours, not a reused pid. */
function isServeChildPid(pid) {
    try {
        return (0,external_node_fs_.readFileSync)(`/proc/${pid}/environ`, 'latin1').split('\0').some((kv) => kv.startsWith(`${serve_child/* SERVE_CHILD_ENV */.Rs}=`));
    }
    catch {
        return true; // no /proc (macOS) or not readable: trust the pid we were given
    }
}
/**
 * Stop a detached registry: SIGTERM (graceful: in-flight requests finish within the
 * child's grace, unfinished uploads stay resumable), then SIGKILL after `timeoutMs`.
 * A pid that is gone, or that /proc shows is not a registry child, is left alone.
 */
async function stopServer(pid, timeoutMs = 10_000) {
    if (!Number.isInteger(pid) || pid <= 0 || !(0,lock/* pidAlive */.pl)(pid) || !isServeChildPid(pid)) {
        return { stopped: !(0,lock/* pidAlive */.pl)(pid), forced: false, wasRunning: false };
    }
    try {
        process.kill(pid, 'SIGTERM');
    }
    catch {
        return { stopped: !(0,lock/* pidAlive */.pl)(pid), forced: false, wasRunning: true };
    }
    const deadline = Date.now() + timeoutMs;
    while ((0,lock/* pidAlive */.pl)(pid) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
    if (!(0,lock/* pidAlive */.pl)(pid))
        return { stopped: true, forced: false, wasRunning: true };
    try {
        process.kill(pid, 'SIGKILL');
    }
    catch {
        /* gone meanwhile */
    }
    const killDeadline = Date.now() + 2_000;
    while ((0,lock/* pidAlive */.pl)(pid) && Date.now() < killDeadline)
        await new Promise((r) => setTimeout(r, 25));
    return { stopped: !(0,lock/* pidAlive */.pl)(pid), forced: true, wasRunning: true };
}

// EXTERNAL MODULE: ./src/core/serve/run.ts + 10 modules
var serve_run = __webpack_require__(9288);
;// CONCATENATED MODULE: ./src/core/commands/serve.ts


/**
 * Run the registry in this process until stopped (`ctx.signal`, SIGTERM/SIGINT with
 * `handleSignals`) — runRegistry of ../serve/run.ts on the store of `options` — and resolve
 * with the Result `serve` reports once stopped; rejects ADDRESS_IN_USE (input `port`)
 * when the port is taken.
 */
async function runServer(options, ctx, run = {}) {
    const result = (r) => ({
        tags: [],
        store: r.store,
        registry: r.registry,
        details: { port: r.port, pid: process.pid },
    });
    const signal = run.signal ?? ctx.signal;
    const onReady = run.onReady;
    const running = await (0,serve_run.runRegistry)({
        store: options.store,
        host: run.host ?? '127.0.0.1',
        port: run.port ?? options.port,
        logger: ctx.logger,
        ...(ctx.fallback ? { fallback: ctx.fallback } : {}),
        ...(signal ? { signal } : {}),
        ...(run.handleSignals !== undefined ? { handleSignals: run.handleSignals } : {}),
        ...(run.graceMs !== undefined ? { graceMs: run.graceMs } : {}),
        ...(onReady ? { onReady: (r) => onReady(result(r)) } : {}),
    });
    return result(running);
}
/**
 * `serve`: start the registry detached and report `registry` — the action's behaviour (its
 * post step stops the child) and the CLI's `serve --detach`. The CLI's plain `serve` calls
 * runServer instead.
 */
const serve = async (options, ctx) => {
    // The runner cache goes along as its key prefix only: the child rebuilds its blob
    // fallback from it (the action's serve hook); credentials stay here.
    const child = { store: options.store, port: options.port, ...(options.cache ? { cacheKey: options.cacheKey } : {}) };
    const started = await startDetached(child, { env: ctx.env });
    ctx.logger.info(`registry running at ${started.registry} (pid ${started.pid}, log ${started.logFile})`);
    return {
        tags: [],
        store: options.store,
        registry: started.registry,
        details: { pid: started.pid, port: started.port, log: started.logFile },
    };
};


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


/***/ }),

/***/ 7009:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rs: () => (/* binding */ SERVE_CHILD_ENV),
/* harmony export */   YF: () => (/* binding */ registeredServeEntry),
/* harmony export */   runServeChildIfRequested: () => (/* binding */ runServeChildIfRequested)
/* harmony export */ });
/* unused harmony export isServeChild */
/** Environment variable that marks the serve child; its value is the JSON ServeChildConfig. */
const SERVE_CHILD_ENV = 'OCI_STORE_SERVE_CHILD';
let entryScript;
/** The entry script recorded by `runServeChildIfRequested` in a non-child process. */
function registeredServeEntry() {
    return entryScript;
}
/** True in the serve child process. */
function isServeChild(env = process.env) {
    return env[SERVE_CHILD_ENV] !== undefined && env[SERVE_CHILD_ENV] !== '';
}
/**
 * Call first thing in every entry point. In the serve child: run the registry until
 * SIGTERM/SIGINT, then resolve true — the entry must then return without doing anything
 * else (the process exits when the server has stopped). Elsewhere: remember
 * `process.argv[1]` as the script to re-run for a detached serve and resolve false.
 */
async function runServeChildIfRequested(hooks = {}) {
    if (!isServeChild()) {
        entryScript ??= process.argv[1];
        return false;
    }
    const raw = process.env[SERVE_CHILD_ENV];
    delete process.env[SERVE_CHILD_ENV];
    const send = (m) => {
        if (process.send && process.connected)
            process.send(m);
    };
    let config;
    try {
        config = JSON.parse(raw);
    }
    catch (e) {
        send({ type: 'error', code: 'INVALID_INPUT', message: `bad ${SERVE_CHILD_ENV}: ${e.message}` });
        process.exitCode = 1;
        return true;
    }
    const logger = stderrLogger(config.debug);
    try {
        // Loaded here, not at the top: every entry point imports this module first thing, and
        // only the child needs the registry.
        const { runRegistry } = await Promise.all(/* import() */[__webpack_require__.e(154), __webpack_require__.e(711), __webpack_require__.e(288), __webpack_require__.e(35)]).then(__webpack_require__.bind(__webpack_require__, 9288));
        const fallback = hooks.fallback ? await hooks.fallback(config.options, logger) : undefined;
        await runRegistry({
            store: config.options.store,
            host: config.host,
            port: config.options.port,
            logger,
            ...(fallback ? { fallback } : {}),
            graceMs: config.graceMs,
            handleSignals: true,
            onReady: (r) => {
                send({ type: 'ready', registry: r.registry, port: r.port, pid: process.pid });
                if (process.connected)
                    process.disconnect();
            },
        });
        logger.info('stopped');
    }
    catch (e) {
        const err = e;
        const m = { type: 'error', code: typeof err.code === 'string' ? err.code : 'UNKNOWN', message: String(err.message ?? e) };
        if (typeof err.input === 'string')
            m.input = err.input;
        if (typeof err.hint === 'string')
            m.hint = err.hint;
        logger.warning(`failed: ${m.message}`);
        send(m);
        process.exitCode = 1;
    }
    finally {
        // A front end's hooks (a cache client's sockets) must not keep a stopped registry alive.
        setTimeout(() => process.exit(), 1_000).unref();
    }
    return true;
}
/** Lines with a timestamp on stderr (the child's stderr is its log file). */
function stderrLogger(debug) {
    const line = (level, message) => {
        process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
    };
    return {
        debug: (m) => {
            if (debug)
                line('debug', m);
        },
        info: (m) => line('info', m),
        warning: (m) => line('warning', m),
    };
}


/***/ })

};
