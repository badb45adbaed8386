export const id = 9;
export const ids = [9];
export const modules = {

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
