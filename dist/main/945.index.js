export const id = 945;
export const ids = [945,533];
export const modules = {

/***/ 6945:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runServer: () => (/* binding */ runServer),
/* harmony export */   serve: () => (/* binding */ serve)
/* harmony export */ });
/* harmony import */ var _serve_detached_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8533);
/* harmony import */ var _serve_run_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9288);


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
    const running = await (0,_serve_run_js__WEBPACK_IMPORTED_MODULE_1__.runRegistry)({
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
    const started = await (0,_serve_detached_js__WEBPACK_IMPORTED_MODULE_0__/* .startDetached */ .tG)(child, { env: ctx.env });
    ctx.logger.info(`registry running at ${started.registry} (pid ${started.pid}, log ${started.logFile})`);
    return {
        tags: [],
        store: options.store,
        registry: started.registry,
        details: { pid: started.pid, port: started.port, log: started.logFile },
    };
};


/***/ }),

/***/ 8533:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   stopServer: () => (/* binding */ stopServer),
/* harmony export */   tG: () => (/* binding */ startDetached)
/* harmony export */ });
/* unused harmony exports SERVE_ENTRY_ENV, serveEntry, answers, processRunning */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4296);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6336);
/* harmony import */ var _child_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7009);
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
    const registered = (0,_child_js__WEBPACK_IMPORTED_MODULE_9__/* .registeredServeEntry */ .YF)();
    if (registered)
        return registered;
    // Resolved at run time from this module's own path (not `new URL(literal, import.meta.url)`,
    // which the bundler would copy into dist/ as an asset): only unbundled builds have it.
    const sibling = (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_5__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_6__.fileURLToPath)(import.meta.url)), ['entry', 'js'].join('.'));
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_2__.existsSync)(sibling))
        return sibling;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('NOT_IMPLEMENTED', 'cannot start the registry process: this entry point did not register itself', {
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
    const logFile = start.logFile ?? (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(env['RUNNER_TEMP'] || (0,node_os__WEBPACK_IMPORTED_MODULE_4__.tmpdir)(), `oci-store-serve-${port || (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomBytes)(4).toString('hex')}.log`);
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
    env[_child_js__WEBPACK_IMPORTED_MODULE_9__/* .SERVE_CHILD_ENV */ .Rs] = JSON.stringify(config);
    const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.openSync)(logFile, 'a');
    let child;
    try {
        child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(process.execPath, [entry], {
            detached: true,
            stdio: ['ignore', log, log, 'ipc'],
            env: env,
            cwd: process.cwd(),
        });
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.closeSync)(log);
    }
    const failed = (code, message, extra = {}) => new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf(code, message, { hint: extra.hint ?? `see the registry log ${logFile}`, ...(extra.input ? { input: extra.input } : {}) });
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
            const req = (0,node_http__WEBPACK_IMPORTED_MODULE_3__.request)({ host, port, path: '/v2/', method: 'GET', timeout: 2_000, agent: false }, (res) => {
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
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)(`/proc/${pid}/environ`, 'latin1').split('\0').some((kv) => kv.startsWith(`${_child_js__WEBPACK_IMPORTED_MODULE_9__/* .SERVE_CHILD_ENV */ .Rs}=`));
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
    if (!Number.isInteger(pid) || pid <= 0 || !(0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .pidAlive */ .pl)(pid) || !isServeChildPid(pid)) {
        return { stopped: !(0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .pidAlive */ .pl)(pid), forced: false, wasRunning: false };
    }
    try {
        process.kill(pid, 'SIGTERM');
    }
    catch {
        return { stopped: !(0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .pidAlive */ .pl)(pid), forced: false, wasRunning: true };
    }
    const deadline = Date.now() + timeoutMs;
    while ((0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .pidAlive */ .pl)(pid) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
    if (!(0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .pidAlive */ .pl)(pid))
        return { stopped: true, forced: false, wasRunning: true };
    try {
        process.kill(pid, 'SIGKILL');
    }
    catch {
        /* gone meanwhile */
    }
    const killDeadline = Date.now() + 2_000;
    while ((0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .pidAlive */ .pl)(pid) && Date.now() < killDeadline)
        await new Promise((r) => setTimeout(r, 25));
    return { stopped: !(0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .pidAlive */ .pl)(pid), forced: true, wasRunning: true };
}


/***/ })

};
