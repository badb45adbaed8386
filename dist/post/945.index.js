export const id = 945;
export const ids = [945,252];
export const modules = {

/***/ 6945:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runServer: () => (/* binding */ runServer),
/* harmony export */   serve: () => (/* binding */ serve)
/* harmony export */ });
/* harmony import */ var _serve_detached_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6252);
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

/***/ 6252:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  tG: () => (/* binding */ startDetached),
  stopServer: () => (/* binding */ stopServer)
});

// UNUSED EXPORTS: SERVE_ENTRY_ENV, answers, processRunning, serveEntry

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
;// CONCATENATED MODULE: ./src/core/serve/child.ts
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
        const { runRegistry } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(288)]).then(__webpack_require__.bind(__webpack_require__, 9288));
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
    const registered = registeredServeEntry();
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
    env[SERVE_CHILD_ENV] = JSON.stringify(config);
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
        return (0,external_node_fs_.readFileSync)(`/proc/${pid}/environ`, 'latin1').split('\0').some((kv) => kv.startsWith(`${SERVE_CHILD_ENV}=`));
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


/***/ })

};
