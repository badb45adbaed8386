export const id = 756;
export const ids = [756];
export const modules = {

/***/ 9756:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _core_serve_child_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7009);
/* harmony import */ var _memory_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5119);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3352);
/** The action's main step, loaded by main.ts once the compile cache is on: everything is in run.ts. */



// The store's forced collections are this program's choice (src/action/memory.ts).
(0,_memory_js__WEBPACK_IMPORTED_MODULE_0__/* .installMemoryPolicy */ .b)();
// `command: serve` re-runs this script as the detached registry: that child does only that.
if (!(await (0,_core_serve_child_js__WEBPACK_IMPORTED_MODULE_2__/* .runServeChildIfRequested */ .wm)({ fallback: _run_js__WEBPACK_IMPORTED_MODULE_1__/* .serveChildFallback */ .Qj }))) {
    const outcome = await (0,_run_js__WEBPACK_IMPORTED_MODULE_1__/* .runMain */ .VN)();
    // A cache call abandoned at its deadline may still hold timers (the library's retries):
    // exit now rather than wait for them, as actions/cache does.
    if (outcome.dangling)
        process.exit(outcome.ok ? 0 : 1);
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 5119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ installMemoryPolicy)
/* harmony export */ });
/* unused harmony export gcPolicy */
/* harmony import */ var _core_memory_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1360);
/**
 * The memory policy of the action and the CLI (src/core/memory.ts says when the store asks
 * for it): V8 collections forced early enough for the peak-RSS budget of DESIGN.md §6
 * (150 MB while ingesting or unpacking a 1 GB layer). A front end's decision, not the
 * library's: it sets a process-wide V8 flag.
 *
 * Both collections need V8's `gc()`, exposed at run time (`--expose-gc`) because the
 * action's runner starts node without flags. Without it (a runtime that refuses the flag)
 * they do nothing: memory then peaks higher, nothing else changes.
 */

let gcFn;
function gc() {
    if (gcFn === undefined) {
        try {
            // Loaded on first use, not at start: every run of the CLI and the action installs the
            // policy, few ever compress (node:v8 alone costs ~15 ms of start-up).
            process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
            gcFn = process.getBuiltinModule('node:vm').runInNewContext('gc');
        }
        catch {
            gcFn = null;
        }
    }
    return gcFn;
}
/**
 * New external (ArrayBuffer) memory allowed to pile up before collectGarbage collects.
 * 16 MiB, from 24: skopeo's 45-layer image (inflated on the pool, 256 KiB chunks of
 * garbage each) unpacked in 128-145 MB peak RSS, now 120-129 MB, CPU within the spread
 * (7 alternated pairs, 1.16-1.37 vs 1.20-1.33 s); a small-files ingest, whose collections
 * cost the most (30k entries on the heap), gzip and zstd, 4 alternated pairs each: CPU and
 * peak RSS within the spread of either.
 */
const EXTERNAL_BUDGET = 16 * 1024 * 1024;
/**
 * The fewest ArrayBuffer bytes seen held since the last collection: roughly what is live.
 * (Not measured right after collecting: V8 frees backing stores on a background thread.)
 */
let live = Infinity;
/**
 * Collect garbage if buffers have piled up; cheap to call often. Each block's zlib buffers
 * are external memory, and V8 collects them only after ~64 MB have piled up — measured,
 * that alone took a 1 GB gzip ingest to 150 MB peak RSS, against a 150 MB budget
 * (DESIGN.md §6). A full collection once EXTERNAL_BUDGET more ArrayBuffer bytes are held
 * than the fewest held since the previous one keeps it near 110 MB. Only then: a full
 * collection of a heap holding 30k file entries costs ~40 ms, and collecting at fixed
 * intervals cost a small-files zstd ingest ~10% of its time for no gain in RSS. (A minor
 * collection does not release ArrayBuffer backing stores, measured.)
 */
function collectGarbage() {
    const collect = gc();
    if (!collect)
        return;
    const held = process.memoryUsage().arrayBuffers;
    live = Math.min(live, held);
    if (held < live + EXTERNAL_BUDGET)
        return;
    collect({ type: 'major', execution: 'sync' });
    live = Infinity;
}
/**
 * Give back the heap a phase grew and no longer needs. Walking ~30k files allocates ~1 KB
 * of short-lived objects per file; V8 grows its young generation to ~50 MB for that and
 * keeps it. A last-resort collection shrinks it again (measured: heap 56 → 18 MB, RSS
 * -24 MB) before the layer streams through.
 */
function releaseHeap() {
    gc()?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
/** The front ends' policy: forced V8 collections, as measured above. */
const gcPolicy = { collectGarbage, releaseHeap };
/** Install gcPolicy for the store operations of this process (entry points call it first). */
function installMemoryPolicy() {
    (0,_core_memory_js__WEBPACK_IMPORTED_MODULE_0__/* .setMemoryPolicy */ .YG)(gcPolicy);
}


/***/ }),

/***/ 3352:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  VN: () => (/* binding */ runMain),
  Qj: () => (/* binding */ serveChildFallback)
});

// UNUSED EXPORTS: actionsExec, actionsLogger, defaultDeps, runPost

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(3838);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
;// CONCATENATED MODULE: ./src/action/workflow.ts
/**
 * The action's interface with the runner, on @actions/core: inputs, outputs, state,
 * masks, groups, annotations, debug lines and the job summary. What this module adds is
 * redaction: every secret given to setSecret is kept out of all the action writes.
 *
 * @actions/core statically imports its OIDC client (@actions/http-client, undici): it
 * costs the cold start some time, measured in README's "Dependencies"; with the runner
 * cache on, @actions/cache loads it anyway.
 *
 * Every function that reads the environment takes it as `env`: process.env on a runner;
 * tests pass their own, which is lent to @actions/core (it reads only process.env) for
 * the synchronous moment of the call.
 *
 * Reference: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */



/**
 * Every secret given to setSecret, in each form it travels in. All this module writes
 * (commands, log lines, outputs, the job summary) passes through it: the runner masks
 * only its log, and only values it was told of — not a local run, not a summary file.
 */
const workflow_secrets = new secrets/* Redactor */.pO();
/** Run `fn` with the variables `names` of `env` in process.env, where @actions/core reads them. */
function withEnv(env, names, fn) {
    if (env === process.env)
        return fn();
    const saved = names.map((n) => [n, process.env[n]]);
    const put = (n, v) => {
        if (v === undefined)
            delete process.env[n];
        else
            process.env[n] = v;
    };
    for (const n of names)
        put(n, env[n]);
    try {
        return fn();
    }
    finally {
        for (const [n, v] of saved)
            put(n, v);
    }
}
/** A command's message as @actions/core escapes it: `%`, CR and LF, so one command is one line. */
function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** A command property as @actions/core escapes it: as escapeData, plus `:` and `,`. */
function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
/** Command properties (`file`, `line`, `col`, …) as @actions/core's AnnotationProperties, redacted. */
function annotation(properties) {
    const p = {};
    const n = (k) => (properties[k] === undefined ? undefined : Number(properties[k]));
    if (properties['title'] !== undefined)
        p.title = workflow_secrets.redact(properties['title']);
    if (properties['file'] !== undefined)
        p.file = workflow_secrets.redact(properties['file']);
    const [line, endLine, col, endColumn] = [n('line'), n('endLine'), n('col'), n('endColumn')];
    if (line !== undefined)
        p.startLine = line;
    if (endLine !== undefined)
        p.endLine = endLine;
    if (col !== undefined)
        p.startColumn = col;
    if (endColumn !== undefined)
        p.endColumn = endColumn;
    return p;
}
/**
 * Write `::command k=v,…::message` through @actions/core's call for that command; the
 * message and properties are redacted (add-mask carries the secret itself, for the runner).
 */
function issueCommand(command, properties, message) {
    switch (command) {
        case 'add-mask':
            return core.setSecret(message);
        case 'debug':
            return core.debug(workflow_secrets.redact(message));
        case 'error':
        case 'warning':
        case 'notice':
            return core[command](workflow_secrets.redact(message), annotation(properties));
        case 'group':
            return core.startGroup(workflow_secrets.redact(message));
        case 'endgroup':
            return core.endGroup();
        default:
            throw new Error(`no @actions/core call writes ::${command}::`);
    }
}
/** The value of input `name` (`INPUT_<NAME>`, spaces as `_`), trimmed unless asked not to. */
function getInput(name, options = {}, env = process.env) {
    return withEnv(env, [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`], () => lib_core/* getInput */.V4(name, options));
}
/**
 * Register a secret: every form of it is kept out of what this process writes, and on a
 * runner each new form is sent to the runner's log masking (core.setSecret, `::add-mask::`).
 * Outside a runner nothing would consume the command, which would only print the secret.
 */
function setSecret(secret, env = process.env) {
    const added = workflow_secrets.add(secret);
    if (env['GITHUB_ACTIONS'] !== 'true')
        return;
    for (const form of added)
        lib_core/* setSecret */.Pq(form);
}
/** A plain log line. */
function info(message) {
    lib_core/* info */.pq(workflow_secrets.redact(message));
}
/** A line shown only with step debug logging on. */
function debug(message) {
    lib_core/* debug */.Yz(workflow_secrets.redact(message));
}
/** A warning annotation. */
function warning(message) {
    lib_core/* warning */.$e(workflow_secrets.redact(message));
}
/** An error annotation. */
function error(message) {
    core.error(workflow_secrets.redact(message));
}
/** A notice annotation. */
function notice(message) {
    core.notice(workflow_secrets.redact(message));
}
/** Fail the step: one error annotation and exit code 1. */
function setFailed(message) {
    lib_core/* setFailed */.C1(workflow_secrets.redact(message));
}
/** Start a collapsible log group. */
function startGroup(name) {
    core.startGroup(workflow_secrets.redact(name));
}
/** End the current log group. */
function endGroup() {
    core.endGroup();
}
/** Run `fn` inside a log group. */
async function group(name, fn) {
    return lib_core/* group */.Os(workflow_secrets.redact(name), fn);
}
/** Set a step output (GITHUB_OUTPUT; the legacy `::set-output` command without it). Redacted. */
function setOutput(name, rawValue, env = process.env) {
    const value = workflow_secrets.redact(rawValue);
    withEnv(env, ['GITHUB_OUTPUT'], () => lib_core/* setOutput */.uH(name, value));
}
/**
 * Save state for the post step (GITHUB_STATE). Without it nothing is saved: there is no
 * post step to read it, and the legacy `::save-state::` command would only add noise.
 */
function saveState(name, value, env = process.env) {
    if (!env['GITHUB_STATE'])
        return;
    withEnv(env, ['GITHUB_STATE'], () => lib_core/* saveState */.LZ(name, value));
}
/** State main saved (`STATE_<name>`). */
function getState(name, env = process.env) {
    return withEnv(env, [`STATE_${name}`], () => lib_core/* getState */.Gu(name));
}
const newSummary = () => new lib_core/* summary */.z.constructor();
/** Append HTML/Markdown to the job summary (GITHUB_STEP_SUMMARY) with core.summary; false without one. Redacted. */
async function appendSummary(text, env = process.env) {
    const file = env['GITHUB_STEP_SUMMARY'];
    if (!file || !(0,external_node_fs_.existsSync)(file))
        return false;
    const s = newSummary().addRaw(workflow_secrets.redact(text));
    // write() reads GITHUB_STEP_SUMMARY before its first await, so inside withEnv.
    await withEnv(env, ['GITHUB_STEP_SUMMARY'], () => s.write());
    return true;
}
/** HTML builders for the summary: core.summary's own, each returning its piece as text. */
const html = {
    heading: (text, level = 2) => newSummary().addHeading(text, level).stringify(),
    /** Rows of cells; a cell `{ data, header: true }` is a `<th>`. Data is HTML (escape it first). */
    table: (rows) => newSummary().addTable(rows).stringify(),
    details: (label, content) => newSummary().addDetails(label, content).stringify(),
    raw: (text) => newSummary().addRaw(text, true).stringify(),
};

// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/core/dirs.ts
var dirs = __webpack_require__(5035);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/reference.ts
var reference = __webpack_require__(5378);
;// CONCATENATED MODULE: ./src/core/commands/index.ts
/**
 * The one entry point of every command. Each command lives in its own module, loaded on
 * demand so that a cold `inspect` does not pay for the registry client.
 */



const loaders = {
    inspect: async () => (await __webpack_require__.e(/* import() */ 138).then(__webpack_require__.bind(__webpack_require__, 2138))).inspect,
    tag: async () => (await __webpack_require__.e(/* import() */ 222).then(__webpack_require__.bind(__webpack_require__, 222))).tag,
    index: async () => (await Promise.all(/* import() */[__webpack_require__.e(354), __webpack_require__.e(15), __webpack_require__.e(362)]).then(__webpack_require__.bind(__webpack_require__, 362))).indexImage,
    verify: async () => (await __webpack_require__.e(/* import() */ 465).then(__webpack_require__.bind(__webpack_require__, 1465))).verify,
    gc: async () => (await __webpack_require__.e(/* import() */ 266).then(__webpack_require__.bind(__webpack_require__, 2266))).gc,
    ingest: async () => (await Promise.all(/* import() */[__webpack_require__.e(354), __webpack_require__.e(15), __webpack_require__.e(896)]).then(__webpack_require__.bind(__webpack_require__, 4896))).ingest,
    unpack: async () => (await Promise.all(/* import() */[__webpack_require__.e(354), __webpack_require__.e(15), __webpack_require__.e(906)]).then(__webpack_require__.bind(__webpack_require__, 2906))).unpack,
    pull: async () => (await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(731)]).then(__webpack_require__.bind(__webpack_require__, 6731))).pull,
    push: async () => (await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(392)]).then(__webpack_require__.bind(__webpack_require__, 8392))).push,
    serve: async () => (await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(288), __webpack_require__.e(945)]).then(__webpack_require__.bind(__webpack_require__, 6945))).serve,
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
        await (0,dirs.checkLocation)(options.store, 'store');
        if (options.path !== undefined && options.command === 'unpack')
            await (0,dirs.checkLocation)(options.path, 'path');
        const run = await loaders[options.command]();
        const byDigest = options.push && options.command !== 'push' ? options.tags.filter(reference/* isRepositoryOnly */.$O) : [];
        const result = await run(byDigest.length > 0 ? { ...options, tags: options.tags.filter((t) => !byDigest.includes(t)) } : options, ctx);
        if (options.push && options.command !== 'push' && result.digest !== undefined) {
            const { pushResult } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(392)]).then(__webpack_require__.bind(__webpack_require__, 8392));
            const out = await pushResult(result, options, ctx);
            return byDigest.length > 0 ? { ...out, tags: [...out.tags, ...byDigest.map((t) => (0,reference/* withDigest */.hQ)(t, result.digest))] } : out;
        }
        return result;
    }
    catch (err) {
        // The one place raw file-system errors become coded ones naming the input at fault.
        throw (0,errors/* fromSystemError */.Kh)(err, errorPlaces(options, ctx));
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

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/digest.ts
var core_digest = __webpack_require__(5543);
// EXTERNAL MODULE: ./src/core/storage.ts
var storage = __webpack_require__(2962);
// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(7736);
;// CONCATENATED MODULE: ./src/action/merge.ts
/**
 * Fan-in across the jobs of a run (DESIGN.md §3, README "The runner cache"): the keys of
 * one run's index entries and the merge of another job's entry into this job's store.
 *
 * Keys. The first index entry of a run is `<prefix>-index-<run_id>-<run_attempt>`, the
 * n-th `<prefix>-index-<run_id>-<run_attempt>-<n>`. A job saves under the number after the
 * newest entry it has merged, so two jobs that merged the same entry ask for the same key
 * and the cache's immutability decides: one creates it, the other gets "key exists"
 * (HTTP 409), waits for the winner's entry, merges it and asks for the next number. The
 * numbers grow in creation order, so a restore by the prefix `<prefix>-index-` (newest
 * created first) finds the entry that merged all the others.
 */

/** The name an index.json entry is merged by: its tag, or `@digest` when untagged. */
function entryName(d) {
    return d.annotations?.[oci/* Annotation */.YH.RefName] ?? `@${d.digest}`;
}
/** The snapshot of a list of index.json entries. */
function snapshot(manifests) {
    const out = {};
    for (const m of manifests)
        out[entryName(m)] = m.digest;
    return out;
}
/**
 * Three-way merge of index.json entries: `ours` (this job's store), `theirs` (a newer
 * entry another job saved) and `base` (what this job restored).
 * - A tag this job wrote (its digest differs from base's) keeps this job's value.
 * - A tag this job dropped stays dropped, unless the other job wrote it anew (its digest
 *   differs from base's): a fresh write beats a retention drop.
 * - Every other tag takes the other job's value; a tag only one side has is kept.
 * Order: ours first, then their new tags, so index.json does not churn.
 */
function mergeEntries(ours, theirs, base) {
    const theirByName = new Map(theirs.map((d) => [entryName(d), d]));
    const ourNames = new Set(ours.map(entryName));
    const added = [];
    const replaced = [];
    const manifests = [];
    for (const d of ours) {
        const name = entryName(d);
        const t = theirByName.get(name);
        const oursChanged = d.digest !== base[name];
        if (!oursChanged && t !== undefined && t.digest !== d.digest) {
            manifests.push(t);
            replaced.push(name);
        }
        else {
            manifests.push(d);
        }
    }
    for (const t of theirs) {
        const name = entryName(t);
        if (ourNames.has(name))
            continue;
        const droppedHere = base[name] !== undefined;
        if (droppedHere && t.digest === base[name])
            continue;
        manifests.push(t);
        added.push(name);
        ourNames.add(name);
    }
    return { manifests, added, replaced };
}
/** The keys of one run's index entries. */
class IndexKeys {
    /** `<prefix>-index-<run_id>-<run_attempt>`: this run's first key. */
    first;
    /** `<prefix>-index-`: what a restore matches. */
    prefix;
    constructor(first, prefix) {
        this.first = first;
        this.prefix = prefix;
    }
    /** The number of `key` in this run's sequence, or 0 when it belongs to another run (or is not an index key). */
    seq(key) {
        if (key === undefined || !key.startsWith(this.first))
            return 0;
        const rest = key.slice(this.first.length);
        if (rest === '')
            return 1;
        // `-<n>`, possibly followed by more; `…-1` must not read `…-12` (attempt 12) as ours.
        const m = /^-(\d+)(?:-|$)/.exec(rest);
        return m ? Number(m[1]) : 0;
    }
    /** The key of number `n` (n ≥ 1). */
    key(n) {
        return n <= 1 ? this.first : `${this.first}-${n}`;
    }
    /** The key to save under after merging `newest` (or nothing). */
    next(newest) {
        return this.key(this.seq(newest) + 1);
    }
}

;// CONCATENATED MODULE: ./src/action/cache/keys.ts
/**
 * Names of the runner cache's entries and what the index entry records (DESIGN.md §3):
 * the cache keys, the fixed paths @actions/cache hashes into an entry's version, the
 * ledger of large blobs known to be cached, and the index entry's fingerprint.
 */






/** Blobs below this size travel in the index entry; the others get an entry each. */
const SMALL_BLOB_LIMIT = 1024 * 1024;
/** The cache's working directory inside the store. */
const CACHE_DIR = '.oci-store-cache';
/** The cache keys for `prefix` in this run. */
function cacheKeys(prefix, env) {
    const run = env['GITHUB_RUN_ID'] || '0';
    const attempt = env['GITHUB_RUN_ATTEMPT'] || '1';
    return {
        index: `${prefix}-index-${run}-${attempt}`,
        indexPrefix: `${prefix}-index-`,
        blob: (digest) => `${prefix}-blob-${digest.replace(':', '-')}`,
    };
}
/**
 * The paths of each kind of entry, and the cache's own files. @actions/cache hashes the
 * entry paths into the entry's version, so this is the only place they are built.
 */
function entryPaths(root) {
    const dir = (0,external_node_path_.join)(root, CACHE_DIR);
    return {
        dir,
        index: (0,external_node_path_.join)(dir, 'index'),
        blob: (digest) => {
            const [alg, hex] = digest.split(':');
            return (0,external_node_path_.join)(dir, 'blob', alg, hex);
        },
        ledger: (0,external_node_path_.join)(dir, 'ledger.json'),
        uses: (0,external_node_path_.join)(dir, 'tags.json'),
        session: (0,external_node_path_.join)(dir, 'session.json'),
        base: (0,external_node_path_.join)(dir, 'base.json'),
    };
}
/** The large blobs known to be in the cache: digest → size. Persisted in the store and in the index entry. */
class Ledger {
    blobs = new Map();
    /** Read `file`; a missing or unreadable ledger is empty (the cost is re-saving, never a wrong result). */
    static async load(file) {
        const ledger = new Ledger();
        try {
            const v = JSON.parse(await (0,external_node_fs_promises_.readFile)(file, 'utf8'));
            if (v.version === 1 && v.blobs && typeof v.blobs === 'object') {
                for (const [d, size] of Object.entries(v.blobs)) {
                    if ((0,core_digest/* isDigest */.Bc)(d) && typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)
                        ledger.blobs.set(d, size);
                }
            }
        }
        catch {
            /* absent or corrupt: start empty */
        }
        return ledger;
    }
    has(digest) {
        return this.blobs.has(digest);
    }
    /** The ledger as written to disk: sorted, so equal ledgers have equal bytes. */
    toJSON() {
        return { version: 1, blobs: Object.fromEntries([...this.blobs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    }
    /** Write atomically (temp file, fsync, rename): a crash leaves the old ledger or the new one. */
    async save(file) {
        await (0,storage/* writeFileAtomic */.Zf)(file, JSON.stringify(this.toJSON()), (0,external_node_path_.dirname)(file));
    }
}
/**
 * Canonical fingerprint of what an index entry holds: tags, small blobs, ledger, the day
 * each tag was last used and where pushed blobs went (BlobSources.canonical).
 */
function fingerprint(index, smallBlobs, ledger, uses, sources = '') {
    const entries = index.manifests
        .map((m) => `${m.annotations?.[oci/* Annotation */.YH.RefName] ?? ''}\t${m.digest}\t${m.mediaType}\t${m.size}`)
        .sort();
    const blobs = [...smallBlobs].sort();
    const days = uses ? uses.days(index.manifests.flatMap((m) => m.annotations?.[oci/* Annotation */.YH.RefName] ?? [])) : [];
    return (0,core_digest/* sha256 */.sc)(JSON.stringify(sources === '' ? [entries, blobs, ledger.toJSON().blobs, days] : [entries, blobs, ledger.toJSON().blobs, days, sources]));
}

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
// EXTERNAL MODULE: external "node:diagnostics_channel"
var external_node_diagnostics_channel_ = __webpack_require__(3053);
;// CONCATENATED MODULE: ./src/action/cache/library.ts
/**
 * The adapter between the runner cache and @actions/cache: loads the library on first
 * use, runs one call with a deadline, and turns what the call did into a typed outcome.
 *
 * Outcomes come from the call's return value and its HTTP exchanges, never from the text
 * the library prints. restoreCache returns undefined for a miss and a failure alike, and
 * saveCache catches its own ReserveCacheError ("key exists") and returns -1, as it does
 * for every other failure; what tells them apart is on the wire. Node publishes every
 * node:http client request on diagnostics_channel (`http.client.request.start`,
 * `http.client.response.finish`, `http.client.request.error`), and both the library's
 * HTTP client (@actions/http-client) and the Azure SDK it uploads and downloads with
 * (@typespec/ts-http-runtime's node client) use node:http — neither uses fetch/undici.
 * A call's requests are the ones started in its async context (AsyncLocalStorage), so a
 * registry pull running meanwhile, or another call, is not counted; responses and errors
 * are matched to those requests by identity.
 *
 * What the wire says, per protocol (the library's lib/cache.js, internal/cacheHttpClient.js,
 * internal/shared/cacheTwirpClient.js):
 *   - v2 (Twirp, github.com): POST /twirp/github.actions.results.api.v1.CacheService/
 *     CreateCacheEntry answers HTTP 409 Conflict for a key another job holds ("cache
 *     entry with the same key, version, and scope already exists", actions/cache#1541);
 *     the client does not retry a 409 (it retries 500/502/503/504 up to 5 times). A
 *     read-only token gets 200 with `ok: false` ("cache write denied:"): no key exists.
 *   - v1 (GHES): POST …/_apis/artifactcache/caches answers 409; retried only on 502/503/504.
 * So "key exists" is: the call's one reservation request answered 409. A 409 after
 * retries is not: the first attempt may have reserved the key for this very call before
 * its answer was lost, and no other job would ever finish that entry.
 *
 * The one thing left to the text: @actions/core prints `::error::` for a 5xx (core.error
 * writes to stdout and has no hook), which would flag the job; a cache problem never
 * should. The only way to soften it is to rewrite stdout while the call runs
 * (softenLibraryOutput): it turns `::error::` into `::warning::` and the library's
 * per-call chatter into `::debug::`, and decides nothing. `::stop-commands::` is no
 * alternative: it would also drop the library's `::add-mask::` of signed URLs.
 */



/** Default time one cache call may take (seconds; env `OCI_STORE_CACHE_TIMEOUT`). */
const DEFAULT_CALL_TIMEOUT_S = 900;
/** Load @actions/cache on first use: it pulls in the Azure SDK, which a cold `inspect` must not pay for. */
async function loadLibrary() {
    const lib = await __webpack_require__.e(/* import() */ 691).then(__webpack_require__.bind(__webpack_require__, 4072));
    return { restoreCache: lib.restoreCache, saveCache: lib.saveCache };
}
/**
 * Whether a cache service is reachable from this process, by the same rule as
 * @actions/cache's `isFeatureAvailable` (v2: ACTIONS_RESULTS_URL; v1: ACTIONS_CACHE_URL)
 * plus the runtime token both need. Checked without loading the library.
 */
function cacheServiceAvailability(env) {
    const v2 = Boolean(env['ACTIONS_CACHE_SERVICE_V2']);
    const url = v2 ? env['ACTIONS_RESULTS_URL'] : env['ACTIONS_CACHE_URL'];
    if (!url) {
        return { available: false, reason: `no cache service (${v2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL'} is not set: not on a GitHub runner)` };
    }
    if (!env['ACTIONS_RUNTIME_TOKEN'])
        return { available: false, reason: 'no cache service (ACTIONS_RUNTIME_TOKEN is not set)' };
    return { available: true, reason: '' };
}
const TWIRP_SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const V1_API = '/_apis/artifactcache/';
/** What a request of the library is, by its path: the cache service's routes are fixed, everything else is storage. */
function exchangeKind(method, path) {
    const p = path.split('?')[0];
    if (p.includes(TWIRP_SERVICE))
        return p.endsWith(`${TWIRP_SERVICE}CreateCacheEntry`) ? 'reserve' : 'service';
    if (p.includes(V1_API))
        return method === 'POST' && p.endsWith(`${V1_API}caches`) ? 'reserve' : 'service';
    return 'storage';
}
/** The requests of the calls running now, each call's own list in its async context. */
const callTraffic = new external_node_async_hooks_.AsyncLocalStorage();
/**
 * Record the HTTP exchanges started in `fn`'s async context until `stop`: the channels
 * are subscribed only while a call runs.
 */
function watchTraffic(traffic) {
    const mine = new WeakMap();
    const onStart = (message) => {
        if (callTraffic.getStore() !== traffic)
            return;
        const { request } = message;
        // A proxy tunnel's set-up (@actions/http-client's `tunnel` agents), not an exchange: the
        // request sent through it is recorded, and a refused tunnel fails that request too.
        if (request.method === 'CONNECT')
            return;
        const path = request.path ?? '/';
        const ex = { kind: exchangeKind(request.method, path), method: request.method, target: `${request.host}${path.split('?')[0]}` };
        mine.set(request, ex);
        traffic.push(ex);
    };
    const onResponse = (message) => {
        const { request, response } = message;
        const ex = mine.get(request);
        if (ex)
            ex.status = response.statusCode;
    };
    const onError = (message) => {
        const { request, error } = message;
        const ex = mine.get(request);
        if (ex && ex.status === undefined)
            ex.error = error.code ?? error.message;
    };
    (0,external_node_diagnostics_channel_.subscribe)('http.client.request.start', onStart);
    (0,external_node_diagnostics_channel_.subscribe)('http.client.response.finish', onResponse);
    (0,external_node_diagnostics_channel_.subscribe)('http.client.request.error', onError);
    return {
        run: (fn) => callTraffic.run(traffic, fn),
        stop() {
            (0,external_node_diagnostics_channel_.unsubscribe)('http.client.request.start', onStart);
            (0,external_node_diagnostics_channel_.unsubscribe)('http.client.response.finish', onResponse);
            (0,external_node_diagnostics_channel_.unsubscribe)('http.client.request.error', onError);
        },
    };
}
/** An exchange that failed and was not retried with success (same method and target, later). */
function unrecovered(traffic) {
    const bad = (e) => e.error !== undefined || (e.status !== undefined && e.status >= 400);
    return traffic.find((e, i) => bad(e) && !traffic.slice(i + 1).some((l) => l.method === e.method && l.target === e.target && !bad(l) && l.status !== undefined));
}
/** `e`'s request as it ended: its last attempt's answer, and how many attempts there were. */
function describeExchange(e, traffic) {
    const same = traffic.filter((t) => t.method === e.method && t.target === e.target);
    const attempts = same.length;
    const last = same[same.length - 1];
    const answer = last.error !== undefined ? `failed (${last.error})` : `answered HTTP ${last.status}`;
    return `${e.method} ${e.target} ${answer}${attempts > 1 ? ` (${attempts} attempts)` : ''}`;
}
/**
 * What a finished call came to, from its return value and its exchanges. saveCache's -1
 * is "key exists" only when the one reservation answered 409; otherwise nothing was
 * saved: a failure. restoreCache's undefined is a miss when every exchange succeeded and
 * no download started; a failed lookup or a download that brought nothing is a failure.
 */
function judgeCall(value, traffic) {
    const bad = unrecovered(traffic);
    if (value === -1) {
        const reserves = traffic.filter((e) => e.kind === 'reserve');
        if (reserves.length === 1 && reserves[0].status === 409)
            return { keyExists: true };
        if (bad)
            return { failure: describeExchange(bad, traffic), keyExists: false };
        if (reserves.length === 0)
            return { failure: 'no cache entry was created (no reservation reached the cache service)', keyExists: false };
        // E.g. a reservation or finalization answered 200 with `ok: false`.
        return { failure: 'no cache entry was created, though every request succeeded (see the library\'s message above)', keyExists: false };
    }
    if (value === undefined) {
        if (bad)
            return { failure: describeExchange(bad, traffic), keyExists: false };
        const download = traffic.find((e) => e.kind === 'storage');
        if (download)
            return { failure: `the entry was found but not restored (download ${describeExchange(download, traffic)})`, keyExists: false };
    }
    return { keyExists: false };
}
/** Progress and status lines @actions/cache prints for every call: debug output here, since lazy restores would repeat them per blob. */
const LIBRARY_CHATTER = /^(Cache hit for|Cache Size:|Cache restored successfully|Cache saved successfully|Received \d+ of|Sent \d+ of|Lookup only|\[command\]|Attempt \d+ of \d+ failed|Failed to save: Unable to reserve|Cache not found|Download concurrency|Uploading)/;
/** The library's transfer progress lines. */
const PROGRESS = /^(Received \d+ of|Sent \d+ of)/;
/**
 * The library's only `::error::` lines (core.error in lib/cache.js, for a 5xx); other
 * code's errors printed while a call runs stay errors.
 */
const LIBRARY_ERROR = /^::error(\s[^:]*)?::Failed to (restore|save): /;
/**
 * What to print for one line the library printed: its `::error::` becomes `::warning::`
 * (a cache problem never fails or flags the job), its chatter becomes `::debug::`.
 * Presentation only: no outcome depends on it.
 */
function presentLine(line, elapsedMs) {
    if (line === '')
        return line;
    if (LIBRARY_ERROR.test(line))
        return line.replace(/^::error/, '::warning');
    // The library's own progress lines stay visible on a transfer that takes a while.
    if (PROGRESS.test(line) && elapsedMs > 3000)
        return line;
    if (LIBRARY_CHATTER.test(line))
        return `::debug::${escapeDebug(line)}`;
    return line;
}
function escapeDebug(line) {
    return line.replace(/%/g, '%25').replace(/\r/g, '%0D');
}
/** The one rewrite of stdout, shared by the calls running at once (each call's `stop` alone would undo another's). */
let softening;
/**
 * Rewrite stdout's lines (presentLine) while a library call runs; `stop` puts stdout
 * back after the last call running stops. See the header for why this cannot be an
 * event: @actions/core only writes.
 */
function softenLibraryOutput() {
    const started = Date.now();
    if (softening)
        softening.users++;
    else {
        const original = process.stdout.write;
        const rewrite = (text) => text
            .split('\n')
            .map((line) => presentLine(line, Date.now() - started))
            .join('\n');
        process.stdout.write = function (chunk, ...rest) {
            if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
                const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
                return original.call(process.stdout, rewrite(text), ...rest);
            }
            return original.call(process.stdout, chunk, ...rest);
        };
        softening = { original, users: 1 };
    }
    let stopped = false;
    return {
        stop() {
            if (stopped || !softening)
                return;
            stopped = true;
            if (--softening.users === 0) {
                process.stdout.write = softening.original;
                softening = undefined;
            }
        },
    };
}
/**
 * Run `fn` against `lib` with a deadline of `timeoutMs`, its HTTP exchanges recorded and
 * its output softened. A call that does not finish in time is abandoned (its promise is
 * still running: `timedOut`).
 */
async function runLibraryCall(lib, what, timeoutMs, fn) {
    const traffic = [];
    const watch = watchTraffic(traffic);
    const output = softenLibraryOutput();
    let timer;
    try {
        const deadline = new Promise((resolve) => {
            timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        const work = watch.run(() => fn(lib));
        const value = await Promise.race([work, deadline]);
        if (value === 'timeout') {
            work.catch(() => undefined);
            return { ok: false, timedOut: true, message: `${what} did not finish within ${Math.round(timeoutMs / 1000)} s` };
        }
        const verdict = judgeCall(value, traffic);
        if (verdict.failure)
            return { ok: false, timedOut: false, message: `${what} failed: ${verdict.failure}` };
        return { ok: true, value, keyExists: verdict.keyExists };
    }
    catch (err) {
        return { ok: false, timedOut: false, message: `${what} failed: ${(0,errors/* formatError */.Wk)(err)}` };
    }
    finally {
        clearTimeout(timer);
        output.stop();
        watch.stop();
    }
}

;// CONCATENATED MODULE: ./src/action/cache/stats.ts
/** What the runner cache did in one process or job: counted by the context, summed by the session. */
/** Zeroed stats. */
function emptyStats() {
    return { restoredEntries: 0, restoredBytes: 0, savedEntries: 0, savedBytes: 0, evicted: 0, failures: 0 };
}
/** Sum of two stats. */
function stats_addStats(a, b) {
    return {
        restoredEntries: a.restoredEntries + b.restoredEntries,
        restoredBytes: a.restoredBytes + b.restoredBytes,
        savedEntries: a.savedEntries + b.savedEntries,
        savedBytes: a.savedBytes + b.savedBytes,
        evicted: a.evicted + b.evicted,
        failures: a.failures + b.failures,
    };
}

;// CONCATENATED MODULE: ./src/action/cache/context.ts
/**
 * The runner cache of one store in one process (a main or post step): its keys and paths,
 * the ledger, the statistics, and the one queue every @actions/cache call goes through.
 * session.ts, restore.ts and save.ts work on it; action/cache.ts is their facade.
 *
 * Failure policy (actions/cache's): a cache failure is a warning and never fails the job.
 * After the first failure or timeout the cache is off for the rest of the step, so a
 * broken service costs one call, not one per blob.
 */



/**
 * What one process knows of the cache. Calls are made one at a time: one slow call cannot
 * multiply into many, and each call's outcome is judged from its own HTTP exchanges (library.ts).
 */
class CacheContext {
    root;
    keys;
    paths;
    stats = emptyStats();
    env;
    logger;
    retention;
    /** How long one call may take (env `OCI_STORE_CACHE_TIMEOUT`, seconds). */
    timeoutMs;
    /** True after a failed or timed-out call: no more calls in this process. */
    broken = false;
    /** True when some call was abandoned at its deadline and may still be running. */
    dangling = false;
    #library;
    #ledger;
    #queue = Promise.resolve();
    constructor(options) {
        this.root = options.root;
        this.keys = cacheKeys(options.keyPrefix, options.env);
        this.paths = entryPaths(options.root);
        this.env = options.env;
        this.logger = options.logger;
        this.retention = options.retention;
        this.#library = options.library;
        const t = Number(options.env['OCI_STORE_CACHE_TIMEOUT']);
        this.timeoutMs = (Number.isFinite(t) && t > 0 ? t : DEFAULT_CALL_TIMEOUT_S) * 1000;
    }
    /** The keys of this run's index entries (fan-in, merge.ts). */
    get indexKeys() {
        return new IndexKeys(this.keys.index, this.keys.indexPrefix);
    }
    /** The ledger, loaded from the store on first use. */
    async ledger() {
        this.#ledger ??= await Ledger.load(this.paths.ledger);
        return this.#ledger;
    }
    /** The ledger if loaded already (a BlobFallback's `has` must answer synchronously). */
    get loadedLedger() {
        return this.#ledger;
    }
    /** Warn once and turn the cache off for the rest of the step. */
    fail(message) {
        this.stats.failures++;
        this.broken = true;
        this.logger.warning(`Runner cache: ${message}. Continuing without the cache.`);
    }
    /**
     * Run one library call (library.ts): serialised, so one slow call cannot multiply into
     * many. A failure or timeout turns the cache off for the rest of the step.
     */
    async call(what, fn) {
        const run = async () => {
            if (this.broken)
                return { ok: false, timedOut: false, message: 'the cache failed earlier in this step' };
            this.#library ??= await loadLibrary();
            const out = await runLibraryCall(this.#library, what, this.timeoutMs, fn);
            if (!out.ok) {
                if (out.timedOut)
                    this.dangling = true;
                this.fail(out.message);
            }
            return out;
        };
        const p = this.#queue.then(run, run);
        this.#queue = p.catch(() => undefined);
        return p;
    }
}

// EXTERNAL MODULE: ./src/core/layout.ts + 1 modules
var layout = __webpack_require__(5154);
// EXTERNAL MODULE: ./src/core/sources.ts
var core_sources = __webpack_require__(1009);
;// CONCATENATED MODULE: ./src/action/format.ts
/** Small formatting helpers shared by the logs, the job summary and the CLI. */
/** `1.50 MB`-style sizes (decimal units, as registries and the Actions UI show them). */
function format_formatBytes(n) {
    if (!Number.isFinite(n))
        return '?';
    if (n < 1000)
        return `${n} B`;
    const units = ['kB', 'MB', 'GB', 'TB'];
    let v = n / 1000;
    let i = 0;
    while (v >= 1000 && i < units.length - 1) {
        v /= 1000;
        i++;
    }
    return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}`;
}
/** `sha256:0123456789ab` — a digest shortened for tables and log lines. */
function shortDigest(digest) {
    const colon = digest.indexOf(':');
    return colon < 0 ? digest : digest.slice(0, colon + 13);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/action/retention.ts
/**
 * Retention of the store in the runner cache (issue 13, README "The runner cache"): when
 * each tag was last written or read, and which tags the post step drops before it saves.
 *
 * - A tag no job wrote or read for `retention-days` is dropped ("unused").
 * - When what the runner cache holds for the store's tags is over `cache-max-size`, tags
 *   are dropped least recently used first until it fits ("over budget"). Blobs that tags
 *   share count once, so dropping a tag frees only what no kept tag needs.
 * - A tag matching `pin` is never dropped; nor, for the budget, a tag this job used (a
 *   job's own build is never sacrificed to make room for older ones — it warns instead).
 *
 * Use times live in `<store>/.oci-store-cache/tags.json` and travel in the index entry, so
 * they survive save and restore; the layout itself stays a plain OCI image layout.
 */



const DAY_MS = 86_400_000;
/**
 * What one cache entry costs beyond its file bytes: a tar header per file and padding,
 * the end-of-archive blocks, tar's 10240-byte record, compression framing. An upper bound,
 * so that a store counted under budget is under it in the cache too.
 */
const ENTRY_OVERHEAD = 12 * 1024;
/** Per file inside an entry: its tar header and the padding to 512 bytes. */
const FILE_OVERHEAD = 1024;
/** The key uses are recorded under: the normalised name, so `app:1` and `docker.io/library/app:1` are one tag. */
function useKey(name) {
    try {
        return (0,reference/* normalizedString */.VU)(name);
    }
    catch {
        return name;
    }
}
/** When each tag was last written or read (ms since the epoch). */
class TagUses {
    #at = new Map();
    /** Read `file`; missing or unreadable is empty (tags then count as first seen now). */
    static async load(file) {
        const uses = new TagUses();
        try {
            const v = JSON.parse(await (0,external_node_fs_promises_.readFile)(file, 'utf8'));
            if (v.version === 1 && v.tags && typeof v.tags === 'object') {
                for (const [name, at] of Object.entries(v.tags))
                    if (typeof at === 'number' && Number.isFinite(at))
                        uses.#at.set(name, at);
            }
        }
        catch {
            /* absent or corrupt: start empty */
        }
        return uses;
    }
    /** Last use of `name`, undefined when never recorded. */
    get(name) {
        return this.#at.get(useKey(name));
    }
    /** Record a use of every name at `now` (a later record is kept). */
    touch(names, now) {
        for (const n of names) {
            const k = useKey(n);
            if ((this.#at.get(k) ?? -Infinity) < now)
                this.#at.set(k, now);
        }
    }
    /** Take the later use of each tag from `other` (another job's entry). */
    merge(other) {
        for (const [k, at] of other.#at)
            if ((this.#at.get(k) ?? -Infinity) < at)
                this.#at.set(k, at);
    }
    /** Keep only the records of `names` (tags gone from the store are forgotten). */
    retain(names) {
        const keep = new Set([...names].map(useKey));
        for (const k of [...this.#at.keys()])
            if (!keep.has(k))
                this.#at.delete(k);
    }
    /**
     * Day of each tag's last use, for the index entry's fingerprint: a job that only reads
     * tags already used today saves nothing, one that reads a tag last used on an earlier
     * day saves the entry once (retention needs that read).
     */
    days(names) {
        return [...new Set([...names].map(useKey))]
            .map((k) => `${k}\t${Math.floor((this.#at.get(k) ?? 0) / DAY_MS)}`)
            .sort();
    }
    toJSON() {
        return { version: 1, tags: Object.fromEntries([...this.#at.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    }
    /** Write atomically. */
    async save(file) {
        const tmp = `${file}.${process.pid}.${(0,external_node_crypto_.randomUUID)().slice(0, 8)}.tmp`;
        await (0,external_node_fs_promises_.writeFile)(tmp, JSON.stringify(this.toJSON()));
        await (0,external_node_fs_promises_.rename)(tmp, file);
    }
}
/** A `pin` pattern as a RegExp: `*` any run of characters, `?` one; the rest literal. */
function globToRegExp(pattern) {
    const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    return new RegExp(`^${body}$`);
}
/** Whether `name` matches a `pin` pattern: as written, normalised (`docker.io/library/app:1`) or familiar (`app:1`, docker's short form). */
function isPinned(name, patterns) {
    if (patterns.length === 0)
        return false;
    const normal = useKey(name);
    const familiar = normal.replace(/^docker\.io\/(library\/(?=[^/]+$))?/, '');
    const forms = new Set([name, normal, familiar]);
    return patterns.some((p) => {
        const re = globToRegExp(p);
        return [...forms].some((f) => re.test(f));
    });
}
/** Estimated cache bytes of one blob: large ones are entries of their own, small ones files in the index entry. */
function blobCost(size, smallLimit) {
    return size >= smallLimit ? size + ENTRY_OVERHEAD : size + FILE_OVERHEAD;
}
/**
 * Decide which tags to drop. Pure: the caller applies it. `jobStart` protects tags used
 * since (this job's own) from the budget; `fixedBytes` is what the store costs without
 * any tag (the index entry's own files). Ties in last use break by name, so the plan is
 * deterministic.
 */
function planRetention(tags, uses, policy, now, jobStart, smallLimit, fixedBytes = ENTRY_OVERHEAD) {
    const lastUsed = (t) => uses.get(t.name) ?? now;
    const dropped = [];
    const refs = new Map();
    for (const t of tags) {
        for (const [d, size] of t.blobs) {
            const r = refs.get(d);
            if (r)
                r.count++;
            else
                refs.set(d, { count: 1, cost: blobCost(size, smallLimit) });
        }
    }
    let bytes = fixedBytes;
    for (const r of refs.values())
        bytes += r.cost;
    const bytesBefore = bytes;
    const drop = (t, reason) => {
        dropped.push({ name: t.name, reason, lastUsed: lastUsed(t) });
        for (const d of t.blobs.keys()) {
            const r = refs.get(d);
            if (--r.count === 0)
                bytes -= r.cost;
        }
    };
    const candidates = tags
        .filter((t) => !isPinned(t.name, policy.pin))
        .sort((a, b) => lastUsed(a) - lastUsed(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const gone = new Set();
    if (policy.days > 0) {
        const cutoff = now - policy.days * DAY_MS;
        for (const t of candidates) {
            if (lastUsed(t) >= cutoff)
                break;
            drop(t, 'unused');
            gone.add(t);
        }
    }
    if (policy.maxBytes > 0) {
        for (const t of candidates) {
            if (bytes <= policy.maxBytes)
                break;
            if (gone.has(t) || lastUsed(t) >= jobStart)
                continue;
            drop(t, 'budget');
            gone.add(t);
        }
    }
    return { dropped, bytes, bytesBefore, overBudget: policy.maxBytes > 0 && bytes > policy.maxBytes };
}
/** The retention inputs of a use of the action. */
function retentionPolicy(options) {
    return { days: options.retentionDays, maxBytes: options.cacheMaxSize, pin: options.pin };
}
/**
 * The store tags a command wrote or read: the tags it applied, the `ref` (or refs) it
 * acted on and the `base` it built on. Digest references name no tag.
 */
function tagsUsed(options, result) {
    const refs = [...result.tags, ...(options.refs ?? []), ...(options.ref !== undefined ? [options.ref] : []), ...(options.base !== undefined ? [options.base] : [])];
    return [...new Set(refs.filter((r) => !r.includes('@')))];
}

// EXTERNAL MODULE: ./src/core/walk.ts
var walk = __webpack_require__(670);
;// CONCATENATED MODULE: ./src/action/cache/graph.ts
/**
 * What the runner cache reads of the store it saves: its blobs by size, and each tag's
 * graph — complete, or with the first blob that is neither local nor cached — from one
 * walk of the image graph (core/walk.ts). index.json is read through the Store
 * (readIndex), never parsed here.
 */



/** The store's blobs after GC: small ones (the index entry's) and large ones with sizes. */
async function localBlobs(store) {
    const small = new Set();
    const largeLocal = new Map();
    await store.blobs.walk((b) => {
        if (b.size < SMALL_BLOB_LIMIT)
            small.add(b.digest);
        else
            largeLocal.set(b.digest, b.size);
    });
    return { small, largeLocal };
}
/**
 * Walk every index.json entry's graph once (core/walk.ts): find graphs with a blob that is
 * neither local nor cached, the large blobs the complete ones reference, and each one's
 * blob set. Each manifest or index is read once — not again for a tag that shares it,
 * nor, given `known` from an earlier walk, at all. A child manifest missing under an index
 * is a platform that was never pulled — not a hole (containerd's partial indexes).
 */
async function walkStore(store, index, ledger, known = new Map()) {
    const w = { complete: [], incomplete: [], largeReferenced: new Set(), graphs: [], known };
    // A blob is present when local, or large and in the cache (restorable on demand).
    const present = new Map();
    const unreadable = new Set();
    await (0,walk/* walk */.GG)(store, index.manifests, async ({ descriptor: d }) => {
        const here = (await store.blobs.has(d.digest)) || (d.size >= SMALL_BLOB_LIMIT && ledger.has(d.digest));
        present.set(d.digest, here);
        if (!here)
            return walk/* SKIP_CHILDREN */.cL;
    }, {
        children: async (d) => {
            let children = known.get(d.digest);
            if (children === undefined) {
                children = await store.successors(d);
                known.set(d.digest, children);
            }
            return children;
        },
        onError: (e) => void unreadable.add(e.descriptor.digest),
    });
    // Each entry's graph from what the walk found, in memory: the first missing blob (by the
    // order successors lists them), and every present blob.
    for (const m of index.manifests) {
        const status = new Map(); // digest → first missing blob below it, or null
        const all = new Map();
        const large = new Set();
        const visit = (desc, optional) => {
            const seen = status.get(desc.digest);
            if (seen !== undefined)
                return seen;
            if (!present.get(desc.digest)) {
                const r = optional && ((0,oci/* isManifestMediaType */.CM)(desc.mediaType) || (0,oci/* isIndexMediaType */.$$)(desc.mediaType)) ? null : desc.digest;
                status.set(desc.digest, r);
                return r;
            }
            status.set(desc.digest, null); // a cycle (a subject naming its referrer) ends here
            if (desc.size >= SMALL_BLOB_LIMIT)
                large.add(desc.digest);
            all.set(desc.digest, desc.size);
            let missing = unreadable.has(desc.digest) ? desc.digest : null;
            const isIndex = (0,oci/* isIndexMediaType */.$$)(desc.mediaType);
            for (const c of known.get(desc.digest) ?? []) {
                const r = visit(c, isIndex);
                if (r !== null && missing === null)
                    missing = r;
            }
            status.set(desc.digest, missing);
            return missing;
        };
        const missing = visit(m, false);
        if (missing !== null) {
            w.incomplete.push({ name: m.annotations?.[oci/* Annotation */.YH.RefName] ?? m.digest, missing, entry: m });
            continue;
        }
        w.complete.push(m);
        w.graphs.push({ entry: m, blobs: all });
        for (const d of large)
            w.largeReferenced.add(d);
    }
    return w;
}
/**
 * The walk `w` for `index` when every entry of `index` was walked (tags only dropped
 * since, as retention does): its graphs are still what they were. Undefined when `index`
 * has an entry `w` has not seen (a merge, a tag written meanwhile): walk again.
 */
function restrictWalk(w, index) {
    const key = (d) => `${d.annotations?.[oci/* Annotation */.YH.RefName] ?? ''}\t${d.digest}`;
    const walked = new Set([...w.complete, ...w.incomplete.map((i) => i.entry)].map(key));
    const now = new Set(index.manifests.map(key));
    for (const k of now)
        if (!walked.has(k))
            return undefined;
    if (now.size === walked.size)
        return w;
    const graphs = w.graphs.filter((g) => now.has(key(g.entry)));
    const largeReferenced = new Set();
    for (const g of graphs)
        for (const [d, size] of g.blobs)
            if (size >= SMALL_BLOB_LIMIT)
                largeReferenced.add(d);
    const complete = new Set(graphs.map((g) => key(g.entry)));
    return {
        complete: index.manifests.filter((m) => complete.has(key(m))),
        incomplete: w.incomplete.filter((i) => now.has(key(i.entry))),
        largeReferenced,
        graphs,
        known: w.known,
    };
}
/**
 * Tags of `index` (the store's index.json) whose graph holds `digest`, walking only
 * manifests and indexes already in the store (no cache call, no recursion into the
 * fallback): one walk (core/walk.ts), then each tag's graph in memory.
 */
async function tagsHolding(index, blobs, digest) {
    const children = new Map();
    const local = {
        readJSON: async (d) => JSON.parse((await blobs.get(d.digest)).toString('utf8')),
    };
    await (0,walk/* walk */.GG)(local, index.manifests, async ({ descriptor: d }) => {
        if (d.digest === digest || !((0,oci/* isIndexMediaType */.$$)(d.mediaType) || (0,oci/* isManifestMediaType */.CM)(d.mediaType)))
            return walk/* SKIP_CHILDREN */.cL;
        if (!(await blobs.has(d.digest)))
            return walk/* SKIP_CHILDREN */.cL;
    }, {
        children: async (d) => {
            const c = await (0,walk/* childrenOf */.LU)(local, d);
            children.set(d.digest, c);
            return c;
        },
        onError: () => undefined, // unreadable: holds nothing we can name
    });
    const holds = new Map();
    const reaches = (d) => {
        if (d.digest === digest)
            return true;
        const known = holds.get(d.digest);
        if (known !== undefined)
            return known;
        holds.set(d.digest, false); // a cycle ends here
        const r = (children.get(d.digest) ?? []).some(reaches);
        holds.set(d.digest, r);
        return r;
    };
    const out = [];
    for (const m of index.manifests) {
        const name = m.annotations?.[oci/* Annotation */.YH.RefName];
        if (name && reaches(m))
            out.push(name);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/action/cache/restore.ts
/**
 * The restoring side of the runner cache (DESIGN.md §3): main restores the newest index
 * entry by prefix into the store; post merges the entries other jobs saved since
 * (merge.ts); a large blob is restored the first time an operation reads it (BlobRestorer).
 * Restored bytes go through the store's verifying writer; nothing unverified reaches
 * `blobs/`.
 */
















/**
 * The restored entry's index.json, read through the Store like any layout (oci-layout
 * checked, index.json validated: UNSUPPORTED_LAYOUT, CORRUPT_INDEX), and its size in
 * bytes, counted in the restored bytes.
 */
async function readIndexEntry(dir) {
    const entry = await layout.Store.open(dir, { create: false });
    return { index: await entry.readIndex(), indexBytes: (await (0,external_node_fs_promises_.stat)((0,external_node_path_.join)(dir, 'index.json'))).size };
}
/** Restore the index entry into the store; undefined on a miss or failure. */
async function restoreIndex(ctx, store) {
    const dir = ctx.paths.index;
    await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
    // The newest entry by prefix, never an exact key: the last job of a run to save has
    // merged every other job's entry (merge.ts), and it is the newest.
    const out = await ctx.call('restoring the store index', (lib) => lib.restoreCache([dir], ctx.keys.indexPrefix, [ctx.keys.indexPrefix]));
    if (!out.ok)
        return undefined;
    const key = out.value;
    if (key === undefined) {
        ctx.logger.info(`Runner cache: no saved store under ${ctx.keys.indexPrefix}* yet; starting empty`);
        await (0,external_node_fs_promises_.rm)(ctx.paths.base, { force: true });
        return undefined;
    }
    try {
        const result = await importIndex(ctx, store, dir);
        await (0,storage/* writeFileAtomic */.Zf)(ctx.paths.base, JSON.stringify({ key, tags: result.snapshot }), ctx.paths.dir);
        ctx.stats.restoredEntries++;
        ctx.stats.restoredBytes += result.bytes;
        ctx.logger.info(`Runner cache: restored ${key} — ${result.tags} tag(s), ${result.blobs} small blob(s), ${result.ledger} large blob(s) restorable on demand`);
        return { key, fingerprint: result.fingerprint };
    }
    catch (err) {
        ctx.fail(`the restored entry ${key} is unusable: ${(0,errors/* formatError */.Wk)(err)}`);
        return undefined;
    }
    finally {
        await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
    }
}
/**
 * Verify and import a restored index entry: blobs through the store's verifying put, the
 * ledger and tag uses merged, tags merged. Without `base` (main's restore) the restored
 * tags fill in beside local ones; with it (post's fan-in) a three-way merge: this job's
 * writes win, the other job's tags are kept (mergeEntries).
 */
async function importIndex(ctx, store, dir, base) {
    const { index, indexBytes } = await readIndexEntry(dir);
    let bytes = indexBytes;
    const small = [];
    const blobDir = (0,external_node_path_.join)(dir, 'blobs', 'sha256');
    const names = await (0,external_node_fs_promises_.readdir)(blobDir).catch((err) => {
        if ((0,errors/* isErrno */.r)(err, 'ENOENT'))
            return [];
        throw err;
    });
    for (const hex of names) {
        const digest = `sha256:${hex}`;
        if (!(0,core_digest/* isDigest */.Bc)(digest))
            continue;
        const data = await (0,external_node_fs_promises_.readFile)((0,external_node_path_.join)(blobDir, hex));
        if (!(await store.blobs.has(digest)))
            await store.blobs.put(data, digest); // verifies
        small.push(digest);
        bytes += data.length;
    }
    const restoredLedger = await Ledger.load((0,external_node_path_.join)(dir, 'ledger.json'));
    const ledger = await ctx.ledger();
    for (const [d, size] of restoredLedger.blobs)
        ledger.blobs.set(d, size);
    await (0,external_node_fs_promises_.mkdir)(ctx.paths.dir, { recursive: true });
    await ledger.save(ctx.paths.ledger);
    const restoredUses = await TagUses.load((0,external_node_path_.join)(dir, 'tags.json'));
    const uses = await TagUses.load(ctx.paths.uses);
    uses.merge(restoredUses);
    await uses.save(ctx.paths.uses);
    // Where pushed blobs went (core/sources.ts): merged, so a later push mounts them. Each
    // record is read once: the restored one here, the store's under its lock.
    const restoredSources = await core_sources/* BlobSources */.yA.load(dir);
    await restoredSources.mergeInto(store.root);
    let tags = 0;
    let replaced = 0;
    const result = () => ({
        bytes,
        tags,
        replaced,
        blobs: small.length,
        ledger: restoredLedger.blobs.size,
        fingerprint: fingerprint(index, small, restoredLedger, restoredUses, restoredSources.canonical()),
        snapshot: snapshot(index.manifests),
    });
    if (base) {
        await store.updateIndex((local) => {
            const m = mergeEntries(local.manifests, index.manifests, base);
            tags = m.added.length;
            replaced = m.replaced.length;
            local.manifests = m.manifests;
            return local;
        });
        return result();
    }
    // Main's restore: the restored tags fill a fresh store; on a store that already has
    // content (a persistent runner), local tags win and restored ones are added beside them.
    await store.updateIndex((local) => {
        const have = new Set(local.manifests.map((m) => m.annotations?.[oci/* Annotation */.YH.RefName] ?? `@${m.digest}`));
        for (const m of index.manifests) {
            const name = m.annotations?.[oci/* Annotation */.YH.RefName] ?? `@${m.digest}`;
            if (!have.has(name)) {
                local.manifests.push(m);
                have.add(name);
                tags++;
            }
        }
        return local;
    });
    return result();
}
/**
 * Restore another job's index entry `key` into the cache's scratch directory (never
 * over the store), verify it and merge it into the store. Its fingerprint, or undefined
 * when it could not be merged (warned).
 */
async function mergeFrom(ctx, store, key, base, report) {
    const dir = ctx.paths.index;
    await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
    const out = await ctx.call(`restoring ${key}`, (lib) => lib.restoreCache([dir], key, []));
    try {
        if (!out.ok)
            return undefined;
        if (out.value !== key) {
            ctx.fail(`the index entry ${key} another job saved could not be restored`);
            return undefined;
        }
        const r = await importIndex(ctx, store, dir, base);
        ctx.stats.restoredEntries++;
        ctx.stats.restoredBytes += r.bytes;
        report.merged.push(key);
        ctx.logger.info(`Runner cache: merged ${key}, saved by another job since this one restored — ${r.tags} tag(s) added, ${r.replaced} updated`);
        return r.fingerprint;
    }
    catch (err) {
        ctx.fail(`the index entry ${key} is unusable: ${(0,errors/* formatError */.Wk)(err)}`);
        return undefined;
    }
    finally {
        await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
    }
}
/**
 * Lazy restore of large blobs (DESIGN.md §3): the BlobFallback a store uses in a step. A
 * blob is restored the first time an operation reads it, through the store's verifying
 * writer; one the cache lost is re-fetched from the registry a tag names, if any.
 */
class BlobRestorer {
    /** Set by the front end: re-fetch an evicted blob from its registry. */
    originFetch;
    /** How the store is opened: the fallback reads its index.json to name a lost blob's tags. */
    openStore;
    #ctx;
    #inflight = new Map();
    constructor(ctx) {
        this.#ctx = ctx;
    }
    /**
     * Restore one large blob into `store` through a verifying writer. False when the cache
     * lacks it (evicted) or the cache failed; the ledger then forgets it, so it is not
     * asked for again in this job.
     */
    async restoreBlob(digest, size, blobs) {
        // Two readers of one blob share one restore (one cache call per blob).
        let p = this.#inflight.get(digest);
        if (!p) {
            p = this.#restoreBlob(digest, size, blobs).finally(() => this.#inflight.delete(digest));
            this.#inflight.set(digest, p);
        }
        return p;
    }
    async #restoreBlob(digest, size, blobs) {
        if (await blobs.has(digest))
            return true;
        const ledger = await this.#ctx.ledger();
        if (!ledger.has(digest) || this.#ctx.broken)
            return false;
        const expectedSize = size ?? ledger.blobs.get(digest);
        const file = this.#ctx.paths.blob(digest);
        await (0,external_node_fs_promises_.rm)(file, { force: true });
        const started = Date.now();
        const out = await this.#ctx.call(`restoring ${digest}`, (lib) => lib.restoreCache([file], this.#ctx.keys.blob(digest)));
        try {
            if (!out.ok || out.value === undefined) {
                if (out.ok) {
                    this.#ctx.stats.evicted++;
                    this.#ctx.logger.warning(`Runner cache: blob ${digest} (${format_formatBytes(expectedSize)}) is no longer in the runner cache (evicted: unused for 7 days, or the repository's cache is over its size limit)`);
                }
                ledger.blobs.delete(digest);
                await ledger.save(this.#ctx.paths.ledger).catch(() => undefined);
                return false;
            }
            const w = await blobs.writer(`runner-cache-${digest.replace(':', '-')}`, { total: expectedSize, expected: digest });
            try {
                await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)(file), w.stream());
            }
            catch (err) {
                await w.cancel().catch(() => undefined);
                throw err;
            }
            await w.commit(expectedSize, digest); // verifies size and digest
            this.#ctx.stats.restoredEntries++;
            this.#ctx.stats.restoredBytes += expectedSize;
            const secs = (Date.now() - started) / 1000;
            this.#ctx.logger.info(`Runner cache: restored ${digest} (${format_formatBytes(expectedSize)}) in ${secs.toFixed(1)} s`);
            return true;
        }
        catch (err) {
            this.#ctx.logger.warning(`Runner cache: the cached copy of ${digest} is unusable (${(0,errors/* formatError */.Wk)(err)}); ignoring it`);
            ledger.blobs.delete(digest);
            await ledger.save(this.#ctx.paths.ledger).catch(() => undefined);
            return false;
        }
        finally {
            await (0,external_node_fs_promises_.rm)(file, { force: true });
        }
    }
    /** The BlobFallback a store uses in this step: the ledger answers `has`, the cache (then the tag's registry) `fetchInto`. */
    fallback() {
        // `has` must be synchronous: the ledger is loaded in begin(), before any store opens.
        const ledgerNow = () => this.#ctx.loadedLedger;
        return {
            has: (digest) => ledgerNow()?.has(digest) ?? false,
            size: (digest) => ledgerNow()?.blobs.get(digest),
            fetchInto: async (digest, size, store) => {
                // Only blobs the ledger names: any other miss is the store's plain NOT_FOUND.
                const known = (await this.#ctx.ledger()).blobs.get(digest);
                if (known === undefined)
                    return false;
                if (await this.restoreBlob(digest, size ?? known, store))
                    return true;
                return this.#fromOrigin(digest, size ?? known, store);
            },
        };
    }
    /**
     * The cache lost `digest`: find a tag whose graph holds it. A tag naming a registry is
     * re-fetched from there; otherwise the tag is reported incomplete.
     */
    async #fromOrigin(digest, size, store) {
        // An unreadable index.json names no tag (the store reports it on its own).
        const index = await this.openStore?.().then((s) => s.readIndex()).catch(() => undefined);
        const owners = index ? await tagsHolding(index, store, digest) : [];
        const desc = { mediaType: 'application/octet-stream', digest, size };
        for (const ref of owners.filter((r) => (0,reference/* hasRegistry */.qY)(r))) {
            if (!this.originFetch)
                break;
            try {
                if (await this.originFetch(ref, desc, store)) {
                    this.#ctx.logger.info(`Runner cache: re-fetched ${digest} from ${ref}`);
                    return true;
                }
            }
            catch (err) {
                this.#ctx.logger.warning(`Could not re-fetch ${digest} from ${ref}: ${(0,errors/* formatError */.Wk)(err)}`);
            }
        }
        if (owners.length > 0) {
            this.#ctx.logger.warning(`Tag ${owners.join(', ')} is incomplete: its blob ${digest} was evicted from the runner cache` +
                (owners.some((r) => (0,reference/* hasRegistry */.qY)(r)) ? ' and could not be re-fetched from its registry' : ' and the tag names no registry to fetch it from') +
                `. Re-run the job that built it (or push it to a registry).`);
        }
        return false;
    }
}

;// CONCATENATED MODULE: ./src/action/cache/session.ts
/**
 * One job's runner-cache session: what the first use of the action in a job restored,
 * the retention inputs of every use, and the job's totals — kept in the store so that
 * later uses in the job (and post) find them. Also what the cache did, for the summary.
 */








/**
 * The retention inputs of several uses in one job, combined so that no use's intent is
 * lost: the strictest age and budget, and every use's pins.
 */
function combinePolicies(a, b) {
    if (!a || !b)
        return a ?? b;
    const min = (x, y) => (x === 0 ? y : y === 0 ? x : Math.min(x, y));
    return { days: min(a.days, b.days), maxBytes: min(a.maxBytes, b.maxBytes), pin: [...new Set([...a.pin, ...b.pin])] };
}
/** `<run_id>-<run_attempt>-<job>`: the job a session belongs to. */
function jobId(env) {
    return `${env['GITHUB_RUN_ID'] || '0'}-${env['GITHUB_RUN_ATTEMPT'] || '1'}-${env['GITHUB_JOB'] || ''}`;
}
/** A file in RUNNER_TEMP (wiped between jobs) proving a session belongs to this very job. */
function sentinel(env, owner) {
    const temp = env['RUNNER_TEMP'];
    return temp ? (0,external_node_path_.join)(temp, `oci-store-session-${owner}`) : undefined;
}
/** This job's session, if an earlier use in the job started one. */
async function readSession(ctx) {
    let s;
    try {
        s = JSON.parse(await (0,external_node_fs_promises_.readFile)(ctx.paths.session, 'utf8'));
    }
    catch {
        return undefined;
    }
    if (!s || s.job !== jobId(ctx.env))
        return undefined;
    const proof = sentinel(ctx.env, s.owner);
    if (proof !== undefined && !(0,external_node_fs_.existsSync)(proof))
        return undefined; // an earlier job on a persistent runner
    return s;
}
/** Write the session atomically. */
async function writeSession(ctx, s) {
    await (0,external_node_fs_promises_.mkdir)(ctx.paths.dir, { recursive: true });
    await (0,storage/* writeFileAtomic */.Zf)(ctx.paths.session, JSON.stringify(s), ctx.paths.dir);
}
/**
 * Main: join this job's session, or start it by restoring the index entry with `restore`
 * (the first use in a job: it owns the session, and its post saves). Never throws for a
 * cache problem.
 */
async function beginSession(ctx, openStore, restore) {
    await ctx.ledger();
    const session = await readSession(ctx);
    if (session) {
        const policy = combinePolicies(session.policy, ctx.retention);
        if (policy) {
            session.policy = policy;
            await writeSession(ctx, session).catch(() => undefined);
        }
        ctx.logger.info(`Runner cache: the store was restored earlier in this job${session.restoredKey ? ` (${session.restoredKey})` : ''}; large blobs are restored as needed`);
        return { owner: false, cacheHit: session.cacheHit };
    }
    const owner = (0,external_node_crypto_.randomUUID)();
    const proof = sentinel(ctx.env, owner);
    if (proof)
        await (0,external_node_fs_promises_.writeFile)(proof, ctx.root).catch(() => undefined);
    const s = { job: jobId(ctx.env), owner, cacheHit: false, started: Date.now(), stats: emptyStats() };
    if (ctx.retention)
        s.policy = ctx.retention;
    try {
        const restored = await restore(await openStore());
        if (restored) {
            s.cacheHit = true;
            s.restoredKey = restored.key;
            s.baseKey = restored.key;
            s.fingerprint = restored.fingerprint;
        }
    }
    catch (err) {
        ctx.fail(`could not restore the store: ${(0,errors/* formatError */.Wk)(err)}`);
    }
    await writeSession(ctx, s).catch((err) => ctx.fail(`could not record the cache session: ${(0,errors/* formatError */.Wk)(err)}`));
    return { owner: true, cacheHit: s.cacheHit };
}
/** Main, at its end: add this step's statistics to the job's totals. */
async function endSession(ctx) {
    const s = await readSession(ctx);
    if (!s)
        return ctx.stats;
    s.stats = stats_addStats(s.stats, ctx.stats);
    await writeSession(ctx, s).catch(() => undefined);
    return s.stats;
}

;// CONCATENATED MODULE: ./src/action/cache/save.ts
/**
 * Post's side of the runner cache (DESIGN.md §3): retention and GC from one walk of the
 * store (graph.ts), a blob entry for every large blob not yet cached, the fan-in merge of
 * the index entries other jobs saved meanwhile (merge.ts), then the index entry — an OCI
 * layout with the small blobs, the ledger, the tag uses and where pushed blobs went —
 * when it changed.
 */













/** Attempts to save the index entry when other jobs keep saving the same key first. */
const MAX_SAVE_ROUNDS = 10;
/** How long to wait for another job's index entry whose key it reserved (an index entry is small). */
const WAIT_FOR_WINNER_MS = 60_000;
/**
 * Write the index entry's files into `dir` (which exists with `blobs/sha256`), linking
 * the small blobs from the store at `root`. The entry's size in bytes.
 */
async function writeIndexEntry(dir, root, index, small, ledger, uses) {
    await (0,external_node_fs_promises_.writeFile)((0,external_node_path_.join)(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    const indexText = JSON.stringify(index);
    await (0,external_node_fs_promises_.writeFile)((0,external_node_path_.join)(dir, 'index.json'), indexText);
    await ledger.save((0,external_node_path_.join)(dir, 'ledger.json'));
    await uses.save((0,external_node_path_.join)(dir, 'tags.json'));
    let bytes = indexText.length;
    const sources = (0,external_node_path_.join)(root, core_sources/* SOURCES_FILE */.GE);
    if ((0,external_node_fs_.existsSync)(sources)) {
        await (0,external_node_fs_promises_.copyFile)(sources, (0,external_node_path_.join)(dir, core_sources/* SOURCES_FILE */.GE));
        bytes += (await (0,external_node_fs_promises_.stat)(sources)).size;
    }
    for (const digest of small) {
        const [alg, hex] = digest.split(':');
        if (alg !== 'sha256')
            continue;
        const src = (0,external_node_path_.join)(root, 'blobs', alg, hex);
        const dst = (0,external_node_path_.join)(dir, 'blobs', alg, hex);
        await (0,external_node_fs_promises_.link)(src, dst).catch(() => (0,external_node_fs_promises_.copyFile)(src, dst));
        bytes += (await (0,external_node_fs_promises_.stat)(dst)).size;
    }
    return bytes;
}
/**
 * Post (owner only): retention, GC, save every large blob not yet cached, merge the
 * index entries other jobs saved meanwhile, then save the index entry if it changed.
 * Never throws for a cache problem.
 */
async function saveStore(ctx, store) {
    const report = { dropped: [], merged: [] };
    if (ctx.broken) {
        ctx.logger.warning('Runner cache: not saving — the cache failed earlier in this step');
        return report;
    }
    const ledger = await ctx.ledger();
    const session = await readSession(ctx);
    const policy = session?.policy ?? ctx.retention;
    if (policy)
        report.policy = policy;
    const now = Date.now();
    const uses = await TagUses.load(ctx.paths.uses);
    // The one walk of every tag's graph: gc, retention's budget and what to save all come
    // from it. Walked again only for entries it has not seen (merged from another job), and
    // then without reading again what it read.
    let index = await store.readIndex();
    let walk = await walkStore(store, index, ledger);
    let small = new Set();
    let largeLocal = new Map();
    const refresh = async () => {
        index = await store.readIndex();
        walk = restrictWalk(walk, index) ?? (await walkStore(store, index, ledger, walk.known));
        // After GC every local blob is live (tags, their graphs, referrers): small ones travel
        // in the index entry, large ones not yet cached get an entry each.
        ({ small, largeLocal } = await localBlobs(store));
    };
    const retain = async () => {
        if (await applyRetention(ctx, store, ledger, uses, policy, now, session?.started ?? now, report, index, walk))
            await refresh();
    };
    const gc = await store.gc({ known: walk.known });
    if (gc.removedBlobs > 0)
        ctx.logger.info(`GC: removed ${gc.removedBlobs} unreferenced blob(s), ${format_formatBytes(gc.bytesFreed)}`);
    // Before any upload, so a tag retention drops costs no blob entry.
    await retain();
    await refresh();
    for (const w of walk.incomplete) {
        ctx.logger.warning(`Tag ${w.name} is incomplete (blob ${w.missing} is neither in the store nor in the runner cache); it is left out of the saved cache. Re-run the job that built it.`);
    }
    // Large blobs first: the index entry's ledger must only name blobs really saved.
    let saved = 0;
    for (const [digest, size] of largeLocal) {
        if (ledger.has(digest))
            continue;
        if (ctx.broken)
            break;
        if (await saveBlob(ctx, digest, size, ledger))
            saved++;
    }
    if (ctx.broken) {
        ctx.logger.warning('Runner cache: the index entry is not saved, since saving blobs failed');
        return report;
    }
    // Fan-in (merge.ts): merge what other jobs saved since this job's restore, then save
    // under the next key of the run; "key exists" means another job saved that very key
    // first — wait for its entry, merge it, and take the next number. Bounded.
    const keys = ctx.indexKeys;
    const base = await loadBase(ctx, session);
    const merged = new Set(base.key !== undefined ? [base.key] : []);
    let known = { key: base.key, fingerprint: session?.fingerprint };
    let floor = 1;
    for (let round = 1; round <= MAX_SAVE_ROUNDS; round++) {
        const look = await ctx.call('looking up the newest store index', (lib) => lib.restoreCache([ctx.paths.index], keys.prefix, [keys.prefix], { lookupOnly: true }));
        if (!look.ok)
            return report;
        const newest = look.value;
        if (newest !== undefined && !merged.has(newest)) {
            const fp = await mergeFrom(ctx, store, newest, base.tags, report);
            if (fp === undefined)
                return report; // warned; saving now would hide the other job's tags
            merged.add(newest);
            known = { key: newest, fingerprint: fp };
            await refresh();
            await retain(); // the merged store may be over the budget
        }
        await refresh();
        // The ledger names only blobs that the saved tags still reference.
        for (const d of [...ledger.blobs.keys()])
            if (!walk.largeReferenced.has(d) && !largeLocal.has(d))
                ledger.blobs.delete(d);
        await ledger.save(ctx.paths.ledger).catch(() => undefined);
        uses.retain(walk.complete.flatMap((m) => m.annotations?.[oci/* Annotation */.YH.RefName] ?? []));
        await uses.save(ctx.paths.uses).catch(() => undefined);
        const savedIndex = { ...index, manifests: walk.complete };
        const fp = fingerprint(savedIndex, small, ledger, uses, (await core_sources/* BlobSources */.yA.load(store.root)).canonical());
        if (savedIndex.manifests.length === 0 && known.fingerprint === undefined) {
            ctx.logger.info('Runner cache: the store holds no tags; nothing to save');
            return report;
        }
        if (known.fingerprint === fp) {
            ctx.logger.info(`Runner cache: the store index is unchanged${saved ? '' : ' and no blob is new'}; not saving it`);
            await rebase(ctx, session, known.key, fp, savedIndex);
            return report;
        }
        const key = keys.key(Math.max(keys.seq(newest) + 1, floor));
        const out = await saveIndex(ctx, store, savedIndex, small, ledger, uses, key);
        if (out === 'saved') {
            report.savedKey = key;
            await rebase(ctx, session, key, fp, savedIndex);
            return report;
        }
        if (out === 'failed')
            return report;
        // Another job of this run merged the same entry and saved `key` first.
        floor = keys.seq(key) + 1;
        ctx.logger.info(`Runner cache: another job saved ${key} at the same moment; merging its tags and saving again`);
        const winner = await waitFor(ctx, key);
        if (winner !== undefined && !merged.has(winner)) {
            const wfp = await mergeFrom(ctx, store, winner, base.tags, report);
            if (wfp === undefined)
                return report;
            merged.add(winner);
            known = { key: winner, fingerprint: wfp };
            await refresh();
            await retain();
        }
    }
    ctx.logger.warning(`Runner cache: the store index was not saved — ${MAX_SAVE_ROUNDS} other jobs saved at the same moment. Its large blobs are cached; the tags of this job come back when it runs again.`);
    return report;
}
/** The fan-in base: the tags of the entry this job restored or last saved. */
async function loadBase(ctx, session) {
    let b;
    try {
        b = JSON.parse(await (0,external_node_fs_promises_.readFile)(ctx.paths.base, 'utf8'));
    }
    catch {
        b = undefined;
    }
    // A base file of another job (persistent runner) is not this job's base.
    if (!session?.baseKey || !b || b.key !== session.baseKey || !b.tags)
        return { tags: {} };
    return { key: b.key, tags: b.tags };
}
/** After a save (or finding the store equal to the newest entry): that entry is the base of any later merge. */
async function rebase(ctx, session, key, fp, index) {
    if (!session || key === undefined)
        return;
    session.fingerprint = fp;
    session.baseKey = key;
    await (0,storage/* writeFileAtomic */.Zf)(ctx.paths.base, JSON.stringify({ key, tags: snapshot(index.manifests) }), ctx.paths.dir).catch(() => undefined);
    await writeSession(ctx, session).catch(() => undefined);
}
/**
 * Wait for the entry another job is saving under `key` (created, not yet finalized).
 * Its key — or a later one of the run — once it is there; undefined if it never
 * appears (that job died while saving: nothing of it is lost that was ever saved).
 */
async function waitFor(ctx, key) {
    const keys = ctx.indexKeys;
    const deadline = Date.now() + Math.min(ctx.timeoutMs, WAIT_FOR_WINNER_MS);
    for (let delay = 250;; delay = Math.min(delay * 2, 8000)) {
        const look = await ctx.call(`looking up ${key}`, (lib) => lib.restoreCache([ctx.paths.index], key, [], { lookupOnly: true }));
        if (!look.ok)
            return undefined;
        if (look.value !== undefined && keys.seq(look.value) >= keys.seq(key))
            return look.value;
        if (Date.now() + delay > deadline) {
            ctx.logger.warning(`Runner cache: ${key} was reserved by another job but never saved; saving under the next key`);
            return undefined;
        }
        await new Promise((r) => setTimeout(r, delay));
    }
}
/**
 * Drop the tags the retention policy says to (retention.ts), then GC — both from `walk`,
 * the walk of `index` (each tag's blob set; gc reads nothing again). Every tag gets a use
 * record (one without is first seen now). True when tags were dropped.
 */
async function applyRetention(ctx, store, ledger, uses, policy, now, jobStart, report, index, walk) {
    const names = index.manifests.flatMap((m) => m.annotations?.[oci/* Annotation */.YH.RefName] ?? []);
    uses.touch(names.filter((n) => uses.get(n) === undefined), now);
    if (!policy || (policy.days === 0 && policy.maxBytes === 0))
        return false;
    // The index entry's own files: index.json, ledger, tag uses.
    const fixed = ENTRY_OVERHEAD + JSON.stringify(index).length + 100 * (ledger.blobs.size + names.length);
    if (policy.days === 0) {
        // Every blob the store has or the cache holds, each once: when even that fits, no tag
        // can be over the budget (the report says this bound).
        let bound = fixed;
        const local = new Set();
        await store.blobs.walk((b) => {
            local.add(b.digest);
            bound += blobCost(b.size, SMALL_BLOB_LIMIT);
        });
        for (const [d, size] of ledger.blobs)
            if (!local.has(d))
                bound += blobCost(size, SMALL_BLOB_LIMIT);
        if (bound <= policy.maxBytes) {
            report.bytes = bound;
            report.overBudget = false;
            return false;
        }
    }
    const tags = walk.graphs.map((g) => ({ name: g.entry.annotations?.[oci/* Annotation */.YH.RefName] ?? `@${g.entry.digest}`, blobs: g.blobs }));
    const plan = planRetention(tags, uses, policy, now, jobStart, SMALL_BLOB_LIMIT, fixed);
    report.bytes = plan.bytes;
    report.overBudget = plan.overBudget;
    if (plan.dropped.length > 0) {
        const drop = new Map(plan.dropped.map((d) => [d.name, index.manifests.find((m) => m.annotations?.[oci/* Annotation */.YH.RefName] === d.name)?.digest]));
        await store.updateIndex((local) => {
            // Only entries still as planned: a tag rewritten meanwhile is in use.
            local.manifests = local.manifests.filter((m) => {
                const name = m.annotations?.[oci/* Annotation */.YH.RefName];
                return name === undefined || !drop.has(name) || drop.get(name) !== m.digest;
            });
            return local;
        });
        for (const d of plan.dropped) {
            const days = Math.floor((now - d.lastUsed) / 86_400_000);
            ctx.logger.info(`Retention: dropped ${d.name} — ${d.reason === 'unused' ? `unused for ${days} day(s) (retention-days: ${policy.days})` : `least recently used, the store was over cache-max-size ${format_formatBytes(policy.maxBytes)}`}`);
        }
        report.dropped.push(...plan.dropped);
        uses.retain(names.filter((n) => !drop.has(n)));
        const gc = await store.gc({ known: walk.known });
        if (gc.removedBlobs > 0)
            ctx.logger.info(`GC: removed ${gc.removedBlobs} blob(s) of dropped tags, ${format_formatBytes(gc.bytesFreed)}`);
    }
    if (plan.overBudget) {
        ctx.logger.warning(`Runner cache: the store needs ~${format_formatBytes(plan.bytes)}, over cache-max-size ${format_formatBytes(policy.maxBytes)}, with only pinned tags and tags this job used left. Raise cache-max-size or pin fewer tags.`);
    }
    return plan.dropped.length > 0;
}
async function saveBlob(ctx, digest, size, ledger) {
    const file = ctx.paths.blob(digest);
    const [alg, hex] = digest.split(':');
    await (0,external_node_fs_promises_.mkdir)((0,external_node_path_.join)(file, '..'), { recursive: true });
    await (0,external_node_fs_promises_.rm)(file, { force: true });
    // A hard link costs nothing; the library tars the file as it is.
    await (0,external_node_fs_promises_.link)((0,external_node_path_.join)(ctx.root, 'blobs', alg, hex), file).catch(() => (0,external_node_fs_promises_.copyFile)((0,external_node_path_.join)(ctx.root, 'blobs', alg, hex), file));
    try {
        const key = ctx.keys.blob(digest);
        const out = await ctx.call(`saving ${digest}`, (lib) => lib.saveCache([file], key));
        if (!out.ok)
            return false;
        if (out.value === -1) {
            // -1 is also what a duplicate key gives (another job saved it first): then it is cached.
            const look = await ctx.call(`looking up ${key}`, (lib) => lib.restoreCache([file], key, [], { lookupOnly: true }));
            if (look.ok && look.value === key)
                ledger.blobs.set(digest, size);
            return false;
        }
        ledger.blobs.set(digest, size);
        ctx.stats.savedEntries++;
        ctx.stats.savedBytes += size;
        ctx.logger.info(`Runner cache: saved ${digest} (${format_formatBytes(size)}) as ${key}`);
        return true;
    }
    finally {
        await (0,external_node_fs_promises_.rm)(file, { force: true });
    }
}
/** Save the index entry under `key`: `exists` when another job holds that key. */
async function saveIndex(ctx, store, index, small, ledger, uses, key) {
    const dir = ctx.paths.index;
    await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
    await (0,external_node_fs_promises_.mkdir)((0,external_node_path_.join)(dir, 'blobs', 'sha256'), { recursive: true });
    try {
        const bytes = await writeIndexEntry(dir, store.root, index, small, ledger, uses);
        const out = await ctx.call(`saving the store index`, (lib) => lib.saveCache([dir], key));
        if (!out.ok)
            return 'failed';
        if (out.value === -1) {
            if (out.keyExists)
                return 'exists';
            ctx.logger.warning(`Runner cache: the store index was not saved (${key})`);
            return 'failed';
        }
        ctx.stats.savedEntries++;
        ctx.stats.savedBytes += bytes;
        ctx.logger.info(`Runner cache: saved the store index as ${key} (${index.manifests.length} tag(s), ${small.size} small blob(s), ${format_formatBytes(bytes)})`);
        return 'saved';
    }
    finally {
        await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/action/cache.ts
/**
 * The store in the GitHub Actions runner cache (DESIGN.md §3).
 *
 * - Index entry: `oci-layout`, `index.json`, every blob < 1 MiB, `ledger.json` (the large
 *   blobs known to be cached) and `tags.json` (when each tag was last used), under key
 *   `<prefix>-index-<run_id>-<run_attempt>[-<n>]`, restored by the prefix
 *   `<prefix>-index-` (newest wins). Before saving, post merges any newer index entry
 *   another job saved since this job's restore (fan-in, merge.ts).
 * - Blob entries: one per blob ≥ 1 MiB, key `<prefix>-blob-sha256-<hex>`. Cache keys are
 *   immutable, so content addressing fits them exactly: an entry is saved once, ever.
 * - Lazy restore: main restores only the index entry; a large blob is restored the first
 *   time an operation reads it (the store asks its BlobFallback). Restored bytes go
 *   through the store's verifying writer; nothing unverified reaches `blobs/`.
 * - Post (of the first use in a job, which runs last) walks every tag once, applies GC and
 *   retention (retention.ts) from that walk, saves the blobs that are new, merges newer
 *   entries of other jobs, and saves the index entry when it changed.
 *
 * Every cache entry holds files at fixed paths inside `<store>/.oci-store-cache/`:
 * @actions/cache hashes the path list into the entry's version, so save and restore pass
 * the very same strings (entryPaths in cache/keys.ts is the one place they are made).
 *
 * Failure policy (actions/cache's): a cache failure is a warning and never fails the job
 * (cache/context.ts).
 */












/**
 * The runner cache of one store, for one process (a main or post step): the front end's
 * one handle on it. The work is in cache/: session.ts (the job's session), restore.ts
 * (index entry, fan-in merge, lazy blobs), save.ts (retention, GC, blob and index
 * entries), over one CacheContext (keys, ledger, the serialised library calls).
 */
class cache_RunnerCache {
    /** This use restored the store; its post saves it. */
    owner = false;
    cacheHit = false;
    #ctx;
    #blobs;
    constructor(options) {
        this.#ctx = new CacheContext(options);
        this.#blobs = new BlobRestorer(this.#ctx);
    }
    get root() {
        return this.#ctx.root;
    }
    get keys() {
        return this.#ctx.keys;
    }
    get paths() {
        return this.#ctx.paths;
    }
    get stats() {
        return this.#ctx.stats;
    }
    /** True after a failed or timed-out call: no more calls in this process. */
    get broken() {
        return this.#ctx.broken;
    }
    /** True when some call was abandoned at its deadline and may still be running. */
    get dangling() {
        return this.#ctx.dangling;
    }
    /** Set by the front end: re-fetch an evicted blob from its registry. */
    get originFetch() {
        return this.#blobs.originFetch;
    }
    set originFetch(fetch) {
        this.#blobs.originFetch = fetch;
    }
    /** The ledger, loaded from the store on first use. */
    ledger() {
        return this.#ctx.ledger();
    }
    /**
     * Main: join this job's session, or start it by restoring the index entry (the first
     * use in a job). Never throws for a cache problem.
     */
    async begin(openStore) {
        this.#blobs.openStore = openStore;
        const s = await beginSession(this.#ctx, openStore, (store) => restoreIndex(this.#ctx, store));
        this.owner = s.owner;
        this.cacheHit = s.cacheHit;
    }
    /** Main, at its end: add this step's statistics to the job's totals. */
    end() {
        return endSession(this.#ctx);
    }
    /** The job's totals so far and whether its first use hit the cache (post reports them). */
    async jobSession() {
        const s = await readSession(this.#ctx);
        return s ? { stats: s.stats, cacheHit: s.cacheHit } : undefined;
    }
    /** Restore one large blob into `blobs` (one cache call per blob, however many readers). */
    restoreBlob(digest, size, blobs) {
        return this.#blobs.restoreBlob(digest, size, blobs);
    }
    /** The BlobFallback a store uses in this step: the ledger answers `has`, the cache (then the tag's registry) `fetchInto`. */
    fallback() {
        return this.#blobs.fallback();
    }
    /** Record that a command wrote or read these tags now (retention's "last used"). Never throws. */
    async recordUse(names) {
        if (names.length === 0)
            return;
        try {
            await (0,external_node_fs_promises_.mkdir)(this.#ctx.paths.dir, { recursive: true });
            const uses = await TagUses.load(this.#ctx.paths.uses);
            uses.touch(names, Date.now());
            await uses.save(this.#ctx.paths.uses);
        }
        catch (err) {
            this.#ctx.logger.debug(`Runner cache: could not record the use of ${names.join(', ')}: ${(0,errors/* formatError */.Wk)(err)}`);
        }
    }
    /**
     * Post (owner only): retention, GC, save every large blob not yet cached, merge the
     * index entries other jobs saved meanwhile, then save the index entry if it changed.
     * Never throws for a cache problem.
     */
    save(store) {
        this.#blobs.openStore ??= async () => store;
        return saveStore(this.#ctx, store);
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/core/commands/options.ts
var options = __webpack_require__(6944);
;// CONCATENATED MODULE: ./src/action/inputs.ts
/**
 * The action's inputs: read `INPUT_*` (@actions/core, through workflow.ts), mask the
 * secrets before anything can log, and hand the raw strings to the core's one parser
 * (options.ts), so the action and the CLI validate identically.
 */



/** Inputs whose values must never appear in a log. */
const SECRET_INPUTS = ['password', 'github-token'];
/**
 * Register every secret value with the runner's log masking. Done first, before any
 * input is parsed (a parse error could quote a value) and before anything logs. The
 * base64 of `user:password` is masked too: it is what a Basic auth header carries.
 * Outside a runner (GITHUB_ACTIONS unset: a local run of the bundle) nothing would
 * consume the `::add-mask::` lines, which would only print the secrets: setSecret then
 * only keeps them out of what the action prints.
 */
function maskSecrets(raw, env = process.env) {
    for (const name of SECRET_INPUTS) {
        const v = raw[name];
        if (v !== undefined && v.trim() !== '') {
            setSecret(v, env);
            if (v.trim() !== v)
                setSecret(v.trim(), env);
        }
    }
    const user = raw.username?.trim();
    const password = raw.password;
    if (user && password)
        setSecret(Buffer.from(`${user}:${password}`).toString('base64'), env);
}
/** Read every input of action.yml as given (`''` when absent); secrets are masked first. */
function readRawInputs(env = process.env) {
    const raw = {};
    // Secrets first, untrimmed: a password may legitimately start or end with a space.
    for (const name of SECRET_INPUTS)
        raw[name] = getInput(name, { trimWhitespace: false }, env);
    maskSecrets(raw, env);
    for (const name of options/* INPUT_NAMES */.Qh) {
        if (!SECRET_INPUTS.includes(name))
            raw[name] = getInput(name, {}, env);
    }
    return raw;
}
/** The directory relative paths resolve against: GITHUB_WORKSPACE, else the current directory. */
function workspaceOf(env) {
    const ws = env['GITHUB_WORKSPACE'];
    return ws !== undefined && ws !== '' ? ws : process.cwd();
}
/** Read, mask and validate the inputs into one typed object. Throws an OciError naming the input. */
function getOptions(env = process.env) {
    const raw = readRawInputs(env);
    return (0,options/* parseOptions */.Ac)(raw, { cwd: workspaceOf(env), home: env['HOME'] || (0,external_node_os_.homedir)() });
}

;// CONCATENATED MODULE: ./src/action/progress.ts

const VERBS = {
    upload: 'Uploading',
    download: 'Downloading',
    compress: 'Compressing',
    extract: 'Extracting',
    cache: 'Restoring from the runner cache',
};
/** A ProgressFn printing a line per slow transfer every few seconds, and a last line when it ends. */
function progressReporter(options) {
    const now = options.now ?? Date.now;
    const delay = options.delayMs ?? 3000;
    const interval = options.intervalMs ?? 5000;
    const transfers = new Map();
    return (e) => {
        const key = `${e.phase} ${e.digest}`;
        const t = now();
        let tr = transfers.get(key);
        if (!tr) {
            tr = { start: t, last: t, printed: false };
            transfers.set(key, tr);
        }
        const finished = e.total > 0 && e.done >= e.total;
        const elapsed = t - tr.start;
        if (finished) {
            transfers.delete(key);
            if (tr.printed)
                options.write(line(e, elapsed, true));
            return;
        }
        if (elapsed >= delay && (!tr.printed || t - tr.last >= interval)) {
            tr.printed = true;
            tr.last = t;
            options.write(line(e, elapsed, false));
        }
    };
}
function line(e, elapsedMs, done) {
    const short = e.digest.length > 19 ? e.digest.slice(0, 19) : e.digest;
    const rate = elapsedMs > 0 ? `${format_formatBytes(Math.round((e.done * 1000) / elapsedMs))}/s` : '';
    if (done)
        return `${VERBS[e.phase]} ${short}: done, ${format_formatBytes(e.done)} in ${(elapsedMs / 1000).toFixed(1)} s (${rate})`;
    const pct = e.total > 0 ? `${Math.floor((e.done * 100) / e.total)}% ` : '';
    const of = e.total > 0 ? ` / ${format_formatBytes(e.total)}` : '';
    return `${VERBS[e.phase]} ${short}: ${pct}${format_formatBytes(e.done)}${of}, ${rate}`;
}

;// CONCATENATED MODULE: ./src/action/state.ts
/**
 * State handed from the main step to its post step (actions/cache's StateProvider): one
 * typed JSON value under one name, so main and post cannot disagree on keys.
 */

/** The one state name (the runner exposes it to post as `STATE_oci-store`). */
const STATE_NAME = 'oci-store';
/**
 * The runner's state (GITHUB_STATE file → `STATE_*` env in post). Without GITHUB_STATE (a
 * local run of the bundle) nothing is saved: there is no post step to read it, and the
 * legacy `::save-state::` command would only add noise.
 */
class ActionsStateProvider {
    #env;
    constructor(env = process.env) {
        this.#env = env;
    }
    get(name) {
        return getState(name, this.#env);
    }
    set(name, value) {
        saveState(name, value, this.#env);
    }
}
/** In-memory state, for tests and in-process runs. */
class MemoryStateProvider {
    values = new Map();
    get(name) {
        return this.values.get(name) ?? '';
    }
    set(name, value) {
        this.values.set(name, value);
    }
}
/** Save main's state for post. */
function saveMainState(provider, state) {
    provider.set(STATE_NAME, JSON.stringify(state));
}
/** Read main's state in post; undefined when main saved none (it failed early, or a local run). */
function state_loadMainState(provider) {
    const text = provider.get(STATE_NAME);
    if (!text)
        return undefined;
    try {
        const v = JSON.parse(text);
        return v && v.version === 1 ? v : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/action/summary.ts
/**
 * The job summary, in the style of docker's actions: a heading, a table of what was
 * built/pulled/pushed, `<details>` for the long parts (layers, metadata), then the runner
 * cache's statistics.
 */


const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
const code = (s) => `<code>${esc(s)}</code>`;
/** Render the summary as the HTML/Markdown that GITHUB_STEP_SUMMARY takes. */
function summary_renderSummary(input) {
    const parts = [];
    const r = input.result;
    if (r) {
        parts.push(html.heading(`oci-store ${esc(input.command)}`, 2));
        const m = r.metadata;
        const rows = [];
        if (r.tags.length > 0)
            rows.push(['Tags', r.tags.map(code).join('<br>')]);
        if (r.digest)
            rows.push(['Digest', code(r.digest)]);
        if (m) {
            rows.push(['Media type', code(m.mediaType)]);
            if (m.platform !== undefined)
                rows.push(['Platform', (Array.isArray(m.platform) ? m.platform : [m.platform]).map(esc).join(', ')]);
            const layerBytes = m.layers.reduce((n, l) => n + l.size, 0);
            rows.push(['Size', `${format_formatBytes(layerBytes)} in ${m.layers.length} layer(s); manifest ${format_formatBytes(m.size)}`]);
        }
        if (r.registry)
            rows.push(['Registry', code(r.registry)]);
        rows.push(['Store', code(r.store)]);
        parts.push(html.table(rows.map(([k, v]) => [{ data: k, header: true }, v])));
        if (m && m.pushed.length > 0) {
            parts.push(html.heading('Pushed', 3));
            parts.push(html.table([
                ['Ref', 'Digest', 'Layers uploaded', 'Skipped (present)', 'Mounted', 'Bytes sent'].map((h) => ({ data: h, header: true })),
                ...m.pushed.map((p) => [
                    code(p.ref),
                    code(shortDigest(p.digest)),
                    String(p.uploaded),
                    String(p.skipped),
                    String(p.mounted),
                    p.uploadedBytes === undefined ? '' : format_formatBytes(p.uploadedBytes),
                ]),
            ]));
        }
        if (m && m.layers.length > 0) {
            const table = [
                '<table><tr><th>#</th><th>Digest</th><th>Media type</th><th>Size</th></tr>',
                ...m.layers.map((l, i) => `<tr><td>${i + 1}</td><td>${code(l.digest)}</td><td>${code(l.mediaType)}</td><td>${format_formatBytes(l.size)}</td></tr>`),
                '</table>',
            ].join('');
            parts.push(html.details(`Layers (${m.layers.length})`, `\n\n${table}\n\n`));
        }
        if (m)
            parts.push(html.details('metadata output', `\n\n<pre lang="json"><code>${esc(JSON.stringify(m, null, 2))}</code></pre>\n\n`));
        else if (r.details && Object.keys(r.details).length > 0) {
            parts.push(html.details('Details', `\n\n<pre lang="json"><code>${esc(JSON.stringify(r.details, null, 2))}</code></pre>\n\n`));
        }
    }
    const c = input.cache;
    if (c) {
        parts.push(html.heading(c.scope === 'job' ? 'Runner cache (this job)' : 'Runner cache', 3));
        if (c.off) {
            parts.push(html.raw(`Off: ${esc(c.off)}.`));
        }
        else {
            const st = c.stats;
            if (st) {
                parts.push(html.table([
                    ['Runner cache', 'Entries', 'Bytes'].map((h) => ({ data: h, header: true })),
                    ['Restored', String(st.restoredEntries), format_formatBytes(st.restoredBytes)],
                    ['Saved', String(st.savedEntries), format_formatBytes(st.savedBytes)],
                ]));
            }
            const notes = [`cache-hit: <code>${c.hit ? 'true' : 'false'}</code>`];
            if (st && st.evicted > 0)
                notes.push(`${st.evicted} blob(s) had been evicted from the cache`);
            if (st && st.failures > 0)
                notes.push(`${st.failures} cache call(s) failed (warnings above; the job went on without the cache)`);
            if (c.save?.merged.length)
                notes.push(`merged ${c.save.merged.map(code).join(', ')} (saved by other jobs since this one restored)`);
            if (c.save?.savedKey)
                notes.push(`saved as ${code(c.save.savedKey)}`);
            parts.push(html.raw(notes.join(' · ')));
            if (c.save)
                parts.push(renderRetention(c.save));
        }
    }
    return parts.join('');
}
/** Retention: the budget, then every dropped tag with why. */
function renderRetention(r) {
    const p = r.policy;
    if (!p)
        return '';
    const out = [];
    const budget = p.maxBytes > 0 ? `${r.bytes !== undefined ? `~${format_formatBytes(r.bytes)} of ` : ''}cache-max-size ${format_formatBytes(p.maxBytes)}` : 'no cache-max-size';
    const age = p.days > 0 ? `retention-days ${p.days}` : 'no retention-days';
    const pins = p.pin.length > 0 ? `pinned ${p.pin.map(code).join(', ')}` : 'nothing pinned';
    out.push(html.raw(`Retention: ${budget} · ${age} · ${pins}${r.overBudget ? ' · <b>over budget</b>: only pinned tags and tags this job used are left' : ''}`));
    if (r.dropped.length > 0) {
        const day = 86_400_000;
        out.push(html.table([
            ['Dropped tag', 'Last used', 'Why'].map((h) => ({ data: h, header: true })),
            ...r.dropped.map((d) => [
                code(d.name),
                esc(new Date(d.lastUsed).toISOString().replace(/\.\d{3}Z$/, 'Z')),
                d.reason === 'unused'
                    ? `unused for ${Math.floor((Date.now() - d.lastUsed) / day)} day(s) (retention-days ${p.days})`
                    : `least recently used while over cache-max-size ${format_formatBytes(p.maxBytes)}`,
            ]),
        ]));
    }
    return out.join('');
}
/** Append to the job summary; a no-op outside a runner (no GITHUB_STEP_SUMMARY). Never throws. */
async function summary_writeSummary(text, env = process.env) {
    if (!env['GITHUB_STEP_SUMMARY'] || text.trim() === '')
        return;
    try {
        await appendSummary(text, env);
    }
    catch (err) {
        debug(`job summary not written: ${err instanceof Error ? err.message : String(err)}`);
    }
}

;// CONCATENATED MODULE: ./src/action/run.ts
/**
 * What the action's main and post steps do (actions/cache's restoreImpl/saveImpl): parse
 * inputs, restore the store from the runner cache, run the command, set outputs, write
 * the job summary; in post, stop a local registry and save the store.
 *
 * Failure policy: a bad input or a failed command fails the step with exactly one
 * `::error::` line (`input: what. fix.`), no stack trace; the runner cache only ever
 * warns.
 */











/** The real dependencies of a step on a runner. */
function defaultDeps() {
    return { env: process.env, state: new ActionsStateProvider(process.env) };
}
/** The core's Logger on the runner's log; a secret the core reports (a registry token) is masked. */
const actionsLogger = {
    debug: (m) => debug(m),
    info: (m) => info(m),
    warning: (m) => warning(m),
    secret: (s) => setSecret(s),
};
/**
 * Credential helpers through @actions/exec, silent: a helper's stdout is a secret, and
 * `[command]` echo lines would only add noise. A missing helper is exit code 127.
 */
const actionsExec = async (command, args, stdin) => {
    const { getExecOutput } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 1955));
    try {
        const out = await getExecOutput(command, args, { input: Buffer.from(stdin), silent: true, ignoreReturnCode: true });
        return { exitCode: out.exitCode, stdout: out.stdout, stderr: out.stderr };
    }
    catch (err) {
        return { exitCode: 127, stdout: '', stderr: err instanceof Error ? err.message : String(err) };
    }
};
/** Open the layout store (loaded on demand: a bad-input run never pays for it). */
async function openStore(root, create) {
    const { Store } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 5154));
    return Store.open(root, { create, logger: actionsLogger });
}
/** The main step. Never throws: failures become one `::error::` line and exit code 1. */
async function runMain(deps = defaultDeps()) {
    const { env } = deps;
    let options;
    try {
        options = getOptions(env); // masks secrets first
    }
    catch (err) {
        setFailed((0,errors/* formatError */.Wk)(err));
        return { ok: false, dangling: false };
    }
    try {
        // Before the runner cache touches the store directory: one under /proc or /sys can never
        // work, and creating it there would hang the step.
        const { checkLocation } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 5035));
        await checkLocation(options.store, 'store');
    }
    catch (err) {
        setFailed((0,errors/* formatError */.Wk)(err));
        return { ok: false, dangling: false };
    }
    const state = { version: 1, store: options.store, command: options.command };
    let cache;
    let cacheSummary;
    let result;
    let ok = true;
    try {
        if (options.cache) {
            const avail = cacheServiceAvailability(env);
            if (!avail.available) {
                info(`Runner cache: off — ${avail.reason}.`);
                cacheSummary = { scope: 'step', off: avail.reason };
            }
            else {
                cache = new cache_RunnerCache({
                    root: options.store,
                    keyPrefix: options.cacheKey,
                    env,
                    logger: actionsLogger,
                    retention: retentionPolicy(options),
                    ...(deps.cacheLibrary ? { library: deps.cacheLibrary } : {}),
                });
                const c = cache;
                await group('Restore the store from the runner cache', () => c.begin(() => openStore(options.store, true)));
            }
        }
        const ctx = {
            logger: actionsLogger,
            progress: progressReporter({ write: (l) => info(l) }),
            env,
            workspace: workspaceOf(env),
            exec: actionsExec,
            ...(cache ? { fallback: cache.fallback() } : {}),
        };
        if (cache)
            wireOrigin(cache, options, ctx);
        try {
            result = await group(`oci-store ${options.command}`, () => execute(options, ctx));
            // Retention's "last used": what this command wrote or read.
            if (cache)
                await cache.recordUse(tagsUsed(options, result));
        }
        catch (err) {
            ok = false;
            setFailed((0,errors/* formatError */.Wk)(err));
        }
        if (result) {
            setOutputs(result, cache?.cacheHit ?? false, env);
            if (options.command === 'serve')
                state.serve = serveState(result);
        }
        else if (env['GITHUB_OUTPUT']) {
            setOutput('store', options.store, env);
            setOutput('cache-hit', String(cache?.cacheHit ?? false), env);
        }
    }
    catch (err) {
        // Only a bug gets here (commands and the cache handle their own failures).
        ok = false;
        setFailed((0,errors/* formatError */.Wk)(err));
    }
    if (cache) {
        await cache.end().catch(() => undefined);
        state.cache = { owner: cache.owner, keyPrefix: options.cacheKey, broken: cache.broken, stats: cache.stats };
        cacheSummary = { scope: 'step', hit: cache.cacheHit, stats: cache.stats };
    }
    saveMainState(deps.state, state);
    await summary_writeSummary(summary_renderSummary({ command: options.command, ...(result ? { result } : {}), ...(cacheSummary ? { cache: cacheSummary } : {}) }), env);
    return { ok, dangling: cache?.dangling ?? false };
}
/**
 * Set the step's outputs (action.yml). On a runner they go to GITHUB_OUTPUT; a local run
 * of the bundle (no GITHUB_OUTPUT) prints them as `name: value` lines instead of the
 * runner's legacy `::set-output` commands.
 */
function setOutputs(r, cacheHit, env) {
    const outputs = [
        ['digest', r.digest ?? ''],
        ['tags', r.tags.join('\n')],
        ['metadata', r.metadata ? JSON.stringify(r.metadata) : ''],
        ['cache-hit', String(cacheHit)],
        ['store', r.store],
    ];
    if (r.registry)
        outputs.push(['registry', r.registry]);
    const onRunner = Boolean(env['GITHUB_OUTPUT']);
    for (const [name, value] of outputs) {
        if (onRunner)
            setOutput(name, value, env);
        else if (value !== '')
            info(`${name}: ${name === 'metadata' ? JSON.stringify(r.metadata, null, 2) : value.replace(/\n/g, ', ')}`);
    }
    if (onRunner) {
        if (r.digest)
            info(`digest: ${r.digest}`);
        if (r.tags.length)
            info(`tags: ${r.tags.join(', ')}`);
        if (r.registry)
            info(`registry: ${r.registry}`);
    }
    if (r.details && Object.keys(r.details).length > 0)
        info(JSON.stringify(r.details, null, 2));
}
/** What post needs to stop a `serve` started by main. */
function serveState(r) {
    const s = {};
    if (r.registry)
        s.registry = r.registry;
    const pid = r.details?.['pid'];
    if (typeof pid === 'number')
        s.pid = pid;
    if (r.details)
        s.details = r.details;
    return s;
}
/**
 * Let the cache re-fetch an evicted blob from the registry its tag names (a pulled base
 * image, a pushed build). The registry client is loaded only when that happens.
 */
function wireOrigin(cache, options, ctx) {
    cache.originFetch = async (ref, desc, blobs) => {
        const { registryClient } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(72)]).then(__webpack_require__.bind(__webpack_require__, 1691));
        const client = registryClient(options, ctx);
        try {
            const body = await client.repository(ref).fetchBlob(desc);
            const w = await blobs.writer(`origin-${desc.digest.replace(':', '-')}`, { total: desc.size, expected: desc.digest });
            try {
                await (0,promises_.pipeline)(body, w.stream());
            }
            catch (err) {
                await w.cancel().catch(() => undefined);
                throw err;
            }
            await w.commit(desc.size, desc.digest); // verifies size and digest
            return true;
        }
        finally {
            client.close();
        }
    };
}
/** The post step: stop a local registry, then (first use in the job only) save the store. Never fails the job. */
async function runPost(deps = defaultDeps()) {
    const state = loadMainState(deps.state);
    if (!state?.store)
        return { ok: true, dangling: false };
    const { env } = deps;
    if (state.serve)
        await stopServe(state).catch((err) => core.warning(`Could not stop the local registry: ${formatError(err)}`));
    const c = state.cache;
    if (!c)
        return { ok: true, dangling: false };
    if (!c.owner) {
        core.info('Runner cache: the first oci-store step of this job saves the store in its post step');
        return { ok: true, dangling: false };
    }
    if (c.broken) {
        core.warning('Runner cache: not saving — the cache failed in the main step');
        return { ok: true, dangling: false };
    }
    const cache = new RunnerCache({ root: state.store, keyPrefix: c.keyPrefix, env, logger: actionsLogger, ...(deps.cacheLibrary ? { library: deps.cacheLibrary } : {}) });
    let job;
    let report;
    try {
        await core.group('Save the store to the runner cache', async () => {
            const { existsSync } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 3024, 23));
            const { join } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6760, 23));
            if (!existsSync(join(state.store, 'index.json'))) {
                core.info('Runner cache: there is no store to save');
                return;
            }
            const store = await openStore(state.store, false);
            report = await cache.save(store);
        });
        job = await cache.jobSession();
    }
    catch (err) {
        core.warning(`Runner cache: saving failed: ${formatError(err)}`);
    }
    const total = job ? addStats(job.stats, cache.stats) : cache.stats;
    core.info(`Runner cache this job: restored ${total.restoredEntries} entr${total.restoredEntries === 1 ? 'y' : 'ies'} (${formatBytes(total.restoredBytes)}), saved ${total.savedEntries} (${formatBytes(total.savedBytes)})`);
    await writeSummary(renderSummary({ command: state.command ?? '', cache: { scope: 'job', hit: job?.cacheHit ?? false, stats: total, ...(report ? { save: report } : {}) } }), env);
    return { ok: true, dangling: cache.dangling };
}
/** Stop the local registry main started: it must not write to the store while post saves it. */
async function stopServe(state) {
    const pid = state.serve?.pid;
    if (pid === undefined)
        return;
    const { stopServer } = await __webpack_require__.e(/* import() */ 533).then(__webpack_require__.bind(__webpack_require__, 8533));
    const r = await stopServer(pid);
    if (r.wasRunning)
        core.info(`Stopped the local registry ${state.serve?.registry ?? ''} (pid ${pid})${r.forced ? ' — it had to be killed' : ''}`);
}
/**
 * The runner cache as the lazy blob source of a detached `serve` registry: the child
 * inherits the runner's cache variables, reads the ledger the main step left in the
 * store, and restores a blob the first time a client pulls it.
 */
async function serveChildFallback(options, logger) {
    // No key prefix: `cache: false` (commands/serve.ts passes the prefix only with the cache on).
    if (options.cacheKey === undefined || !cacheServiceAvailability(process.env).available)
        return undefined;
    const cache = new cache_RunnerCache({ root: options.store, keyPrefix: options.cacheKey, env: process.env, logger });
    await cache.ledger();
    return cache.fallback();
}


/***/ }),

/***/ 6944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ac: () => (/* binding */ parseOptions),
/* harmony export */   P4: () => (/* binding */ registryInputs),
/* harmony export */   Qh: () => (/* binding */ INPUT_NAMES),
/* harmony export */   ol: () => (/* reexport safe */ _platform_js__WEBPACK_IMPORTED_MODULE_4__.ol)
/* harmony export */ });
/* unused harmony exports COMMANDS, splitList, splitLines, parseBoolean, parseArgs, parseKeyValues, parseAnnotations, expandPath, validateRef, parseLayerSpec, DEFAULT_CACHE_MAX_SIZE, parseByteSize, defaultCacheKey, explicitRegistries */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5543);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(692);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5378);
/* harmony import */ var _compress_codecs_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6721);
/**
 * The inputs of every command (DESIGN.md §2), parsed and validated in one place for the
 * action (`INPUT_*`) and the CLI (`--flag value`) alike. Every failure is an OciError
 * naming the input and the fix.
 */








/** Every command. */
const COMMANDS = ['ingest', 'pull', 'push', 'unpack', 'tag', 'index', 'inspect', 'verify', 'gc', 'serve'];
/** Every input name, as action.yml and the CLI flags spell them. */
const INPUT_NAMES = [
    'command',
    'store',
    'ref',
    'tags',
    'push',
    'layers',
    'base',
    'artifact-type',
    'entrypoint',
    'cmd',
    'env',
    'workdir',
    'user',
    'labels',
    'annotations',
    'platform',
    'compression',
    'format',
    'path',
    'overwrite',
    'same-owner',
    'username',
    'password',
    'github-token',
    'insecure',
    'cache',
    'cache-key',
    'retention-days',
    'cache-max-size',
    'pin',
    'port',
];
function bad(input, message, hint) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('INVALID_INPUT', message, { input, hint });
}
/** Split a list input on newlines and commas, trimmed, empties dropped. */
function splitList(value) {
    if (!value)
        return [];
    return value
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
/** Split on newlines only (values may contain commas), trimmed, empties and `#` comments dropped. */
function splitLines(value) {
    if (!value)
        return [];
    return value
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
/** Parse a boolean input (`true`/`false`, any case). */
function parseBoolean(input, value, fallback) {
    if (value === undefined || value.trim() === '')
        return fallback;
    const v = value.trim().toLowerCase();
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    throw bad(input, `${JSON.stringify(value)} is not a boolean`, `set ${input} to true or false`);
}
/**
 * Split a command line into words: a JSON array (`["node","app.js"]`) as is, else words
 * separated by whitespace with '…' and "…" quoting and backslash escapes.
 */
function parseArgs(input, value) {
    const v = value.trim();
    if (v.startsWith('[')) {
        let parsed;
        try {
            parsed = JSON.parse(v);
        }
        catch {
            throw bad(input, `${JSON.stringify(value)} is not a valid JSON array`, 'write a JSON array of strings like ["node","app.js"], or plain words');
        }
        if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
            throw bad(input, 'the JSON array must hold only strings', 'write e.g. ["node","app.js"]');
        }
        return parsed;
    }
    const words = [];
    let cur = '';
    let inWord = false;
    let quote;
    for (let i = 0; i < v.length; i++) {
        const c = v[i];
        if (quote) {
            if (c === quote)
                quote = undefined;
            else if (c === '\\' && quote === '"' && i + 1 < v.length)
                cur += v[++i];
            else
                cur += c;
        }
        else if (c === '"' || c === "'") {
            quote = c;
            inWord = true;
        }
        else if (c === '\\' && i + 1 < v.length) {
            cur += v[++i];
            inWord = true;
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(cur);
            cur = '';
            inWord = false;
        }
        else {
            cur += c;
            inWord = true;
        }
    }
    if (quote)
        throw bad(input, `unterminated ${quote} quote in ${JSON.stringify(value)}`, 'close the quote or use a JSON array');
    if (inWord)
        words.push(cur);
    return words;
}
/** Parse `KEY=VALUE` lines into a map (later lines win). */
function parseKeyValues(input, value, keyPattern) {
    const out = {};
    for (const line of splitLines(value)) {
        const eq = line.indexOf('=');
        const key = eq < 0 ? line : line.slice(0, eq).trim();
        if (eq <= 0 || !keyPattern.test(key)) {
            throw bad(input, `${JSON.stringify(line)} is not KEY=VALUE`, `write one KEY=VALUE per line`);
        }
        out[key] = line.slice(eq + 1);
    }
    return out;
}
const ANNOTATION_LEVELS = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'];
/** Parse annotations: `[level:]key=value` per line (docker/metadata-action's `annotations` output verbatim). */
function parseAnnotations(value) {
    const out = [];
    for (const line of splitLines(value)) {
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw bad('annotations', `${JSON.stringify(line)} is not key=value`, 'write one [manifest:|index:]key=value per line');
        let key = line.slice(0, eq).trim();
        let level = 'manifest';
        const colon = key.indexOf(':');
        if (colon > 0) {
            const prefix = key.slice(0, colon).replace(/\[.*\]$/, '');
            if (!ANNOTATION_LEVELS.includes(prefix)) {
                throw bad('annotations', `unknown annotation level ${JSON.stringify(prefix)} in ${JSON.stringify(line)}`, `use one of ${ANNOTATION_LEVELS.join(', ')}`);
            }
            level = prefix;
            key = key.slice(colon + 1);
        }
        if (key === '')
            throw bad('annotations', `empty key in ${JSON.stringify(line)}`, 'write key=value');
        out.push({ level, key, value: line.slice(eq + 1) });
    }
    return out;
}
/** Expand a leading `~` and make absolute against `cwd`. */
function expandPath(p, cwd, home = (0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)()) {
    let out = p.trim();
    if (out === '~')
        out = home;
    else if (out.startsWith('~/'))
        out = home + out.slice(1);
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(out) ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(out) : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, out);
}
/** Validate a `ref` input: a bare digest, `name@digest`, a tag or a remote ref. */
function validateRef(value, input = 'ref') {
    const v = value.trim();
    if ((0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .isDigest */ .Bc)(v))
        return v;
    if (/^[a-z0-9]+:[0-9a-fA-F]{20,}$/.test(v)) {
        try {
            (0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .parseDigest */ .m)(v);
        }
        catch (e) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .withInput */ .zE)(e, input);
        }
    }
    (0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .parseReference */ .F2)(v, input);
    return v;
}
/** Parse a `layers` line `SRC[:DEST]`; DEST must be absolute. */
function parseLayerSpec(line) {
    const colon = line.lastIndexOf(':');
    if (colon < 0)
        return { src: line };
    const src = line.slice(0, colon).trim();
    const dest = line.slice(colon + 1).trim();
    if (src === '')
        throw bad('layers', `${JSON.stringify(line)} has an empty SRC`, 'write SRC[:DEST], e.g. dist:/app');
    if (dest === '' || !dest.startsWith('/')) {
        throw bad('layers', `DEST ${JSON.stringify(dest)} in ${JSON.stringify(line)} is not an absolute path`, 'write SRC:/absolute/path, e.g. dist:/app');
    }
    return { src, dest };
}
/** Default `cache-max-size`: keeps a repository well under GitHub's 10 GB cache limit. */
const DEFAULT_CACHE_MAX_SIZE = '4GB';
const SIZE_UNITS = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
/**
 * A size with docker's units (go-units `FromHumanSize`): `500MB`, `4GB`, `1.5g` are
 * decimal; `2GiB` binary; a bare number is bytes; `0` means no limit.
 */
function parseByteSize(input, value) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
    const unit = m && Object.hasOwn(SIZE_UNITS, m[2].toLowerCase()) ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
    if (!m || unit === undefined) {
        throw bad(input, `${JSON.stringify(value)} is not a size`, 'write a number with a unit, e.g. 4GB, 500MB or 2GiB (0 for no limit)');
    }
    return Math.floor(Number(m[1]) * unit);
}
/** `retention-days`: a whole number of days; empty or 0 keeps tags regardless of age. */
function parseRetentionDays(value) {
    if (value === undefined)
        return 0;
    const v = value.trim();
    if (!/^\d+$/.test(v))
        throw bad('retention-days', `${JSON.stringify(value)} is not a number of days`, 'write a whole number, e.g. 30 (0 or empty keeps tags regardless of age)');
    return Number(v);
}
/** The default cache key prefix for this runner. */
function defaultCacheKey(env) {
    const p = (0,_platform_js__WEBPACK_IMPORTED_MODULE_4__/* .hostPlatform */ .ol)(env.platform, env.arch);
    return `oci-store-${p.os}-${p.architecture}`;
}
/**
 * Parse and validate raw inputs into Options. Command-specific requirements (ingest needs
 * `layers`, unpack needs `ref` and `path`, …) are checked here too, so a front end fails
 * before touching the store.
 */
function parseOptions(raw, env) {
    const get = (name) => {
        const v = raw[name];
        return v === undefined || v.trim() === '' ? undefined : v;
    };
    const commandRaw = (get('command') ?? 'ingest').trim();
    if (!COMMANDS.includes(commandRaw)) {
        throw bad('command', `unknown command ${JSON.stringify(commandRaw)}`, `use one of ${COMMANDS.join(', ')}`);
    }
    const command = commandRaw;
    const home = env.home ?? (0,node_os__WEBPACK_IMPORTED_MODULE_0__.homedir)();
    const tags = splitList(get('tags'));
    for (const t of tags)
        (0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .parseReference */ .F2)(t, 'tags');
    // `index` takes a list of refs (one per line, or comma-separated: a ref holds no comma).
    const refs = command === 'index' ? splitList(get('ref')).map((r) => validateRef(r, 'ref')) : undefined;
    const ref = get('ref') !== undefined && refs === undefined ? validateRef(get('ref'), 'ref') : undefined;
    const layers = splitLines(get('layers')).map(parseLayerSpec);
    const baseRaw = get('base')?.trim();
    const base = baseRaw === undefined || baseRaw === 'scratch' ? undefined : validateRef(baseRaw, 'base');
    const platformRaw = get('platform')?.trim();
    let platforms = [];
    if (platformRaw === 'all') {
        if (command === 'ingest')
            throw bad('platform', '"all" only selects platforms on pull and unpack', 'list the platforms to build, e.g. linux/amd64,linux/arm64');
        platforms = 'all';
    }
    else if (platformRaw !== undefined) {
        platforms = splitList(platformRaw).map((p) => (0,_platform_js__WEBPACK_IMPORTED_MODULE_4__/* .parsePlatform */ .FL)(p));
    }
    const compressionRaw = (get('compression') ?? 'gzip').trim();
    if (!_compress_codecs_js__WEBPACK_IMPORTED_MODULE_6__/* .COMPRESSIONS */ ._7.includes(compressionRaw)) {
        throw bad('compression', `unknown compression ${JSON.stringify(compressionRaw)}`, `use ${_compress_codecs_js__WEBPACK_IMPORTED_MODULE_6__/* .COMPRESSIONS */ ._7.slice(0, -1).join(', ')} or ${_compress_codecs_js__WEBPACK_IMPORTED_MODULE_6__/* .COMPRESSIONS */ ._7.at(-1)}`);
    }
    const format = get('format')?.trim();
    if (format !== undefined && format !== 'oci') {
        throw bad('format', `unknown format ${JSON.stringify(format)}`, 'use oci (tag writes Docker-format content as a new OCI manifest), or leave format empty');
    }
    if (format !== undefined && command !== 'tag') {
        throw bad('format', `format applies to command tag, not ${command}`, 'run command tag with ref, tags and format: oci');
    }
    const portRaw = (get('port') ?? '5000').trim();
    const port = Number(portRaw);
    if (!/^\d+$/.test(portRaw) || port < 1 || port > 65535) {
        throw bad('port', `${JSON.stringify(portRaw)} is not a TCP port`, 'use a number from 1 to 65535');
    }
    const artifactType = get('artifact-type')?.trim();
    if (artifactType !== undefined && !/^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/.test(artifactType)) {
        throw bad('artifact-type', `${JSON.stringify(artifactType)} is not a media type`, 'write type/subtype, e.g. application/vnd.example.report.v1');
    }
    const workdir = get('workdir')?.trim();
    if (workdir !== undefined && !workdir.startsWith('/')) {
        throw bad('workdir', `${JSON.stringify(workdir)} is not an absolute path`, 'write an absolute path inside the image, e.g. /app');
    }
    const opts = {
        command,
        store: expandPath(get('store') ?? '~/.cache/oci-store', env.cwd, home),
        tags,
        push: parseBoolean('push', get('push'), false),
        layers,
        env: parseKeyValues('env', get('env'), /^[^\s=]+$/),
        labels: parseKeyValues('labels', get('labels'), /^\S+$/),
        annotations: parseAnnotations(get('annotations')),
        platforms,
        compression: compressionRaw,
        insecure: splitList(get('insecure')),
        cache: parseBoolean('cache', get('cache'), true),
        cacheKey: (get('cache-key') ?? defaultCacheKey(env)).trim(),
        retentionDays: parseRetentionDays(get('retention-days')),
        cacheMaxSize: parseByteSize('cache-max-size', get('cache-max-size') ?? DEFAULT_CACHE_MAX_SIZE),
        pin: splitList(get('pin')),
        port,
    };
    if (ref !== undefined)
        opts.ref = ref;
    if (refs !== undefined)
        opts.refs = refs;
    if (base !== undefined)
        opts.base = base;
    if (artifactType !== undefined)
        opts.artifactType = artifactType;
    if (format !== undefined)
        opts.format = format;
    if (parseBoolean('overwrite', get('overwrite'), false))
        opts.overwrite = true;
    if (parseBoolean('same-owner', get('same-owner'), false))
        opts.sameOwner = true;
    const entrypoint = get('entrypoint');
    if (entrypoint !== undefined)
        opts.entrypoint = parseArgs('entrypoint', entrypoint);
    const cmd = get('cmd');
    if (cmd !== undefined)
        opts.cmd = parseArgs('cmd', cmd);
    if (workdir !== undefined)
        opts.workdir = workdir;
    const user = get('user')?.trim();
    if (user !== undefined)
        opts.user = user;
    const path = get('path');
    if (path !== undefined)
        opts.path = expandPath(path, env.cwd, home);
    const username = get('username');
    if (username !== undefined)
        opts.username = username.trim();
    const password = get('password');
    if (password !== undefined)
        opts.password = password;
    const githubToken = get('github-token');
    if (githubToken !== undefined)
        opts.githubToken = githubToken.trim();
    requireCredentialPair(opts);
    if (/[^A-Za-z0-9._-]/.test(opts.cacheKey)) {
        throw bad('cache-key', `${JSON.stringify(opts.cacheKey)} has characters a cache key cannot hold`, 'use letters, digits, dot, dash and underscore');
    }
    requireFor(opts);
    return opts;
}
/**
 * `username` and `password` go together (docker login's rule): one without the other is
 * an input error here, before any request — not a 401 after one. An unset secret
 * (`${{ secrets.X }}`) is empty, the usual cause. Never quotes the password.
 */
function requireCredentialPair(o) {
    if (o.username !== undefined && o.password === undefined) {
        throw bad('password', 'username is set but password is empty', 'set password too, e.g. password: ${{ secrets.REGISTRY_TOKEN }} (an unset secret is empty), or leave username empty to use docker config.json');
    }
    if (o.password !== undefined && o.username === undefined) {
        throw bad('username', 'password is set but username is empty', 'set username to the account the password or token belongs to');
    }
}
/** Command-specific required inputs. */
function requireFor(o) {
    const need = (input, present, hint) => {
        if (!present)
            throw bad(input, `${input} is required for command ${o.command}`, hint);
    };
    switch (o.command) {
        case 'ingest':
            need('layers', o.layers.length > 0, 'list one SRC[:DEST] per line, e.g. dist:/app');
            break;
        case 'pull':
            need('ref', o.ref !== undefined, 'set ref to the image to pull, e.g. ghcr.io/owner/app:1');
            break;
        case 'push':
            need('ref', o.ref !== undefined, 'set ref to the store tag to push, e.g. app:1');
            break;
        case 'unpack':
            need('ref', o.ref !== undefined, 'set ref to the image to unpack, e.g. app:1');
            need('path', o.path !== undefined, 'set path to the directory to unpack into');
            break;
        case 'tag':
            need('ref', o.ref !== undefined, 'set ref to the image to tag, e.g. app:1');
            need('tags', o.tags.length > 0, 'list the new tags, e.g. app:stable');
            break;
        case 'index':
            need('ref', (o.refs?.length ?? 0) > 0, 'list the images to assemble, one per line, e.g. ghcr.io/owner/app@sha256:…');
            // Untagged, the new index would be collected by the next gc.
            need('tags', o.tags.length > 0, 'name the index in tags, e.g. app:1 or ghcr.io/owner/app:1 (with push: true)');
            break;
        default:
            break;
    }
    if (o.push && o.command !== 'push') {
        if (!['ingest', 'pull', 'tag', 'index'].includes(o.command)) {
            throw bad('push', `push: true does nothing for command ${o.command}`, 'use push with ingest, pull, tag or index, or use command: push');
        }
        need('tags', o.tags.length > 0, 'list the registry refs to push to, e.g. ghcr.io/owner/app:1');
    }
}
/**
 * The registries the username/password inputs are meant for: those of `ref` (when it
 * names one, or always for pull and push), of `base` when it names one, and of every push
 * target (docker semantics: a ref without a host is on docker.io). Base images pulled from
 * other registries use docker's config or go anonymous, so a ghcr.io token is never sent
 * to Docker Hub.
 */
function explicitRegistries(options) {
    const out = new Set();
    const add = (ref, always) => {
        if (ref === undefined || /^[a-z0-9]+:[a-f0-9]{32,}$/.test(ref))
            return;
        try {
            if (always || (0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .hasRegistry */ .qY)(ref))
                out.add((0,_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .normalize */ .S8)(ref).registry);
        }
        catch {
            // invalid refs are reported where they are used
        }
    };
    add(options.ref, options.command === 'pull' || options.command === 'push');
    add(options.base, false);
    if (options.push || options.command === 'push')
        for (const t of options.tags)
            add(t, true);
    if (options.command === 'push' && options.tags.length === 0)
        add(options.ref, true);
    return out;
}
/** What a registry client takes of a command's inputs: credentials, the registries they are for, insecure hosts. */
function registryInputs(options) {
    const inputs = { insecure: options.insecure, explicitRegistries: explicitRegistries(options) };
    if (options.username !== undefined)
        inputs.username = options.username;
    if (options.password !== undefined)
        inputs.password = options.password;
    if (options.githubToken !== undefined)
        inputs.githubToken = options.githubToken;
    return inputs;
}


/***/ }),

/***/ 6721:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AH: () => (/* binding */ layerCompression),
/* harmony export */   _7: () => (/* binding */ COMPRESSIONS),
/* harmony export */   rL: () => (/* binding */ codec),
/* harmony export */   sG: () => (/* binding */ layerMediaType)
/* harmony export */ });
/* unused harmony export CODECS */
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7736);
/**
 * The layer codecs, in one table: each codec's name (the `compression` input), how layer
 * media types spell it, and its compressor and decompressor. The input's choices, the
 * `Compression` type, the media type a layer is written with and the compression a media
 * type is read with all derive from it: a new codec is one entry here.
 *
 * Reference: image-spec media-types.md (`+gzip`, `+zstd` on the layer types) and its
 * compatibility matrix (Docker schema2's layer types).
 */

/** Every codec by name, in the order the `compression` input lists them. */
const CODECS = {
    gzip: {
        suffix: '+gzip',
        docker: [_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.DockerLayerGzip, _types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.DockerForeignLayerGzip],
        async *compress(source, o) {
            // No level asked for: each block's level by its content (gzip.ts GZIP_LEVEL_BY_KIND).
            yield* (await __webpack_require__.e(/* import() */ 354).then(__webpack_require__.bind(__webpack_require__, 4354))).gzipStream(source, o);
        },
        async *decompress(source) {
            yield* (await __webpack_require__.e(/* import() */ 354).then(__webpack_require__.bind(__webpack_require__, 4354))).gunzipStream(source);
        },
    },
    zstd: {
        suffix: '+zstd',
        docker: [_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.DockerLayerZstd],
        async *compress(source, o) {
            yield* (await __webpack_require__.e(/* import() */ 233).then(__webpack_require__.bind(__webpack_require__, 8233))).zstdStream(source, o);
        },
        async *decompress(source) {
            yield* (await __webpack_require__.e(/* import() */ 233).then(__webpack_require__.bind(__webpack_require__, 8233))).unzstdStream(source);
        },
    },
    none: {
        suffix: '',
        docker: [_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.DockerLayer, _types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.DockerForeignLayer],
    },
};
/** Every compression, in the order the input's help lists them. */
const COMPRESSIONS = Object.keys(CODECS);
/** The codec of a compression. */
function codec(compression) {
    return CODECS[compression];
}
/** Layer media type → compression: the OCI types (suffixed) and Docker's, for every codec. */
const BY_MEDIA_TYPE = new Map(COMPRESSIONS.flatMap((name) => {
    const c = CODECS[name];
    return [_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.Layer + c.suffix, _types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.LayerNonDistributable + c.suffix, ...c.docker].map((t) => [t, name]);
}));
/**
 * The compression a layer media type implies, or undefined when the media type is not a
 * layer we know how to read.
 */
function layerCompression(mediaType) {
    return BY_MEDIA_TYPE.get(mediaType);
}
/** The OCI layer media type for a compression. */
function layerMediaType(compression) {
    return _types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.Layer + CODECS[compression].suffix;
}


/***/ }),

/***/ 9078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B6: () => (/* binding */ isMounter),
/* harmony export */   Bu: () => (/* binding */ isRangeFetcher),
/* harmony export */   VN: () => (/* binding */ isTagsPusher),
/* harmony export */   qq: () => (/* binding */ silentLogger)
/* harmony export */ });
/* unused harmony export isReferrerLister */
/** A logger that drops everything. */
const silentLogger = { debug() { }, info() { }, warning() { } };
const hasMethods = (x, ...names) => typeof x === 'object' && x !== null && names.every((n) => typeof x[n] === 'function');
/** True when `x` can push a blob by cross-repository mount. */
function isMounter(x) {
    return hasMethods(x, 'mount');
}
/** True when `x` pushes a manifest to several references at once. */
function isTagsPusher(x) {
    return hasMethods(x, 'pushReferences', 'referenceDigest');
}
/** True when `x` fetches byte ranges and resumes broken transfers. */
function isRangeFetcher(x) {
    return hasMethods(x, 'fetchRange', 'fetchResumable');
}
/** True when `x` lists the referrers of a manifest. */
function isReferrerLister(x) {
    return hasMethods(x, 'referrers');
}


/***/ }),

/***/ 5543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   RV: () => (/* binding */ verifyBytes),
/* harmony export */   m: () => (/* binding */ parseDigest),
/* harmony export */   ol: () => (/* binding */ digestOf),
/* harmony export */   sc: () => (/* binding */ sha256),
/* harmony export */   vl: () => (/* binding */ DigestStream)
/* harmony export */ });
/* unused harmony export hasherFor */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4296);
/**
 * Digests: parsing, validation, hashing and verifying streams.
 *
 * Reference: image-spec descriptor.md "Digests". sha256 is what we write; sha512 is
 * accepted on read.
 */



/** Digest algorithms we can verify, with the length of their hex encoding. */
const ALGORITHMS = { sha256: 64, sha512: 128 };
const DIGEST_RE = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
/**
 * Parse and validate a digest string (`sha256:<64 lowercase hex>`).
 * Throws INVALID_DIGEST for anything else, including unknown algorithms.
 */
function parseDigest(digest) {
    const m = typeof digest === 'string' ? DIGEST_RE.exec(digest) : null;
    if (!m) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('INVALID_DIGEST', `invalid digest ${JSON.stringify(digest)}`, {
            hint: 'a digest looks like sha256:<64 lowercase hex characters>',
        });
    }
    const [, algorithm, hex] = m;
    const length = ALGORITHMS[algorithm];
    if (length === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('INVALID_DIGEST', `unsupported digest algorithm ${JSON.stringify(algorithm)} in ${digest}`, {
            hint: 'use sha256 (sha512 is accepted on read)',
        });
    }
    if (hex.length !== length || !/^[0-9a-f]+$/.test(hex)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('INVALID_DIGEST', `invalid ${algorithm} digest ${JSON.stringify(digest)}`, {
            hint: `the encoded part must be ${length} lowercase hex characters`,
        });
    }
    return { algorithm: algorithm, hex };
}
/** True when `digest` parses. */
function isDigest(digest) {
    try {
        parseDigest(digest);
        return true;
    }
    catch {
        return false;
    }
}
/** The sha256 digest of bytes. */
function sha256(data) {
    return 'sha256:' + (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
}
/** The digest of bytes with the algorithm of `like` (defaults to sha256). */
function digestOf(data, algorithm = 'sha256') {
    return `${algorithm}:` + (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(data).digest('hex');
}
/** A hash for a digest's algorithm. */
function hasherFor(digest) {
    return createHash(parseDigest(digest).algorithm);
}
/**
 * A pass-through stream that counts and hashes bytes. When `expected` is given, it fails the
 * stream at its end with SIZE_MISMATCH or DIGEST_MISMATCH, and fails early with
 * SIZE_MISMATCH as soon as more bytes than `expected.size` arrive — so a verified consumer
 * never acts on unverified content past the last chunk.
 */
class DigestStream extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform {
    #hash;
    #size = 0;
    #digest;
    #expected;
    #algorithm;
    constructor(expected, algorithm) {
        super();
        this.#expected = expected;
        this.#algorithm = algorithm ?? (expected?.digest ? parseDigest(expected.digest).algorithm : 'sha256');
        this.#hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(this.#algorithm);
    }
    /** Bytes seen so far. */
    get size() {
        return this.#size;
    }
    /** The digest of all bytes, available after the stream has ended. */
    get digest() {
        if (this.#digest === undefined)
            throw new Error('DigestStream: digest read before end');
        return this.#digest;
    }
    _transform(chunk, _enc, cb) {
        this.#size += chunk.length;
        const limit = this.#expected?.size;
        if (limit !== undefined && this.#size > limit) {
            cb(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('SIZE_MISMATCH', `content is larger than the expected ${limit} bytes${this.#label()}`, {
                hint: 'the source changed or is corrupt',
            }));
            return;
        }
        this.#hash.update(chunk);
        cb(null, chunk);
    }
    _flush(cb) {
        this.#digest = `${this.#algorithm}:` + this.#hash.digest('hex');
        const e = this.#expected;
        if (e?.size !== undefined && e.size !== this.#size) {
            cb(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('SIZE_MISMATCH', `content has ${this.#size} bytes, expected ${e.size}${this.#label()}`, {
                hint: 'the source was truncated or is corrupt',
            }));
            return;
        }
        if (e?.digest !== undefined && e.digest !== this.#digest) {
            cb(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('DIGEST_MISMATCH', `content digest ${this.#digest} does not match expected ${e.digest}`, {
                hint: 'the source is corrupt or was modified',
            }));
            return;
        }
        cb();
    }
    #label() {
        return this.#expected?.digest ? ` (${this.#expected.digest})` : '';
    }
}
/** Throw DIGEST_MISMATCH / SIZE_MISMATCH unless `data` has the expected digest and size. */
function verifyBytes(data, expected) {
    if (expected.size !== undefined && data.length !== expected.size) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('SIZE_MISMATCH', `content has ${data.length} bytes, expected ${expected.size} (${expected.digest})`);
    }
    const actual = digestOf(data, parseDigest(expected.digest).algorithm);
    if (actual !== expected.digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .OciError */ .Mf('DIGEST_MISMATCH', `content digest ${actual} does not match expected ${expected.digest}`);
    }
}


/***/ }),

/***/ 5035:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ makeDirectory),
/* harmony export */   checkLocation: () => (/* binding */ checkLocation)
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

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kh: () => (/* binding */ fromSystemError),
/* harmony export */   Mf: () => (/* binding */ OciError),
/* harmony export */   Wk: () => (/* binding */ formatError),
/* harmony export */   eq: () => (/* binding */ isOciError),
/* harmony export */   iD: () => (/* binding */ withPath),
/* harmony export */   r: () => (/* binding */ isErrno),
/* harmony export */   zE: () => (/* binding */ withInput)
/* harmony export */ });
/* unused harmony export shortenPath */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Errors with codes. Callers match `code`, never the message text.
 *
 * Every error that reaches a user names what was wrong (`input`, when an action input or
 * CLI flag is at fault) and how to fix it (`hint`).
 */

/** An error with a stable code, the input at fault and a hint for the fix. */
class OciError extends Error {
    code;
    input;
    hint;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'OciError';
        this.code = code;
        if (options.input !== undefined)
            this.input = options.input;
        if (options.hint !== undefined)
            this.hint = options.hint;
    }
}
/** True when `err` is an OciError, optionally with one of the given codes. */
function isOciError(err, ...codes) {
    return err instanceof OciError && (codes.length === 0 || codes.includes(err.code));
}
/** True when `err` is a Node system error with the given errno code (ENOENT, EEXIST…). */
function isErrno(err, ...codes) {
    return (typeof err === 'object' &&
        err !== null &&
        typeof err.code === 'string' &&
        codes.includes(err.code));
}
/**
 * Return a copy of `err` attributed to `input` when it has no input yet: lets a front end
 * say which input a core failure came from without the core knowing input names.
 */
function withInput(err, input) {
    if (err instanceof OciError && err.input === undefined) {
        const e = new OciError(err.code, err.message, { input, hint: err.hint, cause: err.cause });
        e.stack = err.stack;
        return e;
    }
    return err;
}
/**
 * One line for a user: `input: message. hint` — no stack, no cause chain. A raw Node
 * system error is translated first (fromSystemError); any word longer than a screen line
 * (a 4 KB path in some message) is shortened in the middle.
 */
function formatError(err) {
    const e = fromSystemError(err);
    let line;
    if (e instanceof OciError) {
        const parts = [e.input ? `${e.input}: ${e.message}` : e.message];
        if (e.hint)
            parts.push(e.hint);
        line = parts.map((p) => p.replace(/[.\s]+$/, '')).join('. ') + '.';
    }
    else if (e instanceof Error) {
        line = e.message;
    }
    else {
        line = String(e);
    }
    return line.replace(/\S{201,}/g, (w) => shortenPath(w));
}
/** A path (or any long word) cut in the middle to at most `max` characters: `/home/u/…/last/parts`. */
function shortenPath(path, max = 120) {
    if (path.length <= max)
        return path;
    const head = Math.floor((max - 1) * 0.4);
    const tail = max - 1 - head;
    return `${path.slice(0, head)}…${path.slice(path.length - tail)}`;
}
/**
 * Record on a system error the file it concerns when Node left it out (a failed `write`
 * on a handle carries no path): `err` itself, for rethrowing.
 */
function withPath(err, path) {
    if (isErrno(err, err.code) && err.path === undefined) {
        err.path = path;
    }
    return err;
}
/** `a` is `b` or inside it. */
function within(a, b) {
    const base = b.endsWith(node_path__WEBPACK_IMPORTED_MODULE_0__.sep) ? b : b + node_path__WEBPACK_IMPORTED_MODULE_0__.sep;
    return a === b || a.startsWith(base);
}
/** What a system call was doing, in words. */
const DOING = {
    open: 'open',
    mkdir: 'create the directory',
    rmdir: 'remove the directory',
    unlink: 'remove',
    rename: 'rename',
    link: 'link',
    symlink: 'create the symlink',
    scandir: 'list',
    stat: 'read',
    lstat: 'read',
    read: 'read',
    write: 'write',
    copyfile: 'copy',
    chmod: 'change the mode of',
    utime: 'set the times of',
    chown: 'change the owner of',
    fsync: 'flush',
    fdatasync: 'flush',
    ftruncate: 'truncate',
    readlink: 'read the link',
    realpath: 'resolve',
    access: 'access',
    statfs: 'read',
};
/** Node network errnos, reported as NETWORK. */
const NETWORK_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
/**
 * Translate a raw Node system error (`err.code` like ENOSPC, EROFS, EACCES…) into one
 * OciError that names the input at fault (the place holding `err.path`, else
 * `places.input`), says what happened with the path shortened, and how to fix it. The
 * original error is kept as `cause`. Anything else is returned unchanged.
 */
function fromSystemError(err, where = {}) {
    // Duck-typed: errors raised by Node may come from another realm (vm contexts), where instanceof fails.
    if (err instanceof OciError || typeof err !== 'object' || err === null)
        return err;
    const e = err;
    const code = e.code;
    // System errors carry an errno name and the failed call; Node's own ERR_* codes are not ours to reword.
    if (typeof code !== 'string' || !/^E[A-Z0-9_]+$/.test(code) || code.startsWith('ERR_'))
        return err;
    if (typeof e.syscall !== 'string' && !NETWORK_ERRNOS.has(code))
        return err;
    const path = typeof e.path === 'string' ? e.path : undefined;
    const place = path !== undefined ? where.places?.find((p) => within(path, p.path) || within(p.path, path)) : undefined;
    const input = place?.input ?? (path === undefined ? where.input : undefined);
    const opts = (hint) => ({ ...(input !== undefined ? { input } : {}), hint, cause: err });
    const short = path !== undefined ? shortenPath(path) : undefined;
    const doing = DOING[e.syscall ?? ''] ?? e.syscall ?? 'use';
    const placePath = input !== undefined ? where.places?.find((p) => p.input === input)?.path : undefined;
    const target = short !== undefined ? `${doing} ${short}` : placePath !== undefined ? `${doing} in ${shortenPath(placePath)}` : doing;
    const them = input ?? 'it';
    if (NETWORK_ERRNOS.has(code)) {
        const peer = e.hostname ?? (e.address !== undefined ? `${e.address}${e.port !== undefined ? `:${e.port}` : ''}` : 'the server');
        return new OciError('NETWORK', `${peer}: ${ERRNO_NETWORK_TEXT[code] ?? code}`, opts('check the address, that the server runs and is reachable from here, and retry'));
    }
    switch (code) {
        case 'ENOSPC':
        case 'EDQUOT':
            return new OciError('NO_SPACE', `${code === 'EDQUOT' ? 'disk quota exceeded' : 'no space left on the device'}: cannot ${target}`, opts(`free disk space (gc removes unreferenced blobs from a store), or point ${them} at a larger disk`));
        case 'EROFS':
            return new OciError('READ_ONLY', `cannot ${target}: the file system is read-only`, opts(`point ${them} at a writable directory`));
        case 'EACCES':
        case 'EPERM':
            return new OciError('PERMISSION_DENIED', `permission denied: cannot ${target}`, opts(`give this user${typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : ''} access to it, or point ${them} at a directory it owns`));
        case 'ENAMETOOLONG':
            return new OciError('NAME_TOO_LONG', `a path${path !== undefined ? ` of ${path.length} characters` : ''} is too long for the file system: cannot ${target}`, opts(`use a shorter ${input ?? 'path'} (or shorter file names)`));
        case 'EMFILE':
        case 'ENFILE':
            return new OciError('TOO_MANY_OPEN_FILES', `too many open files: cannot ${target}`, opts('raise the open-file limit (ulimit -n), or run fewer oci-store commands at once'));
        case 'ENOENT':
            return new OciError('NOT_FOUND', `cannot ${target}: it does not exist`, opts(`check ${them}, and that nothing else removes it while oci-store runs`));
        default:
            return new OciError('FILE_SYSTEM', `cannot ${target}: ${ERRNO_TEXT[code] ?? `${code.toLowerCase()} error`}`, opts(ERRNO_HINT[code] ?? `check ${them} and the file system holding it, then retry`));
    }
}
/** What the other errnos mean, in words (the message part after `cannot …:`). */
const ERRNO_TEXT = {
    ENOSPC: 'no space left',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENAMETOOLONG: 'name too long',
    EMFILE: 'too many open files',
    ENFILE: 'too many open files in the system',
    ENOENT: 'it does not exist',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EISDIR: 'it is a directory',
    EEXIST: 'it already exists',
    ENOTEMPTY: 'the directory is not empty',
    ELOOP: 'too many levels of symbolic links',
    EIO: 'input/output error',
    EBUSY: 'it is busy',
    ETXTBSY: 'it is a running program',
    EXDEV: 'it is on another file system',
    EMLINK: 'too many links',
    EFBIG: 'the file is too large for the file system',
    EINVAL: 'the file system does not support this',
    ENOTSUP: 'the file system does not support this',
    EOPNOTSUPP: 'the file system does not support this',
    ENXIO: 'no such device',
    ENODEV: 'no such device',
    ESTALE: 'stale network file handle',
};
const ERRNO_HINT = {
    ENOTDIR: 'remove the file that stands where a directory is needed, or choose another path',
    EIO: 'the disk or network file system failed; check it and retry',
    ESTALE: 'the network file system dropped the file; retry',
    EXDEV: 'keep the store and its temporary files on one file system',
    EFBIG: 'use a file system that allows larger files',
};
const ERRNO_NETWORK_TEXT = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'the connection was reset',
    ETIMEDOUT: 'the connection timed out',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved (DNS unavailable)',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    EPIPE: 'the connection was closed while sending',
    ECONNABORTED: 'the connection was aborted',
};


/***/ }),

/***/ 5154:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Store: () => (/* binding */ Store),
  cO: () => (/* binding */ tagOf)
});

// UNUSED EXPORTS: CONTAINERD_NAME_ANNOTATION, OMITTED_ANNOTATION, omittedChildren, validateDescriptor

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/core/content.ts
var content = __webpack_require__(9078);
// EXTERNAL MODULE: ./src/core/digest.ts
var core_digest = __webpack_require__(5543);
// EXTERNAL MODULE: ./src/core/dirs.ts
var dirs = __webpack_require__(5035);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/core/index-scan.ts
/**
 * index.json read without building it: one pass over its bytes validates the JSON and the
 * fields every entry must have (what `JSON.parse` plus a check of each descriptor did), and
 * records where each entry of `manifests` starts and ends. A command that touches one tag
 * then parses only the entries that can match it, and a tag is written by splicing the
 * entry it adds or replaces into the untouched bytes (issue 13: at 100,000 tags a full
 * parse costs ~1 s and ~150 MB of objects; the scan ~0.1 s and the file's bytes).
 *
 * Candidates are found by searching the bytes: an entry whose ref.name (or digest) is `v`
 * holds the bytes `"v"` — unless the entry spells a string with escapes (`\u0061`), which
 * such entries always count as candidates, as do entries with non-ASCII bytes (UTF-8
 * decoding may change what they say). Candidates are then parsed and compared exactly.
 *
 * Reference: RFC 8259 (JSON grammar), image-spec image-layout.md "index.json",
 * image-index.md, descriptor.md.
 */



const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Keys compared while scanning, as bytes. */
const KEY_MANIFESTS = Buffer.from('manifests');
const KEY_SCHEMA = Buffer.from('schemaVersion');
const KEY_DIGEST = Buffer.from('digest');
const KEY_SIZE = Buffer.from('size');
const KEY_MEDIA_TYPE = Buffer.from('mediaType');
const KEY_ANNOTATIONS = Buffer.from('annotations');
const KEY_REF_NAME = Buffer.from('org.opencontainers.image.ref.name');
/** containerd's full name: where present, the entry's tag is not its ref.name alone (layout.ts tagOf). */
const KEY_CONTAINERD_NAME = Buffer.from('io.containerd.image.name');
/** An entry's ref.name column: none, or one the scan cannot state (the entry must be parsed). */
const REF_NONE = -1;
const REF_UNKNOWN = -2;
/** Entry flags. */
const ESCAPED = 1;
const NON_ASCII = 2;
/** A token's kind, as recorded for an entry's fields. */
const T_NONE = 0;
const T_STRING = 1;
const T_NUMBER = 2;
const T_OTHER = 3;
/** Growable Int32 column. */
class Column {
    data = new Int32Array(1024);
    push(at, v) {
        if (at >= this.data.length) {
            const next = new Int32Array(this.data.length * 2);
            next.set(this.data);
            this.data = next;
        }
        this.data[at] = v;
    }
}
/**
 * A validated index.json: its bytes, and per entry of `manifests` its byte range, digest,
 * mediaType and size. Immutable; entries are parsed on demand and owned by the caller.
 */
class IndexScan {
    bytes;
    /** Number of entries in `manifests`. */
    count;
    #starts;
    #ends;
    #flags;
    #digestIds;
    #mediaTypeIds;
    #sizes;
    #refStarts;
    #refEnds;
    #digests;
    #mediaTypes;
    #flagged;
    /** Offsets of the manifests array's `[` and `]`. */
    #open;
    #close;
    /** @internal built by scanIndex */
    constructor(bytes, cols, tables, count, open, close) {
        this.bytes = bytes;
        this.count = count;
        this.#starts = cols.starts;
        this.#ends = cols.ends;
        this.#flags = cols.flags;
        this.#digestIds = cols.digestIds;
        this.#mediaTypeIds = cols.mediaTypeIds;
        this.#sizes = cols.sizes;
        this.#refStarts = cols.refStarts;
        this.#refEnds = cols.refEnds;
        this.#digests = tables.digests;
        this.#mediaTypes = tables.mediaTypes;
        this.#open = open;
        this.#close = close;
    }
    /** Entry `i`, parsed: a new object the caller owns. */
    entry(i) {
        const s = this.#starts[i];
        const e = this.#ends[i];
        return JSON.parse(this.bytes.toString(this.#flags[i] & NON_ASCII ? 'utf8' : 'latin1', s, e));
    }
    /** Entry `i`'s digest, mediaType and size (validated by the scan), without parsing it. */
    fields(i) {
        return { digest: this.#digests[this.#digestIds[i]], mediaType: this.#mediaTypes[this.#mediaTypeIds[i]], size: this.#sizes[i] };
    }
    /** Entry `i`'s digest. */
    digestOf(i) {
        return this.#digests[this.#digestIds[i]];
    }
    /**
     * Entries whose digest is `digest`, ascending — exact, not candidates: the scan decoded
     * and validated every entry's digest (escapes, duplicate keys: the last wins, as in
     * JSON.parse). One pass over a column: no search of the bytes, nothing parsed.
     */
    withDigest(digest) {
        const id = this.#digests.indexOf(digest);
        const out = [];
        if (id < 0)
            return out;
        const ids = this.#digestIds;
        for (let i = 0; i < this.count; i++)
            if (ids[i] === id)
                out.push(i);
        return out;
    }
    /**
     * Entry `i`'s `org.opencontainers.image.ref.name` as JSON.parse would read it, without
     * parsing the entry: undefined when its annotations have neither that key nor
     * `io.containerd.image.name`; null when the scan cannot say — an entry with escapes or
     * non-ASCII bytes, a ref.name that is not a string, annotations that are not an object,
     * or a containerd name (the entry's tag is then that name): parse it (`entry(i)`).
     */
    refName(i) {
        if (this.#flags[i] !== 0)
            return null;
        const e = this.#refEnds[i];
        if (e === REF_NONE)
            return undefined;
        if (e === REF_UNKNOWN)
            return null;
        return this.bytes.toString('latin1', this.#refStarts[i], e);
    }
    /** The whole index, parsed: a new object the caller owns (for work that needs every entry). */
    parse() {
        // ASCII (what JSON writers emit) is the same text read as latin1, without UTF-8 decoding.
        return JSON.parse(this.bytes.toString((0,external_node_buffer_.isAscii)(this.bytes) ? 'latin1' : 'utf8'));
    }
    /**
     * Entries that may hold a string equal to `value` (or, with `quoted: false`, containing
     * it), ascending: those whose bytes contain it, and every entry with escapes or non-ASCII
     * bytes. A superset: callers parse each and compare.
     */
    candidates(value, quoted = true) {
        const needle = Buffer.from(quoted ? JSON.stringify(value) : value, 'utf8');
        if (needle.length === 0)
            return Array.from({ length: this.count }, (_, i) => i);
        // Hits arrive ascending (one entry may hold several); merged with the flagged entries
        // (usually none) instead of testing every entry against a set: at 100,000 tags that
        // loop cost ~20 ms of a one-tag `unpack`.
        const hits = [];
        for (let at = this.bytes.indexOf(needle, this.#open); at >= 0 && at < this.#close; at = this.bytes.indexOf(needle, at + 1)) {
            const i = this.#entryAt(at);
            if (i >= 0 && hits[hits.length - 1] !== i)
                hits.push(i);
        }
        const flagged = (this.#flagged ??= this.#flaggedEntries());
        if (flagged.length === 0)
            return hits;
        const out = [];
        let h = 0;
        let f = 0;
        while (h < hits.length || f < flagged.length) {
            const next = f >= flagged.length || (h < hits.length && hits[h] < flagged[f]) ? hits[h++] : flagged[f++];
            if (out[out.length - 1] !== next)
                out.push(next);
        }
        return out;
    }
    /** Entries with escapes or non-ASCII bytes, ascending. */
    #flaggedEntries() {
        const out = [];
        for (let i = 0; i < this.count; i++)
            if (this.#flags[i] !== 0)
                out.push(i);
        return out;
    }
    /** The entry whose bytes hold offset `at`, else -1. */
    #entryAt(at) {
        let lo = 0;
        let hi = this.count - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            if (this.#starts[mid] > at)
                hi = mid - 1;
            else if (this.#ends[mid] <= at)
                lo = mid + 1;
            else
                return mid;
        }
        return -1;
    }
    /**
     * index.json with `edit` applied to `manifests`: every byte outside the entries replaced
     * or removed stays as it was — the other entries, the whitespace and commas between them,
     * everything outside the array. A removed entry goes with the separator before it (after
     * it, for the first); new entries follow the last remaining one. They are written as
     * `JSON.stringify` writes them.
     */
    splice(edit) {
        const b = this.bytes;
        const n = this.count;
        const edits = [];
        let lastPresent = -1;
        let prefixRemoved = true; // every entry so far removed
        for (let i = 0; i < n; i++) {
            const r = edit.replace?.get(i);
            if (r !== undefined) {
                edits.push({ from: this.#starts[i], to: this.#ends[i], text: Buffer.from(JSON.stringify(r), 'utf8') });
            }
            else if (edit.remove?.has(i)) {
                if (!prefixRemoved)
                    edits.push({ from: this.#ends[i - 1], to: this.#ends[i], text: undefined });
                else
                    edits.push({ from: this.#starts[i], to: i + 1 < n ? this.#starts[i + 1] : this.#ends[i], text: undefined });
                continue;
            }
            prefixRemoved = false;
            lastPresent = i;
        }
        const added = edit.append ?? [];
        if (added.length > 0) {
            const list = added.map((d) => JSON.stringify(d)).join(',');
            const at = lastPresent >= 0 ? this.#ends[lastPresent] : n > 0 ? this.#ends[n - 1] : this.#open + 1;
            edits.push({ from: at, to: at, text: Buffer.from(lastPresent >= 0 ? `,${list}` : list, 'utf8') });
        }
        edits.sort((x, y) => x.from - y.from || x.to - y.to);
        const chunks = [];
        let cursor = 0;
        for (const e of edits) {
            chunks.push(b.subarray(cursor, e.from));
            if (e.text !== undefined)
                chunks.push(e.text);
            cursor = e.to;
        }
        chunks.push(b.subarray(cursor));
        return Buffer.concat(chunks);
    }
}
/** True when b[x, x + len) equals b[y, y + len) (Buffer.compare's argument checks cost more than this loop). */
function sameBytes(b, x, y, len) {
    for (let k = 0; k < len; k++)
        if (b[x + k] !== b[y + k])
            return false;
    return true;
}
function hasBackslash(b, s, e) {
    for (let k = s; k < e; k++)
        if (b[k] === BACKSLASH)
            return true;
    return false;
}
function keyIs(b, s, e, key) {
    if (e - s !== key.length)
        return false;
    for (let k = 0; k < key.length; k++)
        if (b[s + k] !== key[k])
            return false;
    return true;
}
/** Bytes that end the fast path through a string: `"`, `\\`, control characters, non-ASCII. */
const SPECIAL = new Uint8Array(256);
for (let c = 0; c < 256; c++)
    SPECIAL[c] = c < 0x20 || c === QUOTE || c === BACKSLASH || c >= 0x80 ? 1 : 0;
const isDigit = (x) => x !== undefined && x >= 0x30 && x <= 0x39;
/** How many recent byte strings ByteIntern compares before hashing. */
const RECENT = 4;
/**
 * Ids of byte strings seen before, found without making a string: a hash of the bytes,
 * then a byte comparison with the first occurrence.
 */
class ByteIntern {
    #byHash = new Map();
    /**
     * The last few distinct byte strings found or added, compared before hashing: tags of one
     * image repeat its digest, and a comparison with a different digest ends within the
     * first bytes after `sha256:` (at 100,000 tags on 3 images: find 45 → ~10 ms).
     */
    #recent = [];
    static #hash(b, s, e) {
        let h = 0x811c9dc5;
        for (let k = s; k < e; k++)
            h = Math.imul(h ^ b[k], 0x01000193);
        return h;
    }
    /** The id of the bytes [s, e) of `b`, or -1. */
    find(b, s, e) {
        const recent = this.#recent;
        for (let k = 0; k < recent.length; k++) {
            const x = recent[k];
            if (x.e - x.s === e - s && sameBytes(b, x.s, s, e - s))
                return x.id;
        }
        const list = this.#byHash.get(ByteIntern.#hash(b, s, e));
        if (list === undefined)
            return -1;
        for (const x of list) {
            if (x.e - x.s === e - s && sameBytes(b, x.s, s, e - s)) {
                this.#remember(x);
                return x.id;
            }
        }
        return -1;
    }
    add(b, s, e, id) {
        const h = ByteIntern.#hash(b, s, e);
        const x = { s, e, id };
        const list = this.#byHash.get(h);
        if (list === undefined)
            this.#byHash.set(h, [x]);
        else
            list.push(x);
        this.#remember(x);
    }
    #remember(x) {
        if (this.#recent.length === RECENT)
            this.#recent.shift();
        this.#recent.push(x);
    }
}
/**
 * What the scan records: the events of the few depths that matter (top-level keys, the
 * manifests array, each entry's own keys) arrive here; the byte loop keeps to locals.
 */
class Recorder {
    starts = new Column();
    ends = new Column();
    digestIds = new Column();
    mediaTypeIds = new Column();
    refStarts = new Column();
    refEnds = new Column();
    flags = new Uint8Array(1024);
    sizes = new Float64Array(1024);
    digests = [];
    #digestIndex = new Map();
    mediaTypes = [];
    #mediaTypeIndex = new Map();
    #digestBytes = new ByteIntern();
    #mediaTypeBytes = new ByteIntern();
    count = 0;
    firstProblem;
    manifestsOpen = -1;
    manifestsClose = -1;
    manifestsKind = 'none';
    schemaKind = T_NONE;
    schemaStart = 0;
    schemaEnd = 0;
    #pending = 'none';
    /** Inside an entry object (depth 3); the entry's flags; the field whose value comes next. */
    inEntry = false;
    entryFlags = 0;
    #field = 0;
    /** Inside the entry's annotations object (its keys at depth 4); the annotation whose value comes next (1 ref.name, 2 containerd's name). */
    inAnnotations = false;
    #annotation = 0;
    #refStart = 0;
    #refEnd = REF_NONE;
    #containerdName = false;
    #kinds = new Int32Array(4);
    #tokStarts = new Int32Array(4);
    #tokEnds = new Int32Array(4);
    b;
    constructor(b) {
        this.b = b;
    }
    /** True while the scan is inside the manifests array (its elements are at depth 2). */
    get inManifests() {
        return this.manifestsOpen >= 0 && this.manifestsClose < 0;
    }
    #problem(why) {
        if (this.firstProblem === undefined)
            this.firstProblem = why;
    }
    /** A key at depth 1 (top level) or of an entry (depth 3). */
    key(depth, s, e, escaped) {
        const b = this.b;
        if (escaped) {
            const k = stringAt(b, s, e, true);
            if (depth === 1)
                this.#pending = k === 'manifests' ? 'manifests' : k === 'schemaVersion' ? 'schema' : 'none';
            else if (this.inEntry)
                this.#field = k === 'digest' ? 1 : k === 'size' ? 2 : k === 'mediaType' ? 3 : k === 'annotations' ? 4 : 0;
            return;
        }
        if (depth === 1)
            this.#pending = keyIs(b, s, e, KEY_MANIFESTS) ? 'manifests' : keyIs(b, s, e, KEY_SCHEMA) ? 'schema' : 'none';
        else if (this.inEntry) {
            this.#field = keyIs(b, s, e, KEY_DIGEST) ? 1 : keyIs(b, s, e, KEY_SIZE) ? 2 : keyIs(b, s, e, KEY_MEDIA_TYPE) ? 3 : keyIs(b, s, e, KEY_ANNOTATIONS) ? 4 : 0;
        }
    }
    /** A key of the entry's annotations (an escaped one: the entry is flagged and parsed when asked). */
    annotationKey(s, e, escaped) {
        const b = this.b;
        this.#annotation = escaped ? 0 : keyIs(b, s, e, KEY_REF_NAME) ? 1 : keyIs(b, s, e, KEY_CONTAINERD_NAME) ? 2 : 0;
    }
    /** A value of the entry's annotations, of kind `kind` at [s, e); duplicate keys: the last wins. */
    annotationValue(kind, s, e) {
        if (this.#annotation === 1) {
            if (kind === T_STRING) {
                this.#refStart = s;
                this.#refEnd = e;
            }
            else
                this.#refEnd = REF_UNKNOWN;
        }
        else if (this.#annotation === 2)
            this.#containerdName = true;
        this.#annotation = 0;
    }
    /**
     * A value starting at depth 1..3 of kind `kind` at [s, e) (a primitive; for an object or
     * array, `opens` and [s, s)).
     */
    value(depth, kind, s, e, opens) {
        if (depth === 1) {
            if (this.#pending === 'schema') {
                this.schemaKind = kind;
                this.schemaStart = s;
                this.schemaEnd = e;
            }
            else if (this.#pending === 'manifests') {
                if (opens === 0x5b) {
                    // The last "manifests" key wins, as in JSON.parse.
                    this.manifestsKind = 'array';
                    this.manifestsOpen = s;
                    this.manifestsClose = -1;
                    this.count = 0;
                    this.firstProblem = undefined;
                }
                else
                    this.manifestsKind = 'other';
            }
            this.#pending = 'none';
        }
        else if (depth === 2) {
            if (!this.inManifests)
                return;
            if (opens === 0x7b) {
                this.inEntry = true;
                this.entryFlags = 0;
                this.#field = 0;
                this.#kinds.fill(T_NONE);
                this.inAnnotations = false;
                this.#refEnd = REF_NONE;
                this.#containerdName = false;
                this.starts.push(this.count, s);
            }
            else
                this.#problem(`manifests[${this.count}] is not a descriptor`);
        }
        else if (this.inEntry && this.#field === 4) {
            // annotations: each object replaces the one before (a duplicate key; the last wins)
            this.#refEnd = opens === 0x7b ? REF_NONE : REF_UNKNOWN;
            this.#containerdName = false;
            this.inAnnotations = opens === 0x7b;
            this.#field = 0;
        }
        else if (this.inEntry && this.#field !== 0) {
            this.#kinds[this.#field] = kind;
            this.#tokStarts[this.#field] = s;
            this.#tokEnds[this.#field] = e;
            this.#field = 0;
        }
    }
    /** Field `f`'s token as written, for a message. */
    #token(f) {
        const b = this.b;
        const kind = this.#kinds[f];
        const s = this.#tokStarts[f];
        const e = this.#tokEnds[f];
        return kind === T_NONE ? 'undefined' : kind === T_STRING ? b.toString('utf8', s - 1, e + 1) : b.toString('utf8', s, e);
    }
    /** The entry object ends just before `end`. */
    endEntry(end) {
        const b = this.b;
        this.inEntry = false;
        const i = this.count;
        const kinds = this.#kinds;
        const ts = this.#tokStarts;
        const te = this.#tokEnds;
        // digest: the same bytes as an earlier entry's (most entries share a few images) are
        // neither decoded nor validated again
        let digestId = kinds[1] === T_STRING ? this.#digestBytes.find(b, ts[1], te[1]) : -2;
        if (digestId === -1) {
            const digest = stringAt(b, ts[1], te[1], hasBackslash(b, ts[1], te[1]));
            const known = this.#digestIndex.get(digest);
            if (known !== undefined)
                digestId = known;
            else if ((0,core_digest/* isDigest */.Bc)(digest)) {
                digestId = this.digests.length;
                this.digests.push(digest);
                this.#digestIndex.set(digest, digestId);
            }
            if (digestId >= 0)
                this.#digestBytes.add(b, ts[1], te[1], digestId);
        }
        if (digestId < 0)
            this.#problem(`manifests[${i}] has invalid digest ${this.#token(1)}`);
        // size: a non-negative safe integer (1.0 and 1e3 are integers to JSON.parse too)
        let size = NaN;
        if (kinds[2] === T_NUMBER) {
            const ss = ts[2];
            const se = te[2];
            if (se - ss <= 15) {
                size = 0;
                for (let k = ss; k < se; k++) {
                    const c = b[k];
                    if (c < 0x30 || c > 0x39) {
                        size = Number(b.toString('latin1', ss, se));
                        break;
                    }
                    size = size * 10 + (c - 0x30);
                }
            }
            else
                size = Number(b.toString('latin1', ss, se));
        }
        if (!Number.isSafeInteger(size) || size < 0)
            this.#problem(`manifests[${i}] has invalid size ${this.#token(2)}`);
        // mediaType
        let mediaTypeId = -1;
        if (kinds[3] === T_STRING) {
            mediaTypeId = this.#mediaTypeBytes.find(b, ts[3], te[3]);
            if (mediaTypeId < 0) {
                const mt = stringAt(b, ts[3], te[3], hasBackslash(b, ts[3], te[3]));
                const known = this.#mediaTypeIndex.get(mt);
                if (known !== undefined)
                    mediaTypeId = known;
                else {
                    mediaTypeId = this.mediaTypes.length;
                    this.mediaTypes.push(mt);
                    this.#mediaTypeIndex.set(mt, mediaTypeId);
                }
                this.#mediaTypeBytes.add(b, ts[3], te[3], mediaTypeId);
            }
        }
        else
            this.#problem(`manifests[${i}] has no mediaType`);
        this.ends.push(i, end);
        this.digestIds.push(i, digestId);
        this.mediaTypeIds.push(i, mediaTypeId);
        this.refStarts.push(i, this.#refStart);
        this.refEnds.push(i, this.#containerdName ? REF_UNKNOWN : this.#refEnd);
        if (i >= this.flags.length)
            this.#grow();
        this.flags[i] = this.entryFlags;
        this.sizes[i] = size;
        this.count++;
        const start = this.starts.data[i];
        // templates from the entries a try missed and those just before a try (#skip counts
        // down to it): a miss is often the first entry of another image
        if ((this.#skip === 0 || start === this.#missedAt) && this.entryFlags === 0 && this.firstProblem === undefined && this.refEnds.data[i] >= 0) {
            const probe = kinds[1] === T_STRING && te[1] < this.#refStart ? ((ts[1] + te[1]) >>> 1) - start : 0;
            this.#remember(start, this.#refStart, this.#refEnd, end, probe, digestId, mediaTypeId, size);
        }
    }
    /**
     * Entries as a store writes them differ from one another only in their name: an entry
     * whose bytes up to its ref.name's value, and from the value's closing quote to its end,
     * are those of a recent entry is that entry with another name — the same tokens, the same
     * checks passed, the same digest, size and mediaType. Such an entry is recorded after two
     * byte comparisons and a scan of the name, not a scan of every byte (at 100,000 tags on 3
     * images, the one scan of a process: median CPU 146 → 84 ms, 8 alternated runs each). The
     * template's name must be its last ref.name, without escapes, non-ASCII bytes or a
     * containerd name; the new name must be as plain. Returns the offset after the entry
     * starting at `s`, else -1 (scanned as usual).
     *
     * Entries that each differ elsewhere (an annotation of their own) never match: each miss
     * doubles the number of entries scanned before the next try, so such an index pays for
     * a few dozen tries (100,000 entries with their own `created`: a try at every entry cost
     * 171 → 242 ms; with the back-off, medians of 12 alternated runs 166 vs 160 ms, noise).
     */
    tryTemplate(s) {
        if (this.#skip > 0) {
            this.#skip--;
            return -1;
        }
        const templates = this.#templates;
        if (templates.length === 0)
            return -1;
        const b = this.b;
        const n = b.length;
        for (let k = 0; k < templates.length; k++) {
            const t = templates[k];
            const head = t.vs - t.s0;
            if (s + head > n || b[s + t.probe] !== b[t.s0 + t.probe] || b.compare(b, t.s0, t.vs, s, s + head) !== 0)
                continue;
            let e = s + head;
            while (e < n && SPECIAL[b[e]] === 0)
                e++;
            const tail = t.end - t.ve;
            if (b[e] !== QUOTE || e + tail > n || b.compare(b, t.ve, t.end, e, e + tail) !== 0)
                break;
            this.#backoff = 1;
            const i = this.count;
            this.starts.push(i, s);
            this.ends.push(i, e + tail);
            this.digestIds.push(i, t.digestId);
            this.mediaTypeIds.push(i, t.mediaTypeId);
            this.refStarts.push(i, s + head);
            this.refEnds.push(i, e);
            if (i >= this.flags.length)
                this.#grow();
            this.flags[i] = 0;
            this.sizes[i] = t.size;
            this.count++;
            return e + tail;
        }
        this.#skip = this.#backoff;
        this.#backoff = Math.min(this.#backoff * 2, 4096);
        this.#missedAt = s;
        return -1;
    }
    #grow() {
        const f = new Uint8Array(this.flags.length * 2);
        f.set(this.flags);
        this.flags = f;
        const z = new Float64Array(this.sizes.length * 2);
        z.set(this.sizes);
        this.sizes = z;
    }
    #templates = [];
    /** The next template slot to overwrite when every slot holds another digest. */
    #oldest = 0;
    /** Entries to scan before the next try; entries scanned after the next miss. */
    #skip = 0;
    #backoff = 1;
    /** Where the last miss was. */
    #missedAt = -1;
    /** The entry just scanned as a template: one per digest (a store's entries cycle among its images), overwritten in place. */
    #remember(s0, vs, ve, end, probe, digestId, mediaTypeId, size) {
        const templates = this.#templates;
        let t;
        for (let k = 0; k < templates.length; k++)
            if (templates[k].digestId === digestId)
                t = templates[k];
        if (t === undefined) {
            if (templates.length < TEMPLATES) {
                templates.push({ s0, vs, ve, end, probe, digestId, mediaTypeId, size });
                return;
            }
            t = templates[this.#oldest];
            this.#oldest = (this.#oldest + 1) % TEMPLATES;
        }
        t.s0 = s0;
        t.vs = vs;
        t.ve = ve;
        t.end = end;
        t.probe = probe;
        t.digestId = digestId;
        t.mediaTypeId = mediaTypeId;
        t.size = size;
    }
}
/** How many recent entries serve as templates (tryTemplate). */
const TEMPLATES = 4;
/** The string whose contents are [s, e) (escapes decoded when `escaped`). */
function stringAt(b, s, e, escaped) {
    return escaped ? JSON.parse(b.toString('utf8', s - 1, e + 1)) : b.toString('utf8', s, e);
}
/**
 * Scan and validate index.json's bytes. CORRUPT_INDEX (naming `path`) for invalid JSON, a
 * top level that is not an object, a schemaVersion other than 2, no `manifests` array, or
 * an entry that is not a descriptor with a valid digest, a non-negative integer size and a
 * mediaType — the first such entry, and only once the whole file is known to be JSON.
 */
function scanIndex(b, path) {
    const corrupt = (why) => new errors/* OciError */.Mf('CORRUPT_INDEX', `${path} is corrupt: ${why}`, {
        input: 'store',
        hint: 'fix or restore index.json by hand (it lists every tag); it was left untouched',
    });
    const syntax = (at, what) => corrupt(`not valid JSON (${what} at byte ${at})`);
    const r = new Recorder(b);
    const n = b.length;
    /** Open containers: 1 object, 2 array. */
    const stack = [];
    // What may come next: 0 a value, 1 a key or `}` (after `{`), 2 a key (after `,` in an
    // object), 3 `:`, 4 `,` or a closer, 5 a value or `]` (after `[`), 6 nothing (after the top value).
    let expect = 0;
    let i = 0;
    while (i < n) {
        const c = b[i];
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            i++;
            continue;
        }
        const depth = stack.length;
        if (expect === 6)
            throw syntax(i, 'unexpected data after the end');
        if (expect === 3) {
            if (c !== 0x3a /* : */)
                throw syntax(i, 'expected :');
            expect = 0;
            i++;
            continue;
        }
        if (expect === 4 && c === 0x2c /* , */) {
            expect = stack[depth - 1] === 1 ? 2 : 0;
            i++;
            continue;
        }
        if (c === QUOTE) {
            if (expect === 4)
                throw syntax(i, 'expected , or a closing bracket');
            // A string: find its end, checking escapes and control characters.
            const s = i + 1;
            let k = s;
            let escaped = false;
            let high = false;
            for (;;) {
                while (k < n && SPECIAL[b[k]] === 0)
                    k++;
                const ch = b[k];
                if (ch === QUOTE)
                    break;
                if (ch === undefined)
                    throw syntax(i, 'unterminated string');
                if (ch === BACKSLASH) {
                    escaped = true;
                    const esc = b[k + 1];
                    if (esc === 0x75 /* u */) {
                        for (let h = k + 2; h < k + 6; h++) {
                            const x = b[h];
                            if (x === undefined || !((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66)))
                                throw syntax(k, 'bad \\u escape');
                        }
                        k += 6;
                        continue;
                    }
                    if (esc !== QUOTE && esc !== BACKSLASH && esc !== 0x2f && esc !== 0x62 && esc !== 0x66 && esc !== 0x6e && esc !== 0x72 && esc !== 0x74)
                        throw syntax(k, 'bad escape');
                    k += 2;
                    continue;
                }
                if (ch < 0x20)
                    throw syntax(k, 'control character in a string');
                if (ch >= 0x80)
                    high = true;
                k++;
            }
            i = k + 1;
            if (r.inEntry)
                r.entryFlags |= (escaped ? ESCAPED : 0) | (high ? NON_ASCII : 0);
            if (expect === 1 || expect === 2) {
                if (depth === 1 || (depth === 3 && r.inEntry))
                    r.key(depth, s, k, escaped);
                else if (depth === 4 && r.inAnnotations)
                    r.annotationKey(s, k, escaped);
                expect = 3;
                continue;
            }
            if (expect !== 0 && expect !== 5)
                throw syntax(s - 1, 'unexpected string');
            if (depth <= 3 && depth > 0)
                r.value(depth, T_STRING, s, k, 0);
            else if (depth === 4 && r.inAnnotations)
                r.annotationValue(T_STRING, s, k);
            expect = depth === 0 ? 6 : 4;
            continue;
        }
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
            if (expect !== 0 && expect !== 5)
                throw syntax(i, 'unexpected bracket');
            if (depth === 2 && c === 0x7b && r.inManifests) {
                const next = r.tryTemplate(i);
                if (next >= 0) {
                    i = next;
                    expect = 4;
                    continue;
                }
            }
            if (depth <= 3 && depth > 0)
                r.value(depth, T_OTHER, i, i, c);
            else if (depth === 4 && r.inAnnotations)
                r.annotationValue(T_OTHER, i, i);
            stack.push(c === 0x7b ? 1 : 2);
            expect = c === 0x7b ? 1 : 5;
            i++;
            continue;
        }
        if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
            const top = stack[depth - 1];
            if (c === 0x7d ? top !== 1 || (expect !== 1 && expect !== 4) : top !== 2 || (expect !== 5 && expect !== 4)) {
                throw syntax(i, 'unexpected closing bracket');
            }
            stack.pop();
            if (depth === 3 && c === 0x7d && r.inEntry)
                r.endEntry(i + 1);
            else if (depth === 4 && c === 0x7d && r.inAnnotations)
                r.inAnnotations = false;
            else if (depth === 2 && c === 0x5d && r.inManifests && i > r.manifestsOpen)
                r.manifestsClose = i;
            expect = depth === 1 ? 6 : 4;
            i++;
            continue;
        }
        // A number or a literal.
        if (expect === 4)
            throw syntax(i, 'expected , or a closing bracket');
        if (expect !== 0 && expect !== 5)
            throw syntax(i, 'unexpected token');
        const s = i;
        let kind = T_OTHER;
        if (c === 0x74 || c === 0x66 || c === 0x6e) {
            const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
            if (b.toString('latin1', i, i + word.length) !== word)
                throw syntax(i, 'unexpected token');
            i += word.length;
        }
        else {
            kind = T_NUMBER;
            let k = i;
            if (b[k] === 0x2d)
                k++;
            if (b[k] === 0x30)
                k++;
            else if (isDigit(b[k]))
                while (isDigit(b[k]))
                    k++;
            else
                throw syntax(i, 'unexpected token');
            if (b[k] === 0x2e) {
                k++;
                if (!isDigit(b[k]))
                    throw syntax(k, 'bad number');
                while (isDigit(b[k]))
                    k++;
            }
            if (b[k] === 0x65 || b[k] === 0x45) {
                k++;
                if (b[k] === 0x2b || b[k] === 0x2d)
                    k++;
                if (!isDigit(b[k]))
                    throw syntax(k, 'bad number');
                while (isDigit(b[k]))
                    k++;
            }
            i = k;
        }
        if (depth <= 3 && depth > 0)
            r.value(depth, kind, s, i, 0);
        else if (depth === 4 && r.inAnnotations)
            r.annotationValue(kind, s, i);
        expect = depth === 0 ? 6 : 4;
    }
    if (expect !== 6)
        throw syntax(n, 'unexpected end');
    if (b[firstNonWs(b)] !== 0x7b)
        throw corrupt('not a JSON object');
    let schema;
    if (r.schemaKind === T_STRING)
        schema = stringAt(b, r.schemaStart, r.schemaEnd, true);
    else if (r.schemaKind === T_NUMBER || (r.schemaKind === T_OTHER && r.schemaEnd > r.schemaStart))
        schema = JSON.parse(b.toString('latin1', r.schemaStart, r.schemaEnd));
    else if (r.schemaKind === T_OTHER)
        schema = b[r.schemaStart] === 0x5b ? [] : {};
    if (schema !== 2)
        throw corrupt(`schemaVersion is ${JSON.stringify(schema)}, not 2`);
    if (r.manifestsKind !== 'array')
        throw corrupt('it has no "manifests" array');
    if (r.firstProblem !== undefined)
        throw corrupt(r.firstProblem);
    return new IndexScan(b, {
        starts: r.starts.data,
        ends: r.ends.data,
        flags: r.flags,
        digestIds: r.digestIds.data,
        mediaTypeIds: r.mediaTypeIds.data,
        sizes: r.sizes,
        refStarts: r.refStarts.data,
        refEnds: r.refEnds.data,
    }, { digests: r.digests, mediaTypes: r.mediaTypes }, r.count, r.manifestsOpen, r.manifestsClose);
}
function firstNonWs(b) {
    let i = 0;
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09))
        i++;
    return i;
}

// EXTERNAL MODULE: ./src/core/lock.ts
var core_lock = __webpack_require__(6336);
// EXTERNAL MODULE: ./src/core/reference.ts
var reference = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/core/storage.ts
var storage = __webpack_require__(2962);
// EXTERNAL MODULE: ./src/core/walk.ts
var walk = __webpack_require__(670);
// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(7736);
;// CONCATENATED MODULE: ./src/core/layout.ts
/**
 * The store: an OCI image layout — `oci-layout`, `index.json`, `blobs/` — with tags, graph
 * walking, garbage collection and verification (oras-go's `content/oci/oci.go`).
 *
 * - Tags are index.json entries annotated `org.opencontainers.image.ref.name`, recorded as
 *   written (`app:1`, `ghcr.io/o/r:t`, or umoci/skopeo's bare `latest`).
 * - index.json is only ever replaced atomically (temp + fsync + rename + directory fsync),
 *   under a cross-process lock, after re-reading it under that lock: parallel processes
 *   never lose each other's tags (oras-go#1888 is the failure this avoids).
 * - A corrupt index.json is reported (CORRUPT_INDEX), never silently replaced.
 *
 * Reference: image-spec image-layout.md, image-index.md, annotations.md.
 */















/**
 * Annotation on an index.json entry whose target is an index pulled for some platforms only:
 * the digests of the children the pull deliberately left out, comma-separated. The index
 * bytes stay the registry's (its digest must not change), so the record lives on the
 * entry. `verify` lists such children as not pulled instead of reporting the graph
 * incomplete; a pull that later brings them removes them from the record.
 */
const OMITTED_ANNOTATION = 'io.github.oci-store.omitted';
/** Digests an index.json entry records as deliberately not pulled (OMITTED_ANNOTATION). */
function omittedChildren(entry) {
    const v = entry.annotations?.[OMITTED_ANNOTATION];
    if (typeof v !== 'string')
        return [];
    return v.split(',').map((s) => s.trim()).filter((s) => (0,core_digest/* isDigest */.Bc)(s));
}
/** Set (or, for none, remove) an entry's record of children not pulled. */
function setOmitted(entry, digests) {
    const { [OMITTED_ANNOTATION]: _old, ...rest } = entry.annotations ?? {};
    const list = [...new Set(digests)].sort();
    const next = list.length > 0 ? { ...rest, [OMITTED_ANNOTATION]: list.join(',') } : rest;
    if (Object.keys(next).length > 0)
        entry.annotations = next;
    else
        delete entry.annotations;
}
/**
 * containerd's name annotation on index.json entries: the full image name
 * (`docker.io/library/app:1`), while `org.opencontainers.image.ref.name` holds only the
 * tag (`1`) — what `ctr image export` and buildkit's oci exporter write.
 *
 * Reference: containerd core/images/annotations.go, core/images/archive/exporter.go.
 */
const CONTAINERD_NAME_ANNOTATION = 'io.containerd.image.name';
/** containerd's record of the repositories the content was pulled from (one key per registry). */
const DISTRIBUTION_SOURCE_PREFIX = 'containerd.io/distribution.source.';
/**
 * True for an entry annotation that describes the content rather than names it: what a new
 * tag of the same content keeps. The names (`ref.name`, containerd's image name) belong to
 * the old tag; unknown annotations may be names or runtime bookkeeping of another tool.
 *
 * Reference: image-spec annotations.md (the `org.opencontainers.image.` keys describe the
 * content, except `ref.name`).
 */
function isContentAnnotation(key) {
    if (key === OMITTED_ANNOTATION || key.startsWith(DISTRIBUTION_SOURCE_PREFIX))
        return true;
    return key.startsWith('org.opencontainers.image.') && key !== oci/* Annotation */.YH.RefName;
}
const LAYOUT_FILE = 'oci-layout';
const INDEX_FILE = 'index.json';
const LOCK_FILE = 'index.json.lock';
/** The index lock is held for milliseconds; older than this, its holder is gone. */
const INDEX_LOCK_STALE_MS = 10 * 60_000;
/** index.json changed more recently than this may change again with the same stat (git's racy window). */
const RACY_MS = 2000;
/** A manifest or index larger than this is refused (registries cap them at 4 MiB too). */
const MANIFEST_MAX_BYTES = storage/* DEFAULT_MAX_BYTES */.fS;
/** In-process queue per index.json, so one process's updates wait in line instead of polling the lock file. */
const localQueues = new Map();
function emptyIndex() {
    return { schemaVersion: 2, mediaType: oci/* MediaType */.zu.ImageIndex, manifests: [] };
}
/**
 * A descriptor without its ref.name annotation: what a tag resolves to. A copy: the entry
 * belongs to the shared parse of index.json.
 */
function plain(desc) {
    const out = { mediaType: desc.mediaType, digest: desc.digest, size: desc.size };
    if (desc.urls)
        out.urls = [...desc.urls];
    if (desc.platform)
        out.platform = structuredClone(desc.platform);
    if (desc.artifactType)
        out.artifactType = desc.artifactType;
    if (desc.data)
        out.data = desc.data;
    if (desc.annotations) {
        const { [oci/* Annotation */.YH.RefName]: _drop, ...rest } = desc.annotations;
        if (Object.keys(rest).length > 0)
            out.annotations = rest;
    }
    return out;
}
/** `plain(desc)` keeping only the annotations that describe the content (isContentAnnotation). */
function contentOnly(desc) {
    const out = plain(desc);
    if (out.annotations) {
        const kept = Object.fromEntries(Object.entries(out.annotations).filter(([k]) => isContentAnnotation(k)));
        if (Object.keys(kept).length > 0)
            out.annotations = kept;
        else
            delete out.annotations;
    }
    return out;
}
/**
 * The name annotations of a new entry for `ref` (validated): ref.name as written, and with
 * `containerd`, containerd's full name — unless `ref` is a bare word (`latest`), which
 * umoci and skopeo write as a tag without a name.
 */
function nameAnnotations(ref, containerd) {
    const out = { [oci/* Annotation */.YH.RefName]: ref };
    const r = (0,reference/* parseReference */.F2)(ref);
    if (containerd && (r.tag !== undefined || r.domain !== undefined || r.path.includes('/')))
        out[CONTAINERD_NAME_ANNOTATION] = (0,reference/* normalizedString */.VU)(ref);
    return out;
}
/** Throw a coded error unless `desc` is a well-formed descriptor. */
function validateDescriptor(desc, input) {
    if (typeof desc !== 'object' || desc === null) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', 'a descriptor is required', { input });
    }
    try {
        (0,core_digest/* parseDigest */.m)(desc.digest);
    }
    catch (e) {
        throw input && (0,errors/* isOciError */.eq)(e) ? new errors/* OciError */.Mf(e.code, e.message, { input, hint: e.hint }) : e;
    }
    if (!Number.isSafeInteger(desc.size) || desc.size < 0) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', `descriptor ${desc.digest} has invalid size ${String(desc.size)}`, { input });
    }
    if (typeof desc.mediaType !== 'string' || desc.mediaType === '') {
        throw new errors/* OciError */.Mf('INVALID_INPUT', `descriptor ${desc.digest} has no mediaType`, { input });
    }
}
function refOf(desc) {
    return desc.annotations?.[oci/* Annotation */.YH.RefName];
}
function containerdNameOf(desc) {
    const name = desc.annotations?.[CONTAINERD_NAME_ANNOTATION];
    return typeof name === 'string' && name !== '' ? name : undefined;
}
/**
 * The tag an entry stands for, as listed and untagged: containerd's full name when it has
 * one (`docker.io/library/app:1`, whose ref.name is only `1`), else its ref.name.
 */
function tagOf(desc) {
    return containerdNameOf(desc) ?? refOf(desc);
}
/**
 * True when index.json entries `a` and `b` stand for the same tag (one replaces the
 * other): the same containerd name, else the same ref.name — but a bare ref.name (`1`)
 * next to a containerd name is only part of a name, and `a:1` and `b:1` exported by
 * containerd are two tags.
 */
function sameTag(a, b) {
    const t = tagOf(a);
    if (t !== undefined && t === tagOf(b))
        return true;
    const r = refOf(a);
    return r !== undefined && r === refOf(b) && /[:/]/.test(r);
}
/**
 * Names an entry answers to, as written: its ref.name and containerd's full name. Compared
 * in normalised form only the full names are: a containerd entry's ref.name is a bare tag
 * (`1`), which docker's grammar would read as the image `docker.io/library/1:latest`.
 */
function namesOf(desc) {
    const ref = refOf(desc);
    const full = containerdNameOf(desc);
    const written = [ref, full].filter((n) => n !== undefined);
    return { written, normalizable: full !== undefined ? [full] : written };
}
function normalizedOrUndefined(ref) {
    try {
        return (0,reference/* normalizedString */.VU)(ref);
    }
    catch {
        return undefined;
    }
}
/** Collect a stream into a buffer, failing with TOO_LARGE past `max` bytes. */
async function collect(stream, max, what) {
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        size += chunk.length;
        if (size > max) {
            stream.destroy();
            throw new OciError('TOO_LARGE', `${what} is larger than ${max} bytes`, { hint: 'manifests and configs this large are not supported' });
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
/** index.json is gone: the store cannot say what it holds (never recreated silently). */
function missingIndex(path) {
    return new errors/* OciError */.Mf('CORRUPT_INDEX', `${path} is missing`, {
        input: 'store',
        hint: 'restore index.json from a backup, or write {"schemaVersion":2,"manifests":[]} to start without tags',
    });
}
/**
 * Parse and validate index.json's bytes: CORRUPT_INDEX naming the first bad entry. Every
 * entry is checked (a few property tests each, cheap beside the parse), so a damaged
 * index is refused by any command, not only by one that happens to look at the entry.
 */
function parseIndex(text, path) {
    const corrupt = (why, cause) => new errors/* OciError */.Mf('CORRUPT_INDEX', `${path} is corrupt: ${why}`, {
        input: 'store',
        hint: 'fix or restore index.json by hand (it lists every tag); it was left untouched',
        cause,
    });
    let index;
    try {
        index = JSON.parse(text);
    }
    catch (e) {
        throw corrupt('not valid JSON', e);
    }
    if (typeof index !== 'object' || index === null || Array.isArray(index))
        throw corrupt('not a JSON object');
    if (index.schemaVersion !== 2)
        throw corrupt(`schemaVersion is ${JSON.stringify(index.schemaVersion)}, not 2`);
    if (!Array.isArray(index.manifests))
        throw corrupt('it has no "manifests" array');
    const { manifests } = index;
    // Many tags share an image and all share a few media types: one copy of each string
    // instead of one per entry halves the parse's memory at 100,000 tags, and each distinct
    // digest is validated once.
    const digests = new Map();
    const mediaTypes = new Map();
    for (let i = 0; i < manifests.length; i++) {
        const d = manifests[i];
        if (typeof d !== 'object' || d === null)
            throw corrupt(`manifests[${i}] is not a descriptor`);
        const digest = typeof d.digest === 'string' ? digests.get(d.digest) : undefined;
        if (digest !== undefined)
            d.digest = digest;
        else if (!(0,core_digest/* isDigest */.Bc)(d.digest))
            throw corrupt(`manifests[${i}] has invalid digest ${JSON.stringify(d.digest)}`);
        else
            digests.set(d.digest, d.digest);
        if (!Number.isSafeInteger(d.size) || d.size < 0)
            throw corrupt(`manifests[${i}] has invalid size ${JSON.stringify(d.size)}`);
        if (typeof d.mediaType !== 'string')
            throw corrupt(`manifests[${i}] has no mediaType`);
        const mediaType = mediaTypes.get(d.mediaType);
        if (mediaType !== undefined)
            d.mediaType = mediaType;
        else
            mediaTypes.set(d.mediaType, d.mediaType);
    }
    return index;
}
/**
 * True when an open file holds exactly `bytes`: read in pieces at explicit positions (the
 * handle's offset stays at 0) and compared piece by piece — no second copy of the file at
 * the peak, and no hash of either side (at 100,000 tags, two sha256 of 21 MB were ~45 ms
 * of a `tag` started within 2 s of the last write).
 */
async function holdsBytes(fh, bytes) {
    const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(bytes.length, 1)));
    for (let position = 0;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, position);
        if (bytesRead === 0)
            return position === bytes.length;
        if (position + bytesRead > bytes.length || buf.compare(bytes, position, position + bytesRead, 0, bytesRead) !== 0)
            return false;
        position += bytesRead;
    }
}
/**
 * One version of index.json, scanned (index-scan.ts), and its lookups. A store kept for
 * months holds 100,000 tags (issue 13): a lookup parses only the entries whose bytes can
 * name what it looks for, and never normalises every stored name. Read-only, shared by
 * every caller of the Store; each lookup returns entries the caller owns.
 */
class IndexSnapshot {
    scan;
    constructor(scan) {
        this.scan = scan;
    }
    /** The entries among `candidates` that pass `keep`, parsed, in index.json order. */
    #pick(candidates, keep) {
        const out = [];
        for (const i of candidates) {
            const d = this.scan.entry(i);
            if (keep(d))
                out.push(d);
        }
        return out;
    }
    /** Entries whose ref.name or containerd name is `name` as written, in index.json order. */
    named(name) {
        return this.#pick(this.scan.candidates(name), (d) => refOf(d) === name || containerdNameOf(d) === name);
    }
    /** Entries pointing at `digest`, in index.json order. */
    byDigest(digest) {
        return this.scan.withDigest(digest).map((i) => this.scan.entry(i));
    }
    /**
     * The tags (tagOf) of the entries pointing at `digest`, in index.json order, read from
     * the scan: only entries it cannot state a name for are parsed (IndexScan.refName). At
     * 100,000 tags on 3 images, one image's 33,000 entries parsed cost ~150 ms of `inspect`.
     */
    tagsAt(digest) {
        const out = [];
        for (const i of this.scan.withDigest(digest)) {
            const ref = this.scan.refName(i);
            const tag = ref === null ? tagOf(this.scan.entry(i)) : ref;
            if (tag !== undefined)
                out.push(tag);
        }
        return out;
    }
    /**
     * Entries with a normalisable name whose normalised form is `wanted` (itself normalised),
     * in index.json order. Normalising adds a registry, `library/` and `:latest`, never
     * changes the repository's last path component: entries without it are not parsed.
     */
    normalized(wanted) {
        const last = wanted.slice(wanted.lastIndexOf('/') + 1).replace(/[:@].*$/, '');
        return this.#pick(this.scan.candidates(last, false), (d) => namesOf(d).normalizable.some((n) => n.includes(last) && normalizedOrUndefined(n) === wanted));
    }
}
/**
 * An OCI image layout on disk. Open with `Store.open(root)`.
 */
class Store {
    /** Absolute path of the layout directory. */
    root;
    /** Local blobs only (no fallback). */
    blobs;
    /** Lazy source of missing blobs (the runner cache); settable after open. */
    fallback;
    #logger;
    #lockWaitMs;
    /** The last index.json scanned: its stat key and the scan. */
    #cache;
    /** Parsed small JSON blobs by digest (blobs are immutable): for referrers and gc. */
    #jsonCache = new Map();
    constructor(root, options) {
        this.root = root;
        this.blobs = new storage/* BlobStorage */.BR(root);
        this.fallback = options.fallback;
        this.#logger = options.logger ?? content/* silentLogger */.qq;
        this.#lockWaitMs = options.lockWaitMs ?? 30_000;
    }
    /**
     * Open the layout at `root`: create it (unless `create: false`) when the directory holds
     * none, else validate `oci-layout` and `index.json`.
     *
     * - UNSUPPORTED_LAYOUT: an `oci-layout` with another version, garbled, or missing beside
     *   an existing `index.json`/`blobs/` (not a layout we can trust).
     * - CORRUPT_INDEX: `index.json` is not a valid image index.
     * - NOT_FOUND: no layout and `create: false`.
     */
    static async open(root, options = {}) {
        const store = new Store((0,external_node_path_.resolve)(root), options);
        await store.#init(options.create ?? true);
        return store;
    }
    async #init(create) {
        const layoutPath = (0,external_node_path_.join)(this.root, LAYOUT_FILE);
        let text;
        try {
            text = await (0,promises_.readFile)(layoutPath, 'utf8');
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOTDIR')) {
                throw new errors/* OciError */.Mf('UNSUPPORTED_LAYOUT', `store ${this.root} is not a directory`, {
                    input: 'store',
                    hint: 'point store at a directory (it is created when missing)',
                });
            }
            if (!(0,errors/* isErrno */.r)(e, 'ENOENT'))
                throw e;
        }
        if (text === undefined) {
            const hasIndex = await exists((0,external_node_path_.join)(this.root, INDEX_FILE));
            const hasBlobs = await exists((0,external_node_path_.join)(this.root, 'blobs'));
            if (hasIndex || hasBlobs) {
                throw new errors/* OciError */.Mf('UNSUPPORTED_LAYOUT', `${layoutPath} is missing, but ${this.root} holds ${hasIndex ? 'index.json' : 'blobs/'}`, {
                    input: 'store',
                    hint: `if this is an OCI image layout, write {"imageLayoutVersion":"${oci/* IMAGE_LAYOUT_VERSION */.qb}"} to its oci-layout file; otherwise choose another store directory`,
                });
            }
            if (!create) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `no OCI layout at ${this.root}`, {
                    input: 'store',
                    hint: 'ingest or pull something into the store first, or check the store path',
                });
            }
            // oci-layout first: a concurrent opener then never sees index.json or blobs/
            // without it (which would look like a damaged layout).
            // One level at a time (dirs.ts): Node's recursive mkdir hangs under /proc and says
            // ENOENT for a read-only file system.
            await (0,dirs/* makeDirectory */.O)(this.root, { input: 'store' });
            const layout = { imageLayoutVersion: oci/* IMAGE_LAYOUT_VERSION */.qb };
            await (0,storage/* writeFileAtomic */.Zf)(layoutPath, JSON.stringify(layout), this.root);
            text = JSON.stringify(layout);
        }
        let layout;
        try {
            layout = JSON.parse(text);
        }
        catch (e) {
            throw new errors/* OciError */.Mf('UNSUPPORTED_LAYOUT', `${layoutPath} is not valid JSON`, {
                input: 'store',
                hint: `it should hold {"imageLayoutVersion":"${oci/* IMAGE_LAYOUT_VERSION */.qb}"}`,
                cause: e,
            });
        }
        if (typeof layout !== 'object' || layout === null || layout.imageLayoutVersion !== oci/* IMAGE_LAYOUT_VERSION */.qb) {
            const v = typeof layout === 'object' && layout !== null ? layout.imageLayoutVersion : undefined;
            throw new errors/* OciError */.Mf('UNSUPPORTED_LAYOUT', `${layoutPath} has layout version ${JSON.stringify(v)}; this store reads ${oci/* IMAGE_LAYOUT_VERSION */.qb}`, {
                input: 'store',
                hint: 'use a store directory written by an OCI image-layout 1.0 tool (oci-store, skopeo, umoci, oras)',
            });
        }
        if (!(await exists((0,external_node_path_.join)(this.root, INDEX_FILE)))) {
            // image-layout.md requires index.json; a layout with blobs that lost it has lost its
            // tags (and a gc would sweep everything): report, never paper over.
            if (!create || (await hasEntries((0,external_node_path_.join)(this.root, 'blobs', 'sha256')))) {
                throw new errors/* OciError */.Mf('CORRUPT_INDEX', `${(0,external_node_path_.join)(this.root, INDEX_FILE)} is missing`, {
                    input: 'store',
                    hint: 'restore index.json from a backup, or write {"schemaVersion":2,"manifests":[]} to start without tags',
                });
            }
            await this.#withIndexLock(async () => {
                if (!(await exists((0,external_node_path_.join)(this.root, INDEX_FILE))))
                    await this.#writeIndex(emptyIndex());
            });
        }
        await this.#snapshot();
        if (create)
            await (0,dirs/* makeDirectory */.O)((0,external_node_path_.join)(this.root, 'blobs', 'sha256'), { input: 'store' });
    }
    // ---- index.json ---------------------------------------------------------------------
    /** The current index.json (validated; parsed afresh, the caller owns it). */
    async readIndex() {
        return (await this.#snapshot()).scan.parse();
    }
    /**
     * The current index.json, scanned and validated once per version of the file: at 100,000
     * tags a full parse costs more than the rest of a command (index-scan.ts). The same
     * inode, size and mtime reuse the scan; a file changed within the last moments (git's
     * "racy" case: coarse clocks, inode reuse) is read again and reused only when its bytes
     * hash the same. Shared and read-only: lookups hand out parsed copies.
     */
    async #snapshot() {
        const path = (0,external_node_path_.join)(this.root, INDEX_FILE);
        let fh;
        try {
            fh = await (0,promises_.open)(path, 'r');
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                throw missingIndex(path);
            throw e;
        }
        try {
            const st = await fh.stat({ bigint: true });
            const key = `${st.ino}:${st.size}:${st.mtimeNs}`;
            const cached = this.#cache;
            if (cached?.key === key && Date.now() - Number(st.mtimeMs) > RACY_MS)
                return cached.snapshot;
            // Compared piecewise first: an unchanged file (the usual case under the lock, just
            // after open) then costs no second 20 MB buffer at the peak.
            if (cached !== undefined && BigInt(cached.snapshot.scan.bytes.length) === st.size && (await holdsBytes(fh, cached.snapshot.scan.bytes))) {
                cached.key = key;
                return cached.snapshot;
            }
            this.#cache = undefined; // the old bytes are garbage before the new ones are read
            const snapshot = new IndexSnapshot(scanIndex(await fh.readFile(), path));
            this.#cache = { key, snapshot };
            return snapshot;
        }
        finally {
            await fh.close();
        }
    }
    /** index.json read and validated afresh: an object the caller owns. */
    async #loadIndex(path) {
        let text;
        try {
            text = await (0,promises_.readFile)(path, 'utf8');
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT')) {
                throw missingIndex(path);
            }
            throw e;
        }
        return parseIndex(text, path);
    }
    async #writeIndex(index) {
        // The commit point: every blob the new index can name must be durable first (blob
        // links are fsynced per directory here, not per blob; see storage.ts).
        await this.blobs.syncPublished();
        await (0,storage/* writeFileAtomic */.Zf)((0,external_node_path_.join)(this.root, INDEX_FILE), Buffer.isBuffer(index) ? index : JSON.stringify(index), this.root);
    }
    async #withIndexLock(fn) {
        const key = (0,external_node_path_.join)(this.root, INDEX_FILE);
        const previous = localQueues.get(key) ?? Promise.resolve();
        let done;
        const mine = new Promise((r) => (done = r));
        const tail = previous.then(() => mine);
        localQueues.set(key, tail);
        await previous;
        try {
            const lock = await (0,core_lock/* acquireLock */.IZ)((0,external_node_path_.join)(this.root, LOCK_FILE), {
                what: `${key}`,
                waitMs: this.#lockWaitMs,
                staleMs: INDEX_LOCK_STALE_MS,
                hint: 'another oci-store process holds the store; retry when it has finished (or remove index.json.lock if no process is running)',
                onStale: (info) => this.#logger.warning(`recovered a stale index.json lock${info ? ` of pid ${info.pid} since ${info.since}` : ''}`),
            });
            try {
                return await fn();
            }
            finally {
                await lock.release();
            }
        }
        finally {
            done();
            if (localQueues.get(key) === tail)
                localQueues.delete(key);
        }
    }
    /**
     * Locked read-modify-write of index.json: `fn` gets the index as it is now on disk (read
     * under the lock, parsed for `fn` to own) and mutates it or returns a replacement; the
     * result is written atomically. Throws CORRUPT_INDEX (writing nothing) when index.json is corrupt.
     */
    async updateIndex(fn) {
        await this.#withIndexLock(async () => {
            // As it is now, under the lock; the parse is reused when the file is unchanged. `fn`
            // then owns it, so the cache is dropped first: a failed update leaves no half-changed
            // index behind in memory either.
            const current = (await this.#snapshot()).scan.parse();
            const next = (await fn(current)) ?? current;
            if (typeof next !== 'object' || next === null || !Array.isArray(next.manifests)) {
                throw new errors/* OciError */.Mf('INVALID_INPUT', 'updateIndex: the update did not produce an image index');
            }
            await this.#writeIndex(next);
        });
    }
    // ---- blobs --------------------------------------------------------------------------
    /** True when the blob is present locally, or the fallback (runner cache) holds it. */
    async exists(desc) {
        (0,core_digest/* parseDigest */.m)(desc.digest);
        if (await this.blobs.has(desc.digest))
            return true;
        return this.fallback?.has(desc.digest) ?? false;
    }
    /** Make a blob local, asking the fallback on a miss. Returns its local size; NOT_FOUND otherwise. */
    async #ensureLocal(digest, size) {
        try {
            return (await this.blobs.stat(digest)).size;
        }
        catch (e) {
            if (!(0,errors/* isOciError */.eq)(e, 'NOT_FOUND') || !this.fallback)
                throw e;
            if (!(await this.fallback.fetchInto(digest, size, this.blobs)))
                throw e;
            return (await this.blobs.stat(digest)).size;
        }
    }
    /**
     * A verified stream of a blob (digest checked at its end, size up front); on a local
     * miss the fallback is asked to place it first. NOT_FOUND when nobody has it.
     * `readSize`: bytes per read (BlobStorage.open).
     */
    async fetch(desc, options = {}) {
        validateDescriptor(desc);
        const size = await this.#ensureLocal(desc.digest, desc.size);
        if (size !== desc.size) {
            throw new errors/* OciError */.Mf('SIZE_MISMATCH', `blob ${desc.digest} has ${size} bytes, but its descriptor says ${desc.size}`, {
                hint: 'the manifest referring to it is wrong, or the blob file was replaced',
            });
        }
        return this.blobs.open(desc.digest, undefined, options);
    }
    /**
     * Store a blob from a stream, verified against `desc` before it is published. When the
     * blob is already present the stream is drained and the existing blob kept.
     */
    async push(desc, content) {
        validateDescriptor(desc);
        if (await this.blobs.has(desc.digest)) {
            // Verify the caller's bytes anyway: a push that "succeeds" must have sent the blob.
            await (0,external_node_stream_promises_.pipeline)(content, new core_digest/* DigestStream */.vl({ digest: desc.digest, size: desc.size }), async (src) => {
                for await (const _ of src) {
                    /* drain */
                }
            });
            return;
        }
        const ref = `push-${desc.digest}-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
        const w = await this.blobs.writer(ref, { total: desc.size, expected: desc.digest });
        try {
            await (0,external_node_stream_promises_.pipeline)(content, w.stream());
        }
        catch (e) {
            await w.cancel().catch(() => { });
            throw e;
        }
        await w.commit(desc.size, desc.digest);
    }
    /** Read a small JSON blob (manifest, index, config), verified and size-capped. */
    async readJSON(desc, maxBytes = MANIFEST_MAX_BYTES) {
        validateDescriptor(desc);
        if (desc.size > maxBytes) {
            throw new errors/* OciError */.Mf('TOO_LARGE', `blob ${desc.digest} (${desc.mediaType}) has ${desc.size} bytes, more than the ${maxBytes} allowed`, {
                hint: 'manifests and configs this large are not supported',
            });
        }
        const size = await this.#ensureLocal(desc.digest, desc.size);
        if (size !== desc.size) {
            throw new errors/* OciError */.Mf('SIZE_MISMATCH', `blob ${desc.digest} has ${size} bytes, but its descriptor says ${desc.size}`, {
                hint: 'the manifest referring to it is wrong, or the blob file was replaced',
            });
        }
        const data = await this.blobs.get(desc.digest, maxBytes);
        try {
            return JSON.parse(data.toString('utf8'));
        }
        catch (e) {
            throw new errors/* OciError */.Mf('INVALID_MANIFEST', `blob ${desc.digest} (${desc.mediaType}) is not valid JSON`, {
                hint: 'the image is damaged; pull or ingest it again',
                cause: e,
            });
        }
    }
    /** Store `JSON.stringify(value)` as a blob; returns its descriptor (with `extra` merged). */
    async pushJSON(value, mediaType, extra) {
        return this.pushBytes(Buffer.from(JSON.stringify(value), 'utf8'), mediaType, extra);
    }
    /** Store small bytes as a blob; returns its descriptor (with `extra` merged). */
    async pushBytes(data, mediaType, extra) {
        const digest = (0,core_digest/* sha256 */.sc)(data);
        await this.blobs.put(data, digest);
        return { ...extra, mediaType, digest, size: data.length };
    }
    // ---- tags ---------------------------------------------------------------------------
    /**
     * Resolve a reference to a descriptor:
     * 1. a tag as written (`app:1`, `latest`), matched against each entry's ref.name and
     *    containerd's full name (`io.containerd.image.name`, CONTAINERD_NAME_ANNOTATION);
     * 2. its normalised form against the normalised forms of stored names (`app:1` finds
     *    `docker.io/library/app:1` and vice versa; `local/rev:rev` finds the containerd
     *    entry named `docker.io/local/rev:rev` whose ref.name is just `rev`);
     * 3. `name@digest` or a bare digest: an index.json entry with that digest, else the
     *    blob itself (its mediaType read from its content).
     * A step whose matches point at different content refuses the ref as ambiguous
     * (INVALID_REFERENCE listing the candidates; umoci refuses the same) instead of taking
     * one of them: a containerd export of `a:1` and `b:1` has two entries tagged `1`.
     * NOT_FOUND when none applies; INVALID_REFERENCE for a malformed ref. Errors carry no
     * `input`: the caller knows which input the ref came from (`withInput`).
     */
    async resolve(ref) {
        if (typeof ref !== 'string' || ref === '') {
            throw new errors/* OciError */.Mf('INVALID_REFERENCE', 'an empty reference cannot be resolved', { hint: 'use a tag like app:1 or a digest' });
        }
        const snapshot = await this.#snapshot();
        if ((0,core_digest/* isDigest */.Bc)(ref))
            return this.#resolveDigest(ref, snapshot);
        const exact = snapshot.named(ref);
        if (exact.length > 0)
            return plain(this.#one(ref, exact));
        const parsed = (0,reference/* parseReference */.F2)(ref);
        if (parsed.digest !== undefined)
            return this.#resolveDigest(parsed.digest, snapshot, ref);
        const normal = snapshot.normalized((0,reference/* normalizedString */.VU)(ref));
        if (normal.length > 0)
            return plain(this.#one(ref, normal));
        throw new errors/* OciError */.Mf('NOT_FOUND', `${ref} is not in the store ${this.root}`, {
            hint: 'check the tag (inspect without a ref lists every tag), or pull it first',
        });
    }
    /** The entry `ref` matched; INVALID_REFERENCE naming every candidate when they differ in content. */
    #one(ref, matches) {
        const digests = new Set(matches.map((d) => d.digest));
        if (digests.size === 1)
            return matches[matches.length - 1];
        const candidates = matches.map((d) => `${tagOf(d) ?? '(untagged)'} (${d.digest})`);
        const example = matches.map(tagOf).find((n) => n !== undefined && n !== ref);
        throw new errors/* OciError */.Mf('INVALID_REFERENCE', `${ref} is ambiguous in the store ${this.root}: it names ${digests.size} different images: ${candidates.join(', ')}`, {
            hint: `refer to one of them by its full name${example !== undefined ? ` (e.g. ${example})` : ''} or by its digest`,
        });
    }
    async #resolveDigest(digest, snapshot, ref = digest) {
        const [entry] = snapshot.byDigest(digest);
        if (entry !== undefined)
            return plain(entry);
        let size;
        try {
            size = (await this.blobs.stat(digest)).size;
        }
        catch (e) {
            if (!(0,errors/* isOciError */.eq)(e, 'NOT_FOUND') || !this.fallback?.has(digest)) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `${ref} is not in the store ${this.root}`, {
                    hint: 'check the digest, or pull the image first',
                });
            }
            size = await this.#ensureLocal(digest, this.fallback.size?.(digest));
        }
        const notManifest = () => new errors/* OciError */.Mf('INVALID_MANIFEST', `${ref} names a blob that is not a manifest or an index`, {
            hint: 'refer to an image by the digest of its manifest or index',
        });
        if (size > MANIFEST_MAX_BYTES)
            throw notManifest();
        let doc;
        try {
            doc = JSON.parse((await this.blobs.get(digest)).toString('utf8'));
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e))
                throw e;
            throw notManifest();
        }
        if (typeof doc !== 'object' || doc === null)
            throw notManifest();
        let mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
        // image-spec makes mediaType optional in manifests (SHOULD); infer it from the shape.
        if (mediaType === undefined) {
            if (Array.isArray(doc.manifests))
                mediaType = oci/* MediaType */.zu.ImageIndex;
            else if (typeof doc.config === 'object' && Array.isArray(doc.layers))
                mediaType = oci/* MediaType */.zu.ImageManifest;
        }
        if (!(0,oci/* isIndexMediaType */.$$)(mediaType) && !(0,oci/* isManifestMediaType */.CM)(mediaType))
            throw notManifest();
        const out = { mediaType: mediaType, digest, size };
        const at = doc.artifactType;
        if (typeof at === 'string')
            out.artifactType = at;
        return out;
    }
    /** Point `ref` (recorded as written) at `desc`, replacing an earlier target. */
    async tag(desc, ref) {
        await this.tagMany(desc, [ref]);
    }
    /**
     * Point every ref at `desc` in one locked update of index.json. The content must be in
     * the store (locally or in the fallback): NOT_FOUND otherwise, nothing written.
     *
     * - Each new entry carries `desc`'s platform and the annotations that describe the
     *   content (isContentAnnotation), never the names of the entry `desc` was resolved
     *   from: a retag of a containerd export must not be named after the old image.
     * - ref.name is the ref as written. When `desc` came from an entry named the containerd
     *   way, the new entry is too: `io.containerd.image.name` = the ref's normalised form.
     * - An entry already standing for the same tag (same containerd name, else same
     *   ref.name) is replaced.
     */
    async tagMany(desc, refs, options = {}) {
        validateDescriptor(desc);
        for (const r of refs)
            validateTag(r);
        if (refs.length === 0)
            return;
        await this.#withIndexLock(async () => {
            // As it is now, under the lock (the scan is reused when the file is unchanged).
            const { scan } = await this.#snapshot();
            // Checked under the lock, so a concurrent gc (which holds it) cannot sweep the
            // content between this check and the write.
            if (!(await this.exists(desc))) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `cannot tag ${desc.digest}: it is not in the store ${this.root}`, {
                    hint: 'push or ingest the content before tagging it',
                });
            }
            const base = contentOnly(desc);
            if (options.omitted !== undefined) {
                const absent = [];
                for (const o of options.omitted)
                    if (!(await this.#has(o.digest)))
                        absent.push(o.digest);
                setOmitted(base, absent);
            }
            const containerdStyle = containerdNameOf(desc) !== undefined;
            // The new index.json is the old one's bytes with entries spliced in: an entry standing
            // for the same tag is replaced in place (and any further one removed), else the new
            // entry is appended; every other entry keeps its bytes. Only entries whose bytes can
            // hold the tag's names are parsed (IndexScan.candidates).
            const replace = new Map();
            const remove = new Set();
            let append = [];
            const parsed = new Map();
            for (const ref of refs) {
                const entry = structuredClone(base);
                entry.annotations = { ...entry.annotations, ...nameAnnotations(ref, containerdStyle) };
                const names = new Set([ref, tagOf(entry)]);
                const candidates = new Set(replace.keys());
                for (const n of names)
                    for (const i of scan.candidates(n))
                        candidates.add(i);
                const matches = [];
                for (const i of [...candidates].sort((a, b) => a - b)) {
                    if (remove.has(i))
                        continue;
                    let current = replace.get(i) ?? parsed.get(i);
                    if (current === undefined)
                        parsed.set(i, (current = scan.entry(i)));
                    if (sameTag(current, entry))
                        matches.push(i);
                }
                const appended = append.filter((d) => sameTag(d, entry));
                if (matches.length > 0) {
                    replace.set(matches[0], entry);
                    for (const i of matches.slice(1)) {
                        replace.delete(i);
                        remove.add(i);
                    }
                    append = append.filter((d) => !appended.includes(d));
                }
                else if (appended.length > 0) {
                    append[append.indexOf(appended[0])] = entry;
                    append = append.filter((d) => !appended.includes(d) || d === entry);
                }
                else {
                    append.push(entry);
                }
            }
            const edit = { replace, remove, append };
            this.#cache = undefined; // the file changes; its old bytes go with `scan`
            await this.#writeIndex(scan.splice(edit));
        });
    }
    /**
     * Keep `desc` as an untagged index.json entry: a root gc keeps and `name@digest` finds
     * (resolve matches any entry by digest), for content pulled by digest, which a tag
     * cannot name (a tag holds no digest). The entry carries what describes the content
     * (its platform, the record of children left out, as tagMany) and no name; an untagged
     * entry already at `desc` is left as it is. NOT_FOUND, nothing written, when the
     * content is not in the store.
     *
     * Reference: image-spec image-layout.md (index.json entries need no ref.name).
     */
    async keepRoot(desc, options = {}) {
        validateDescriptor(desc);
        const kept = (index) => index.manifests.some((d) => d.digest === desc.digest && refOf(d) === undefined);
        // No write for a pull that changed nothing.
        if ((await this.#snapshot()).byDigest(desc.digest).some((d) => refOf(d) === undefined))
            return;
        await this.updateIndex(async (index) => {
            if (kept(index))
                return;
            if (!(await this.exists(desc))) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `cannot keep ${desc.digest}: it is not in the store ${this.root}`, {
                    hint: 'push or pull the content before keeping it',
                });
            }
            const entry = contentOnly(desc);
            if (options.omitted !== undefined) {
                const absent = [];
                for (const o of options.omitted)
                    if (!(await this.#has(o.digest)))
                        absent.push(o.digest);
                setOmitted(entry, absent);
            }
            index.manifests.push(entry);
        });
    }
    /**
     * After children of the index `desc` were pulled: drop every child now present from the
     * OMITTED_ANNOTATION record of each index.json entry pointing at `desc` (the annotation
     * goes when none is left). Writes index.json only when a record changes.
     */
    async pruneOmitted(desc) {
        const stale = async (entries) => {
            for (const e of entries)
                for (const d of omittedChildren(e))
                    if (await this.#has(d))
                        return true;
            return false;
        };
        if (!(await stale((await this.#snapshot()).byDigest(desc.digest))))
            return;
        await this.updateIndex(async (index) => {
            for (const e of index.manifests) {
                if (e.digest !== desc.digest || e.annotations?.[OMITTED_ANNOTATION] === undefined)
                    continue;
                const still = [];
                for (const d of omittedChildren(e))
                    if (!(await this.#has(d)))
                        still.push(d);
                setOmitted(e, still);
            }
        });
    }
    /** Present locally or in the fallback. */
    async #has(digest) {
        return (await this.blobs.has(digest)) || (this.fallback?.has(digest) ?? false);
    }
    /**
     * Remove a tag: entries whose tag (tagOf: containerd's full name, else ref.name) is `ref`
     * as written, else those whose normalised name equals `ref`'s. A containerd entry is
     * removed by its full name only, as listTags shows it: its bare ref.name (`1`) may be
     * shared by other images. True when something was removed. The content stays until gc.
     */
    async untag(ref) {
        let removed = false;
        await this.updateIndex((index) => {
            const before = index.manifests.length;
            index.manifests = index.manifests.filter((d) => tagOf(d) !== ref);
            if (index.manifests.length === before) {
                const wanted = normalizedOrUndefined(ref);
                if (wanted !== undefined) {
                    index.manifests = index.manifests.filter((d) => !namesOf(d).normalizable.some((n) => normalizedOrUndefined(n) === wanted));
                }
            }
            removed = index.manifests.length !== before;
        });
        return removed;
    }
    /**
     * Every tag, in index.json order, with the descriptor it points at; only those at
     * `digest` when given. A containerd-exported entry is listed by its full name (tagOf).
     */
    async listTags(digest) {
        const snapshot = await this.#snapshot();
        const entries = digest !== undefined ? snapshot.byDigest(digest) : snapshot.scan.parse().manifests;
        const out = [];
        for (const d of entries) {
            const ref = tagOf(d);
            if (ref !== undefined)
                out.push({ ref, descriptor: plain(d) });
        }
        return out;
    }
    /** The tags listTags(digest) lists, without their descriptors (nothing parsed that the index scan can read). */
    async tagsOf(digest) {
        return (await this.#snapshot()).tagsAt(digest);
    }
    // ---- graph --------------------------------------------------------------------------
    /**
     * Direct successors: a manifest's config, layers and subject; an index's manifests and
     * subject; nothing for other blobs.
     */
    async successors(desc) {
        if ((0,oci/* isManifestMediaType */.CM)(desc.mediaType)) {
            const m = await this.readJSON(desc);
            const out = [];
            if (m.config)
                out.push(m.config);
            if (Array.isArray(m.layers))
                out.push(...m.layers);
            if (m.subject)
                out.push(m.subject);
            return out;
        }
        if ((0,oci/* isIndexMediaType */.$$)(desc.mediaType)) {
            const ix = await this.readJSON(desc);
            const out = Array.isArray(ix.manifests) ? [...ix.manifests] : [];
            if (ix.subject)
                out.push(ix.subject);
            return out;
        }
        return [];
    }
    /** What a small blob says about itself, cached; null when it is not a manifest or index. */
    async #peek(digest, size) {
        const cached = this.#jsonCache.get(digest);
        if (cached !== undefined)
            return cached;
        let out = null;
        if (size <= MANIFEST_MAX_BYTES && size > 0) {
            try {
                const data = await this.blobs.get(digest);
                if (data[0] === 0x7b /* { */) {
                    const doc = JSON.parse(data.toString('utf8'));
                    let mediaType = doc.mediaType;
                    if (mediaType === undefined) {
                        if (Array.isArray(doc.manifests))
                            mediaType = oci/* MediaType */.zu.ImageIndex;
                        else if (typeof doc.config === 'object' && Array.isArray(doc.layers))
                            mediaType = oci/* MediaType */.zu.ImageManifest;
                    }
                    if ((0,oci/* isManifestMediaType */.CM)(mediaType) || (0,oci/* isIndexMediaType */.$$)(mediaType)) {
                        out = { mediaType };
                        if (doc.subject && typeof doc.subject.digest === 'string')
                            out.subject = doc.subject.digest;
                        // distribution-spec: an image manifest's artifactType defaults to its config's mediaType.
                        const at = doc.artifactType ?? ((0,oci/* isManifestMediaType */.CM)(mediaType) ? doc.config?.mediaType : undefined);
                        if (typeof at === 'string')
                            out.artifactType = at;
                        if (doc.annotations)
                            out.annotations = doc.annotations;
                    }
                }
            }
            catch {
                out = null;
            }
        }
        this.#jsonCache.set(digest, out);
        return out;
    }
    /**
     * Manifests in the store whose `subject` is `subject` (the referrers API's answer),
     * optionally only those of `artifactType`. Scans the store's small blobs.
     *
     * Reference: image-spec manifest.md "subject"; distribution-spec "Listing Referrers".
     */
    async referrers(subject, artifactType) {
        (0,core_digest/* parseDigest */.m)(subject.digest);
        const out = [];
        await this.blobs.walk(async ({ digest, size }) => {
            const info = await this.#peek(digest, size);
            if (!info || info.subject !== subject.digest)
                return;
            if (artifactType !== undefined && info.artifactType !== artifactType)
                return;
            const d = { mediaType: info.mediaType, digest, size };
            if (info.artifactType !== undefined)
                d.artifactType = info.artifactType;
            if (info.annotations !== undefined)
                d.annotations = info.annotations;
            out.push(d);
        });
        return out;
    }
    // ---- gc and verify ------------------------------------------------------------------
    /**
     * Mark and sweep: every blob reachable from an index.json entry (tagged or not) —
     * children, configs, layers, subjects — and every referrer of a live manifest stays;
     * the rest is removed, with stale ingests and temp files. Holds the index lock, so no
     * tag is written meanwhile. Blobs only in the fallback cost nothing and are ignored.
     */
    async gc(options = {}) {
        const staleIngestMs = options.staleIngestMs ?? 3600_000;
        const minBlobAgeMs = options.minBlobAgeMs ?? 0;
        return this.#withIndexLock(async () => {
            const index = await this.#loadIndex((0,external_node_path_.join)(this.root, INDEX_FILE));
            const live = new Set();
            // What each manifest or index read during the mark holds, or why it could not be read.
            const read = new Map();
            const mark = (roots) => (0,walk/* walk */.GG)(this, roots, ({ descriptor: d }) => {
                // Marked by an earlier mark (referrers below), or a digest that names no blob.
                if (live.has(d.digest) || !(0,core_digest/* isDigest */.Bc)(d.digest))
                    return walk/* SKIP_CHILDREN */.cL;
                live.add(d.digest);
            }, {
                children: async (d) => {
                    const children = options.known?.get(d.digest) ?? (await this.successors(d));
                    read.set(d.digest, children);
                    return children;
                },
                onError: (e) => void read.set(e.descriptor.digest, e.cause),
            });
            await mark(index.manifests);
            // Referrers of live manifests stay (signatures, SBOMs), to a fixed point.
            const candidates = [];
            await this.blobs.walk((b) => {
                if (!live.has(b.digest))
                    candidates.push(b);
            });
            for (let changed = true; changed;) {
                changed = false;
                for (const b of candidates) {
                    if (live.has(b.digest))
                        continue;
                    const info = await this.#peek(b.digest, b.size);
                    if (info?.subject !== undefined && live.has(info.subject)) {
                        await mark([{ mediaType: info.mediaType, digest: b.digest, size: b.size }]);
                        changed = true;
                    }
                }
            }
            // A damaged or missing manifest hides what it references, so no unreferenced blob can
            // be proven garbage: sweep nothing rather than lose an image's intact blobs (the post
            // step runs gc on every job). Reported visibly, per tag, until the image is repaired.
            const unreadable = this.#unreadableRoots(index.manifests, read);
            let removedBlobs = 0;
            let bytesFreed = 0;
            let keptBlobs = 0;
            let keptBytes = 0;
            const now = Date.now();
            for (const b of candidates) {
                if (live.has(b.digest))
                    continue;
                if (unreadable.length > 0) {
                    keptBlobs++;
                    keptBytes += b.size;
                    continue;
                }
                if (minBlobAgeMs > 0) {
                    try {
                        if (now - (await (0,promises_.stat)(this.blobs.blobPath(b.digest))).mtimeMs < minBlobAgeMs)
                            continue;
                    }
                    catch {
                        continue;
                    }
                }
                try {
                    await this.blobs.delete(b.digest);
                    removedBlobs++;
                    bytesFreed += b.size;
                    this.#jsonCache.delete(b.digest);
                }
                catch (e) {
                    if (!(0,errors/* isOciError */.eq)(e, 'NOT_FOUND'))
                        throw e;
                }
            }
            let removedIngests = await this.blobs.pruneIngests(staleIngestMs);
            // Torn index.json temp files of killed writers.
            for (const name of await (0,promises_.readdir)(this.root)) {
                if (!/^index\.json\..+\.tmp$/.test(name) && !/^index\.json\.lock\.stale-/.test(name) && !/^oci-layout\..+\.tmp$/.test(name))
                    continue;
                const p = (0,external_node_path_.join)(this.root, name);
                try {
                    if (now - (await (0,promises_.stat)(p)).mtimeMs > Math.min(staleIngestMs, 60_000)) {
                        await (0,promises_.rm)(p, { force: true });
                        removedIngests++;
                    }
                }
                catch {
                    /* gone */
                }
            }
            if (unreadable.length === 0)
                return { removedBlobs, bytesFreed, removedIngests };
            for (const u of unreadable) {
                const what = u.ref !== undefined ? `tag ${u.ref}` : `the untagged index.json entry ${u.root}`;
                const where = u.digest === u.root ? '' : ` (its ${u.digest})`;
                this.#logger.warning(`gc: ${what} cannot be read${where}: ${u.message.replace(/[.\s]+$/, '')}. ` +
                    `No blob was removed (${keptBlobs} unreferenced kept), since what it references is unknown. ` +
                    `Run verify to see the damage, then pull or ingest ${u.ref ?? 'the image'} again, or remove the entry from index.json.`);
            }
            return { removedBlobs, bytesFreed, removedIngests, unreadable, keptBlobs, keptBytes };
        });
    }
    /**
     * The index.json entries whose graph holds a manifest or index that could not be read
     * (`read` from gc's mark). A child of an entry's index that the entry records as left
     * out on purpose (OMITTED_ANNOTATION) and that is absent is not unreadable: a partial
     * pull brought nothing of it.
     */
    #unreadableRoots(roots, read) {
        const out = [];
        for (const root of roots) {
            const omitted = new Set(omittedChildren(root));
            const seen = new Set();
            const stack = [{ d: root, top: true }];
            while (stack.length > 0) {
                const { d, top } = stack.pop();
                if (seen.has(d.digest))
                    continue;
                seen.add(d.digest);
                const r = read.get(d.digest);
                if (r === undefined)
                    continue; // a blob, not a manifest or index
                if (Array.isArray(r)) {
                    for (const c of r)
                        stack.push({ d: c, top: top && d === root && (0,oci/* isIndexMediaType */.$$)(d.mediaType) });
                    continue;
                }
                if (top && d !== root && omitted.has(d.digest) && (0,errors/* isOciError */.eq)(r, 'NOT_FOUND'))
                    continue;
                const u = { root: root.digest, digest: d.digest, message: r instanceof Error ? r.message : String(r) };
                const ref = tagOf(root);
                if (ref !== undefined)
                    u.ref = ref;
                out.push(u);
                break; // one finding per entry is enough to name it
            }
        }
        return out;
    }
    /**
     * verify's check of one descriptor `d` itself, by whatever role it is reached (config,
     * layer, manifest, or the entry's media type — `what`, filled in per role): its findings,
     * and, for a sound manifest or index, its children with their roles. `sizes` are the
     * local blobs' sizes, `corrupt` the blobs whose bytes no longer match their digest.
     */
    async #checkNode(d, sizes, corrupt) {
        const problem = (code, message) => (what) => ({ kind: 'problem', d, code, message: message(what) });
        const none = [];
        if (!(0,core_digest/* isDigest */.Bc)(d.digest))
            return { own: [problem('INVALID_DIGEST', (what) => `${what} has invalid digest ${JSON.stringify(d.digest)}`)], children: none };
        const own = [];
        const size = sizes.get(d.digest);
        if (size === undefined) {
            if (!this.fallback?.has(d.digest))
                return { own: [problem('INCOMPLETE', (what) => `${what} ${d.digest} is missing from the store`)], children: none };
            own.push(() => ({ kind: 'notLocal', d }));
            if (!(0,oci/* isManifestMediaType */.CM)(d.mediaType) && !(0,oci/* isIndexMediaType */.$$)(d.mediaType))
                return { own, children: none };
        }
        else if (size !== d.size) {
            return { own: [problem('SIZE_MISMATCH', (what) => `${what} ${d.digest} has ${size} bytes, but its descriptor says ${d.size}`)], children: none };
        }
        if (corrupt.has(d.digest))
            return { own: [(what) => ({ kind: 'corrupt', d, what })], children: none };
        if (!(0,oci/* isManifestMediaType */.CM)(d.mediaType) && !(0,oci/* isIndexMediaType */.$$)(d.mediaType))
            return { own, children: none };
        const invalid = (code, message) => ({ own: [...own, problem(code, () => message)], children: none });
        let doc;
        try {
            doc = await this.readJSON(d);
        }
        catch (e) {
            return invalid((0,errors/* isOciError */.eq)(e) ? e.code : 'INVALID_MANIFEST', e.message);
        }
        if (typeof doc !== 'object' || doc === null || (doc.mediaType !== undefined && doc.mediaType !== d.mediaType)) {
            return invalid('INVALID_MANIFEST', `${d.digest} is described as ${d.mediaType} but its content says ${JSON.stringify(doc?.mediaType)}`);
        }
        const children = [];
        if ((0,oci/* isManifestMediaType */.CM)(d.mediaType)) {
            if (typeof doc.config !== 'object' || doc.config === null || !Array.isArray(doc.layers)) {
                return invalid('INVALID_MANIFEST', `manifest ${d.digest} lacks config or layers`);
            }
            children.push([doc.config, 'config']);
            for (const l of doc.layers)
                children.push([l, 'layer']);
        }
        else {
            if (!Array.isArray(doc.manifests))
                return invalid('INVALID_MANIFEST', `index ${d.digest} lacks manifests`);
            for (const m of doc.manifests)
                children.push([m, 'manifest']);
        }
        const bad = children.find(([c]) => typeof c !== 'object' || c === null);
        if (bad !== undefined) {
            return invalid('INVALID_MANIFEST', `${(0,oci/* isManifestMediaType */.CM)(d.mediaType) ? 'manifest' : 'index'} ${d.digest} has a ${bad[1]} that is not a descriptor: ${JSON.stringify(bad[0])}`);
        }
        // A subject need not be in the store: a referrer may arrive before its subject.
        return { own, children };
    }
    /**
     * Check the store: every local blob re-hashed against its name; every index.json
     * entry's graph complete (each blob present with the size its descriptor says, each
     * manifest and index valid JSON of the right media type). Blobs absent locally but held
     * by the fallback are listed in `notLocal`, not as problems; so are, in `notPulled`,
     * children an entry records as deliberately left out by a platform selection
     * (OMITTED_ANNOTATION) — any other missing child is INCOMPLETE.
     */
    async verify() {
        const problems = [];
        const notLocal = [];
        const notPulled = [];
        let checkedBlobs = 0;
        const sizes = new Map();
        /** Corrupt blobs → their problem, which names the first tag found to need them. */
        const corrupt = new Map();
        await this.blobs.walk(async ({ digest, size }) => {
            let actual;
            try {
                actual = await this.blobs.hash(digest);
            }
            catch (e) {
                if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                    return;
                throw e;
            }
            checkedBlobs++;
            sizes.set(digest, size);
            if (actual !== digest) {
                const problem = {
                    code: 'DIGEST_MISMATCH',
                    digest,
                    message: `blob ${digest} is corrupt: its file ${this.blobs.blobPath(digest)} has digest ${actual}`,
                };
                corrupt.set(digest, problem);
                problems.push(problem);
            }
        });
        for (const stray of await this.blobs.strayFiles()) {
            problems.push({ code: 'INVALID_DIGEST', message: `${(0,external_node_path_.join)(this.root, stray)} is not named by a valid digest` });
        }
        const { scan } = await this.#snapshot();
        // One walk (walk.ts) from every entry checks each descriptor once — reading each
        // manifest and index once — however many tags reach it: at 100,000 tags on a few images
        // the roots dedupe to a few nodes (issue 13). A node is a blob as one descriptor
        // describes it (type, size, digest): a wrong size or type in one descriptor of a blob
        // is that descriptor's problem, found even where another describes it rightly.
        const nodeKey = (d) => `${d.mediaType}\n${d.size}\n${String(d.digest)}`;
        const checks = new Map();
        // The entries' distinct descriptors, found by the scan's shared digest strings: a key
        // string per entry cost 100,000 tags 25 ms of CPU more than verify took before.
        const distinct = new Map();
        const rootOf = (i) => {
            const d = scan.fields(i);
            let same = distinct.get(d.digest);
            if (same === undefined)
                distinct.set(d.digest, (same = []));
            let root = same.find((r) => r.d.mediaType === d.mediaType && r.d.size === d.size);
            if (root === undefined) {
                same.push((root = { d }));
                roots.push(d);
            }
            return root;
        };
        const roots = [];
        for (let i = 0; i < scan.count; i++)
            rootOf(i);
        await (0,walk/* walk */.GG)(this, roots, async ({ descriptor: d }) => {
            const check = await this.#checkNode(d, sizes, corrupt);
            checks.set(nodeKey(d), check);
            if (check.children.length === 0)
                return walk/* SKIP_CHILDREN */.cL;
        }, { key: nodeKey, children: async (d) => checks.get(nodeKey(d)).children.map(([c]) => c) });
        // Then what each graph holds, from the walk's checks alone (no read): found once per
        // descriptor and role, and each entry names every finding of its graph, so a problem
        // still names each tag it breaks; an entry whose graph is sound is not even parsed.
        const graphs = new Map();
        const has = (digest) => sizes.has(digest) || (this.fallback?.has(digest) ?? false);
        const compose = (d, what, child) => {
            const check = checks.get(nodeKey(d));
            const out = new Set(check.own.map((f) => f(what)));
            for (let k = check.children.length - 1; k >= 0; k--) {
                const [c, w] = check.children[k];
                for (const f of child(c, w))
                    out.add(f);
            }
            return [...out];
        };
        const graphOf = (d, what) => {
            const key = `${what}\n${nodeKey(d)}`;
            const known = graphs.get(key);
            if (known !== undefined)
                return known;
            graphs.set(key, []); // content addressing rules out cycles; a forged one ends here
            const found = compose(d, what, graphOf);
            graphs.set(key, found);
            return found;
        };
        const mayOmit = new Set(scan.candidates(OMITTED_ANNOTATION, false));
        for (let i = 0; i < scan.count; i++) {
            if (!mayOmit.has(i)) {
                const root = rootOf(i);
                root.sound ??= graphOf(root.d, root.d.mediaType).length === 0;
                if (root.sound)
                    continue;
            }
            const entry = scan.entry(i);
            const ref = tagOf(entry);
            const where = ref !== undefined ? `tag ${ref}: ` : `index.json entry ${entry.digest}: `;
            // Children of this entry's index that its pull left out on purpose, if absent: not pulled.
            const omitted = new Set(omittedChildren(entry));
            const findings = omitted.size === 0 || !(0,oci/* isIndexMediaType */.$$)(entry.mediaType)
                ? graphOf(entry, entry.mediaType)
                : compose(entry, entry.mediaType, (c, what) => (omitted.has(c.digest) && !has(c.digest) ? [{ kind: 'notPulled', d: c }] : graphOf(c, what)));
            for (const f of findings) {
                const digest = String(f.d.digest);
                if (f.kind === 'problem') {
                    problems.push({ code: f.code, digest, ref, message: `${where}${f.message}` });
                }
                else if (f.kind === 'notLocal') {
                    notLocal.push(ref !== undefined ? { digest, ref } : { digest });
                }
                else if (f.kind === 'notPulled') {
                    const np = { digest };
                    if (ref !== undefined)
                        np.ref = ref;
                    if (f.d.platform)
                        np.platform = (0,oci/* formatPlatform */.Bq)(f.d.platform);
                    notPulled.push(np);
                }
                else {
                    const damaged = corrupt.get(digest);
                    // Named under every tag it breaks, so the user knows what to pull again: the
                    // blob's own problem takes the first tag, each further tag gets one more.
                    if (damaged.ref === undefined && ref !== undefined) {
                        damaged.ref = ref;
                        damaged.message = `${damaged.message} (tag ${ref} needs it)`;
                    }
                    else if (ref !== undefined) {
                        problems.push({ code: 'DIGEST_MISMATCH', digest, ref, message: `${where}${f.what} ${digest} is corrupt (its bytes no longer match its digest)` });
                    }
                }
            }
        }
        return { ok: problems.length === 0, checkedBlobs, checkedEntries: scan.count, problems, notLocal, notPulled };
    }
}
/** Validate a ref to record as a tag: docker grammar, or a bare tag as umoci/skopeo write them. */
function validateTag(ref) {
    if (typeof ref !== 'string' || ref === '') {
        throw new errors/* OciError */.Mf('INVALID_REFERENCE', 'an empty tag cannot be recorded', { input: 'tags', hint: 'write tags like app:1 or ghcr.io/o/r:t' });
    }
    const parsed = (0,reference/* parseReference */.F2)(ref, 'tags');
    if (parsed.digest !== undefined) {
        throw new errors/* OciError */.Mf('INVALID_REFERENCE', `tag ${JSON.stringify(ref)} contains a digest`, {
            input: 'tags',
            hint: 'a tag names a digest, it cannot include one: drop the @sha256:… part',
        });
    }
}
async function exists(path) {
    try {
        await (0,promises_.stat)(path);
        return true;
    }
    catch (e) {
        if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
            return false;
        throw e;
    }
}
async function hasEntries(dir) {
    try {
        return (await (0,promises_.readdir)(dir)).length > 0;
    }
    catch (e) {
        if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
            return false;
        throw e;
    }
}


/***/ }),

/***/ 6336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IZ: () => (/* binding */ acquireLock),
/* harmony export */   pl: () => (/* binding */ pidAlive)
/* harmony export */ });
/* unused harmony exports isZombie, parseLockInfo, readLock */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4296);
/**
 * Cross-process lock files: `open(O_CREAT|O_EXCL)` of a file holding the owner's pid, host
 * and start time. A lock whose owner is gone (a dead pid on this host, or older than a
 * bound) is stale and taken over; a live one either fails fast (ingest refs, like
 * containerd's "ref … locked since …") or is waited for with a bounded backoff (index.json).
 *
 * Taking over a stale lock renames it aside and checks that what was moved is the very
 * file judged stale (same inode), so two processes recovering at once cannot remove a
 * fresh lock taken in between.
 */





const HOST = (0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)();
/** A lock file without readable content this long after its creation is torn (this version never writes one): stale. */
const EMPTY_GRACE_MS = 2000;
/**
 * True when `pid` names a live process on this host. A zombie (killed, not yet reaped by
 * its parent) answers `kill(pid, 0)` but holds nothing any more: it counts as dead, so its
 * locks are stale at once.
 */
function pidAlive(pid) {
    if (!Number.isInteger(pid) || pid <= 0)
        return false;
    if (isZombie(pid))
        return false;
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        // EPERM: alive but not ours.
        return (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'EPERM');
    }
}
/** True when /proc says `pid` is a zombie or dead (state Z or X); false when unknown. */
function isZombie(pid) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        const state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state === 'Z' || state === 'X';
    }
    catch {
        return false;
    }
}
/** Parse a lock file's content; undefined when empty or garbled. */
function parseLockInfo(text) {
    try {
        const v = JSON.parse(text);
        if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.since === 'string')
            return v;
    }
    catch {
        /* garbled */
    }
    return undefined;
}
/** Read the current holder of a lock file; undefined when absent. */
async function readLock(path) {
    try {
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.stat)(path);
        const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.readFile)(path, 'utf8');
        return { info: parseLockInfo(text), ino: st.ino, mtimeMs: st.mtimeMs };
    }
    catch (e) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'ENOENT'))
            return undefined;
        throw e;
    }
}
function isStale(held, staleMs, now) {
    const { info } = held;
    if (info === undefined)
        return now - held.mtimeMs > EMPTY_GRACE_MS;
    const age = now - Date.parse(info.since);
    if (!(age <= staleMs))
        return true; // also NaN: an unreadable time
    if (info.host === HOST)
        return info.pid !== process.pid && !pidAlive(info.pid);
    return false;
}
/**
 * Create the lock file with its content in one step: the content goes to a private temp
 * file that is then hard-linked to `path` (link fails with EEXIST instead of replacing).
 * A holder killed at any point leaves either no lock or a complete one naming its pid —
 * never an empty file that others must wait out. A temp file left by a kill is junk that
 * gc sweeps (root) or that goes with its ingest directory.
 */
async function tryCreate(path) {
    const info = { pid: process.pid, host: HOST, since: new Date().toISOString() };
    const tmp = `${path}.${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.writeFile)(tmp, JSON.stringify(info), { mode: 0o644, flag: 'wx' });
    }
    catch (e) {
        // The file may exist, empty: a full disk fails the write after the create.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(tmp).catch(() => { });
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .withPath */ .iD)(e, path);
    }
    try {
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.stat)(tmp);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.link)(tmp, path);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'EEXIST'))
                return undefined;
            throw e;
        }
        return { ino: st.ino };
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(tmp).catch(() => { });
    }
}
/**
 * Move a stale lock aside and delete it, unless what moved is not the file judged stale
 * (inode and content compared: inodes are reused quickly on some file systems).
 */
async function breakStale(path, stale) {
    const aside = `${path}.stale-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`;
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.rename)(path, aside);
    }
    catch (e) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'ENOENT'))
            return; // someone else broke it
        throw e;
    }
    const moved = await readLock(aside);
    const same = moved !== undefined &&
        moved.ino === stale.ino &&
        (moved.info === undefined ? stale.info === undefined : moved.info.pid === stale.info?.pid && moved.info.since === stale.info.since);
    if (same || moved === undefined) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(aside).catch(() => { });
        return;
    }
    // We moved a fresh lock taken after our look: put it back (unless yet another exists).
    // link() fails with EEXIST instead of replacing, unlike rename().
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.link)(aside, path).catch(() => { });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(aside).catch(() => { });
}
function describe(info) {
    if (!info)
        return 'by a process that is still starting';
    return `since ${info.since} by pid ${info.pid}${info.host !== HOST ? ` on ${info.host}` : ''}`;
}
/**
 * Take the lock file at `path`. Waits up to `waitMs` (with jittered backoff) for a live
 * holder, then throws LOCKED naming the holder. Stale locks are taken over.
 */
async function acquireLock(path, options) {
    const staleMs = options.staleMs ?? 10 * 60_000;
    const deadline = Date.now() + (options.waitMs ?? 0);
    let delay = 2;
    for (;;) {
        const created = await tryCreate(path);
        if (created)
            return heldLock(path, created.ino);
        const held = await readLock(path);
        if (held === undefined)
            continue; // released between our two looks
        if (isStale(held, staleMs, Date.now())) {
            options.onStale?.(held.info, path);
            await breakStale(path, held);
            continue;
        }
        if (Date.now() >= deadline) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .OciError */ .Mf('LOCKED', `${options.what} is locked ${describe(held.info)}`, {
                hint: options.hint ?? 'another oci-store process is using the store; wait for it to finish and retry',
            });
        }
        await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 50);
    }
}
function heldLock(path, ino) {
    let released = false;
    return {
        path,
        async release() {
            if (released)
                return;
            released = true;
            try {
                // Never remove a lock that was taken over from us (we were judged stale).
                const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.stat)(path);
                if (st.ino === ino)
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(path);
            }
            catch (e) {
                if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'ENOENT'))
                    throw e;
            }
        },
    };
}


/***/ }),

/***/ 1360:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YG: () => (/* binding */ setMemoryPolicy),
/* harmony export */   iO: () => (/* binding */ collectGarbage),
/* harmony export */   yU: () => (/* binding */ releaseHeap)
/* harmony export */ });
/**
 * Memory policy of long store operations, as the program using the library sets it.
 * Layers stream through in bounded buffers, but V8 frees those buffers (external memory)
 * and its own grown heap only when it decides to; a program held to a peak-RSS budget
 * (DESIGN.md §6: 150 MB while ingesting or unpacking a 1 GB layer) can make it do so early
 * enough. Forcing collections is a process-wide decision (it needs V8's `gc()`, a V8 flag),
 * so it is the program's: the library only says when it would help, through the policy
 * installed with setMemoryPolicy — none by default, so a program that uses the library
 * never has its V8 flags touched. The action and the CLI install theirs at start
 * (src/action/memory.ts).
 */
let installed;
/** Install the program's memory policy (undefined: none); returns the one it replaces. */
function setMemoryPolicy(policy) {
    const previous = installed;
    installed = policy;
    return previous;
}
/** Tell the installed policy that buffers may have piled up (see MemoryPolicy). */
function collectGarbage() {
    installed?.collectGarbage();
}
/** Tell the installed policy that a phase's short-lived objects are garbage (see MemoryPolicy). */
function releaseHeap() {
    installed?.releaseHeap();
}


/***/ }),

/***/ 692:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $d: () => (/* binding */ selectManifests),
/* harmony export */   FL: () => (/* binding */ parsePlatform),
/* harmony export */   J5: () => (/* binding */ platformMatches),
/* harmony export */   ol: () => (/* binding */ hostPlatform)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7736);
/**
 * Platforms: parsing `os/arch[/variant]`, the host's, and matching and selection from an
 * image index (image-index.md "platform").
 */


const ARCH_ALIASES = { x86_64: 'amd64', x86: '386', i386: '386', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };
const PLATFORM_RE = /^([a-z0-9_]+)\/([a-z0-9_]+)(?:\/([a-z0-9_]+))?$/;
/** Parse one `os/arch[/variant]`, normalising architecture aliases (x86_64 → amd64). */
function parsePlatform(value, input = 'platform') {
    const m = PLATFORM_RE.exec(value.trim().toLowerCase());
    if (!m) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_PLATFORM', `invalid platform ${JSON.stringify(value)}`, {
            input,
            hint: 'write os/arch[/variant], e.g. linux/amd64 or linux/arm64; several separated by commas',
        });
    }
    const os = m[1];
    const architecture = ARCH_ALIASES[m[2]] ?? m[2];
    let variant = m[3];
    if (m[2] === 'armhf')
        variant ??= 'v7';
    if (m[2] === 'armel')
        variant ??= 'v6';
    if (architecture === 'arm64' && variant === 'v8')
        variant = undefined;
    if (architecture === 'amd64' && variant === 'v1')
        variant = undefined;
    const p = { os, architecture };
    if (variant)
        p.variant = variant;
    return p;
}
/** The platform of the machine we run on. */
function hostPlatform(platform = process.platform, arch = process.arch) {
    const os = platform === 'win32' ? 'windows' : platform;
    const map = {
        x64: { os, architecture: 'amd64' },
        arm64: { os, architecture: 'arm64' },
        arm: { os, architecture: 'arm', variant: 'v7' },
        ia32: { os, architecture: '386' },
        ppc64: { os, architecture: 'ppc64le' },
        s390x: { os, architecture: 's390x' },
        riscv64: { os, architecture: 'riscv64' },
    };
    return map[arch] ?? { os, architecture: arch };
}
/** The variant an architecture implies when none is written (containerd's normalisation). */
function defaultVariant(architecture) {
    return architecture === 'arm' ? 'v7' : undefined;
}
/**
 * True when an image of platform `have` satisfies the wanted platform: same os and
 * architecture, and the same variant when the wanted one names a variant.
 */
function platformMatches(want, have) {
    if (want.os !== have.os || want.architecture !== have.architecture)
        return false;
    const wantVariant = want.variant ?? defaultVariant(want.architecture);
    if (wantVariant === undefined)
        return true;
    const haveVariant = have.variant ?? defaultVariant(have.architecture);
    return wantVariant === haveVariant;
}
/**
 * The manifests of `index` to act on: every one for `all`; otherwise, for each wanted
 * platform, the first matching manifest (in index order). Throws PLATFORM_NOT_FOUND listing
 * what the index holds when a wanted platform has no match.
 */
function selectManifests(index, want, input = 'platform') {
    if (want === 'all')
        return index.manifests.slice();
    const out = [];
    for (const w of want) {
        const found = index.manifests.find((m) => m.platform !== undefined && platformMatches(w, m.platform));
        if (!found) {
            const have = index.manifests.filter((m) => m.platform).map((m) => (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(m.platform));
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('PLATFORM_NOT_FOUND', `no manifest for platform ${(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(w)} in the index`, {
                input,
                hint: have.length > 0 ? `the index holds ${[...new Set(have)].join(', ')}; set platform to one of them (or all)` : 'the index names no platforms',
            });
        }
        if (!out.includes(found))
            out.push(found);
    }
    return out;
}


/***/ }),

/***/ 5378:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $O: () => (/* binding */ isRepositoryOnly),
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   S8: () => (/* binding */ normalize),
/* harmony export */   Tz: () => (/* binding */ DOCKER_HUB_API_HOST),
/* harmony export */   VU: () => (/* binding */ normalizedString),
/* harmony export */   b_: () => (/* binding */ formatNormalized),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   hQ: () => (/* binding */ withDigest),
/* harmony export */   qY: () => (/* binding */ hasRegistry),
/* harmony export */   sx: () => (/* binding */ DEFAULT_REGISTRY)
/* harmony export */ });
/* unused harmony export DEFAULT_TAG */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5543);
/**
 * Image references, by docker's grammar and normalisation
 * (distribution/reference: `reference.go`, `normalize.go`).
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ("/" path-component)*
 *
 * A first component is a domain when it contains "." or ":", is "localhost", or has an
 * uppercase letter; otherwise the name is on docker.io, and a one-component docker.io
 * name lives under `library/`.
 */


/** The registry a name without a domain lives on. */
const DEFAULT_REGISTRY = 'docker.io';
/** The host docker.io's API is actually served from. */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The tag a reference without tag or digest means. */
const DEFAULT_TAG = 'latest';
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PORT = /^[0-9]+$/;
const NAME_MAX = 255;
function invalid(ref, why, input) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_REFERENCE', `invalid reference ${JSON.stringify(ref)}: ${why}`, {
        input,
        hint: 'write a reference as [registry/]name[:tag][@sha256:digest], e.g. ghcr.io/owner/app:1 or app:1',
    });
}
function isDomain(component) {
    return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}
function validDomain(domain) {
    let host = domain;
    let port;
    if (host.startsWith('[')) {
        const end = host.indexOf(']');
        if (end < 0)
            return false;
        const ipv6 = host.slice(1, end);
        if (!/^[0-9a-fA-F:.]+$/.test(ipv6))
            return false;
        const rest = host.slice(end + 1);
        if (rest !== '') {
            if (!rest.startsWith(':'))
                return false;
            port = rest.slice(1);
        }
        host = '';
    }
    else {
        const colon = host.lastIndexOf(':');
        if (colon >= 0) {
            port = host.slice(colon + 1);
            host = host.slice(0, colon);
        }
        if (host === '' || !host.split('.').every((c) => DOMAIN_COMPONENT.test(c)))
            return false;
    }
    if (port !== undefined && (!PORT.test(port) || Number(port) > 65535))
        return false;
    return true;
}
/**
 * Parse a reference as written. Throws INVALID_REFERENCE (attributed to `input` when
 * given) for anything docker would refuse.
 */
function parseReference(ref, input) {
    if (typeof ref !== 'string' || ref.trim() === '')
        throw invalid(String(ref), 'it is empty', input);
    if (ref !== ref.trim() || /\s/.test(ref))
        throw invalid(ref, 'it contains whitespace', input);
    let rest = ref;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        try {
            (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(digest);
        }
        catch (e) {
            throw invalid(ref, e.message, input);
        }
    }
    let tag;
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > slash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            throw invalid(ref, `tag ${JSON.stringify(tag)} is not valid (letters, digits, _ . -; at most 128; not starting with . or -)`, input);
    }
    if (rest === '')
        throw invalid(ref, 'the name is empty', input);
    if (rest.length > NAME_MAX)
        throw invalid(ref, `the name is longer than ${NAME_MAX} characters`, input);
    const parts = rest.split('/');
    let domain;
    if (parts.length > 1 && isDomain(parts[0])) {
        domain = parts.shift();
        if (!validDomain(domain))
            throw invalid(ref, `registry host ${JSON.stringify(domain)} is not valid`, input);
    }
    for (const p of parts) {
        if (!PATH_COMPONENT.test(p)) {
            const why = p !== p.toLowerCase() ? 'repository names must be lowercase' : `path component ${JSON.stringify(p)} is not valid`;
            throw invalid(ref, why, input);
        }
    }
    const out = { path: parts.join('/') };
    if (domain !== undefined)
        out.domain = domain;
    if (tag !== undefined)
        out.tag = tag;
    if (digest !== undefined)
        out.digest = digest;
    return out;
}
/** Apply docker's defaults: docker.io, `library/`, and `latest` when neither tag nor digest. */
function normalize(ref, input) {
    const r = typeof ref === 'string' ? parseReference(ref, input) : ref;
    let registry = r.domain ?? DEFAULT_REGISTRY;
    if (registry === 'index.docker.io' || registry === DOCKER_HUB_API_HOST)
        registry = DEFAULT_REGISTRY;
    let repository = r.path;
    if (registry === DEFAULT_REGISTRY && !repository.includes('/'))
        repository = `library/${repository}`;
    const out = { registry, repository };
    if (r.tag !== undefined)
        out.tag = r.tag;
    if (r.digest !== undefined)
        out.digest = r.digest;
    if (out.tag === undefined && out.digest === undefined)
        out.tag = DEFAULT_TAG;
    return out;
}
/** `registry/repository[:tag][@digest]`. */
function formatNormalized(r) {
    return `${r.registry}/${r.repository}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}
/** `[domain/]path[:tag][@digest]` as written. */
function formatReference(r) {
    return `${r.domain !== undefined ? `${r.domain}/` : ''}${r.path}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}
/** The normalised string form of a reference (`app:1` → `docker.io/library/app:1`). */
function normalizedString(ref, input) {
    return formatNormalized(normalize(ref, input));
}
/**
 * True when `ref` names a repository only: no tag and no digest (`ghcr.io/o/app`). As a
 * push target that means push by digest (buildx's `push-by-digest`): the manifest goes to
 * the repository without moving any tag. False for anything that does not parse.
 */
function isRepositoryOnly(ref) {
    try {
        const r = parseReference(ref);
        return r.tag === undefined && r.digest === undefined;
    }
    catch {
        return false;
    }
}
/** `ref` (a repository as written) pinned to `digest`: `ghcr.io/o/app@sha256:…`. */
function withDigest(ref, digest) {
    const r = parseReference(ref);
    return formatReference({ ...(r.domain !== undefined ? { domain: r.domain } : {}), path: r.path, digest });
}
/** True when the reference names a registry host explicitly. */
function hasRegistry(ref) {
    return parseReference(ref).domain !== undefined;
}
/** True for hosts reached over plain HTTP without asking: loopback addresses and localhost. */
function isLoopbackHost(registry) {
    const host = registry.startsWith('[') ? registry.slice(1, registry.indexOf(']')) : registry.replace(/:\d+$/, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}


/***/ }),

/***/ 8198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ redactingLogger),
/* harmony export */   pO: () => (/* binding */ Redactor)
/* harmony export */ });
/* unused harmony export REDACTED */
/** What a secret is replaced with. */
const REDACTED = '***';
/**
 * Shorter values are reported but not cut out of text: replacing every `ab` in a message
 * would garble it while hiding next to nothing.
 */
const MIN_REDACTED_LENGTH = 4;
/** Every secret of a run, with the forms it travels in. */
class Redactor {
    #values = new Set();
    /** Longest first, so a secret inside a longer one (a password in its base64 pair) never splits it. */
    #ordered = [];
    #onSecret;
    constructor(onSecret) {
        this.#onSecret = onSecret;
    }
    /** How many forms are known. */
    get size() {
        return this.#values.size;
    }
    /** Register a secret and its encoded forms; returns the forms that were new. Empty values are ignored. */
    add(secret) {
        if (!secret)
            return [];
        const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)];
        const trimmed = secret.trim();
        if (trimmed !== secret)
            forms.push(trimmed);
        const added = [];
        for (const f of forms) {
            if (f === '' || this.#values.has(f))
                continue;
            this.#values.add(f);
            added.push(f);
        }
        if (added.length === 0)
            return added;
        this.#ordered = [...this.#values].filter((v) => v.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
        for (const f of added)
            this.#onSecret?.(f);
        return added;
    }
    /** Register `username:password` as a Basic credential: the password and the base64 pair a header carries. */
    addBasic(username, password) {
        this.add(password);
        this.add(Buffer.from(`${username}:${password}`).toString('base64'));
    }
    /**
     * Register what an `Authorization` header carries: for Basic, the base64 pair and the
     * password inside it; for Bearer (and any other scheme), the credential after the scheme.
     */
    addAuthorization(header) {
        const m = /^(\S+)\s+(.+)$/.exec(header.trim());
        if (!m) {
            this.add(header);
            return;
        }
        const credential = m[2].trim();
        this.add(credential);
        if (m[1].toLowerCase() === 'basic') {
            const pair = Buffer.from(credential, 'base64').toString('utf8');
            const colon = pair.indexOf(':');
            if (colon > 0)
                this.add(pair.slice(colon + 1));
        }
    }
    /** `text` with every known secret replaced by `***`. */
    redact(text) {
        let out = text;
        for (const s of this.#ordered)
            if (out.includes(s))
                out = out.split(s).join(REDACTED);
        return out;
    }
}
/**
 * A logger whose lines pass through `redactor`; `secret` reports go to the redactor and on
 * to `logger.secret` (the front end's masking).
 */
function redactingLogger(logger, redactor) {
    return {
        debug: (m) => logger.debug(redactor.redact(m)),
        info: (m) => logger.info(redactor.redact(m)),
        warning: (m) => logger.warning(redactor.redact(m)),
        secret: (s) => {
            redactor.add(s);
        },
    };
}


/***/ }),

/***/ 7009:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rs: () => (/* binding */ SERVE_CHILD_ENV),
/* harmony export */   YF: () => (/* binding */ registeredServeEntry),
/* harmony export */   wm: () => (/* binding */ runServeChildIfRequested)
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


/***/ }),

/***/ 1009:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GE: () => (/* binding */ SOURCES_FILE),
/* harmony export */   yA: () => (/* binding */ BlobSources)
/* harmony export */ });
/* unused harmony exports MAX_REPOSITORIES, MAX_BLOBS */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _content_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9078);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5543);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6336);
/* harmony import */ var _storage_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2962);
/**
 * Where pushed blobs went: for each blob, the repositories of each registry known to hold
 * it, so that a later push of the same blob to another repository of that registry mounts
 * it (distribution-spec "Mounting a blob from another repository") instead of uploading it
 * again — in another process, another step or another run.
 *
 * The record lives in the store, in `distribution-sources.json` beside `index.json`, so it
 * travels with the store (and the runner cache's index entry, which carries the store's
 * small files). It is a hint, never a fact: a mount the registry refuses falls back to an
 * upload, so a lost, stale or damaged record costs bytes, never a wrong result.
 *
 * - Bounded: at most MAX_REPOSITORIES repositories per blob and registry (most recent
 *   first) and MAX_BLOBS blobs (least recently pushed forgotten first).
 * - Written atomically under its own lock; concurrent pushes merge, none is lost.
 * - A failure to read or write it is a debug line: a push never fails because of it.
 *
 * Reference: docker's distribution metadata (`distribution/metadata/v2_metadata_service.go`,
 * digest → source repositories), containerd's `containerd.io/distribution.source.<registry>`
 * content labels.
 */






/** File name of the record, in the store root. */
const SOURCES_FILE = 'distribution-sources.json';
/** Repositories remembered per blob and registry (the push tries three mount sources). */
const MAX_REPOSITORIES = 4;
/** Blobs remembered in all (~100 bytes each: the file stays well under 1 MiB). */
const MAX_BLOBS = 5000;
const VERSION = 1;
const LOCK_WAIT_MS = 5000;
/** A repository path as a registry names it (`o/app`); anything else in the file is dropped. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
function parse(text) {
    const out = new Map();
    const doc = JSON.parse(text);
    if (doc.version !== VERSION || typeof doc.blobs !== 'object' || doc.blobs === null)
        return out;
    for (const [digest, byRegistry] of Object.entries(doc.blobs)) {
        if (!(0,_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .isDigest */ .Bc)(digest) || typeof byRegistry !== 'object' || byRegistry === null)
            continue;
        const m = new Map();
        for (const [registry, repos] of Object.entries(byRegistry)) {
            if (!Array.isArray(repos))
                continue;
            const valid = repos.filter((r) => typeof r === 'string' && REPOSITORY.test(r)).slice(0, MAX_REPOSITORIES);
            if (valid.length > 0)
                m.set(registry, valid);
        }
        if (m.size > 0)
            out.set(digest, m);
    }
    return out;
}
function serialize(record) {
    const blobs = {};
    for (const [digest, byRegistry] of record)
        blobs[digest] = Object.fromEntries(byRegistry);
    return JSON.stringify({ version: VERSION, blobs });
}
/** Add `repository` of `registry` as the most recent holder of each digest, in `record`. */
function add(record, registry, repository, digests) {
    for (const digest of digests) {
        const byRegistry = record.get(digest) ?? new Map();
        const repos = [repository, ...(byRegistry.get(registry) ?? []).filter((r) => r !== repository)].slice(0, MAX_REPOSITORIES);
        byRegistry.set(registry, repos);
        // Re-inserted at the end: the map's order is recency, the oldest are dropped first.
        record.delete(digest);
        record.set(digest, byRegistry);
    }
    for (const digest of record.keys()) {
        if (record.size <= MAX_BLOBS)
            break;
        record.delete(digest);
    }
}
/** Whether add(record, registry, repository, digests) would change nothing: `digests` are the record's most recent blobs, in that order, each with `repository` first. */
function recordedLast(record, registry, repository, digests) {
    if (record.size > MAX_BLOBS || digests.length > record.size || new Set(digests).size !== digests.length)
        return false;
    const last = [...record.keys()].slice(record.size - digests.length);
    return digests.every((d, i) => last[i] === d && record.get(d)?.get(registry)?.[0] === repository);
}
/**
 * Merge `older` under `newer`: for each blob and registry, `newer`'s repositories first;
 * blobs only in `older` keep their place before the others.
 */
function merge(older, newer) {
    const out = new Map(older);
    for (const [digest, byRegistry] of newer) {
        for (const [registry, repos] of byRegistry) {
            // Oldest first, so the first of `repos` ends up most recent.
            for (const repo of [...repos].reverse())
                add(out, registry, repo, [digest]);
        }
    }
    return out;
}
async function readRecord(path) {
    return parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8'));
}
/** The store's record of where its blobs were pushed. */
class BlobSources {
    #path;
    #root;
    #logger;
    #record;
    constructor(root, record, logger) {
        this.#root = root;
        this.#path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, SOURCES_FILE);
        this.#record = record;
        this.#logger = logger;
    }
    /** Load the record of the store at `root`; missing or unreadable means empty. */
    static async load(root, logger = _content_js__WEBPACK_IMPORTED_MODULE_2__/* .silentLogger */ .qq) {
        let record = new Map();
        try {
            record = await readRecord((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, SOURCES_FILE));
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                logger.debug(`${SOURCES_FILE} is unreadable, starting a new one: ${e.message}`);
        }
        return new BlobSources(root, record, logger);
    }
    /** Repositories of `registry` recorded as holding `digest`, most recent first. */
    repositories(registry, digest) {
        return [...(this.#record.get(digest)?.get(registry) ?? [])];
    }
    /** Number of blobs remembered. */
    get size() {
        return this.#record.size;
    }
    /**
     * What the record holds, independent of its order (which only says what to forget
     * first): equal for two records that name the same repositories for the same blobs.
     */
    canonical() {
        const rows = [];
        for (const [digest, byRegistry] of this.#record) {
            for (const [registry, repos] of byRegistry)
                rows.push(`${digest}\t${registry}\t${[...repos].sort().join(',')}`);
        }
        return rows.sort().join('\n');
    }
    /**
     * Record that `repository` of `registry` now holds every blob of `digests`: merged with
     * what other processes recorded meanwhile, under the lock, written atomically. Never throws.
     */
    async record(registry, repository, digests) {
        const list = [...digests];
        // A re-push of what was pushed last finds the record as it would leave it: no lock, no
        // write and no two fsyncs on the push's path. Another process may have written since
        // this one read the file; it merged what was there, so these blobs are still recorded,
        // perhaps no longer as the most recent — a hint's order, never a wrong push.
        if (recordedLast(this.#record, registry, repository, list))
            return;
        add(this.#record, registry, repository, list);
        await this.#update((onDisk) => {
            add(onDisk, registry, repository, list);
            return onDisk;
        });
    }
    /**
     * Merge the record in `file` (another copy of the store's, e.g. restored from a cache)
     * into this store's; this store's entries win the most-recent places. Never throws.
     */
    async mergeFrom(file) {
        let other;
        try {
            other = await readRecord(file);
        }
        catch (e) {
            if (e.code !== 'ENOENT')
                this.#logger.debug(`${file} is unreadable, not merged: ${e.message}`);
            return;
        }
        this.#record = merge(other, this.#record);
        await this.#update((onDisk) => merge(other, onDisk));
    }
    /**
     * Merge this record (read once, e.g. from a restored cache entry) into the record of the
     * store at `root`, under that store's lock — its file is read once, there. Never throws.
     */
    async mergeInto(root) {
        const other = this.#record;
        await new BlobSources(root, new Map(), this.#logger).#update((onDisk) => merge(other, onDisk));
    }
    async #update(fn) {
        try {
            const lock = await (0,_lock_js__WEBPACK_IMPORTED_MODULE_4__/* .acquireLock */ .IZ)(`${this.#path}.lock`, { what: SOURCES_FILE, waitMs: LOCK_WAIT_MS, staleMs: 60_000 });
            try {
                let onDisk = new Map();
                try {
                    onDisk = await readRecord(this.#path);
                }
                catch {
                    // missing or damaged: replaced by what this process knows
                }
                const next = fn(onDisk);
                await (0,_storage_js__WEBPACK_IMPORTED_MODULE_5__/* .writeFileAtomic */ .Zf)(this.#path, serialize(next), this.#root);
                this.#record = next;
            }
            finally {
                await lock.release();
            }
        }
        catch (e) {
            this.#logger.debug(`could not update ${SOURCES_FILE}: ${e.message}`);
        }
    }
}


/***/ }),

/***/ 2962:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BR: () => (/* binding */ BlobStorage),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   fS: () => (/* binding */ DEFAULT_MAX_BYTES)
/* harmony export */ });
/* unused harmony exports INGEST_DIR, fsyncDir, FlushBehind */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5543);
/* harmony import */ var _dirs_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5035);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4296);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6336);
/**
 * Blob storage of an OCI image layout: `blobs/<alg>/<hex>`, and resumable ingests under
 * `ingest/` (containerd's local content store, oras-go's `content/oci/storage.go`).
 *
 * Invariant: nothing unverified ever appears under `blobs/`. Bytes are written to
 * `ingest/<sha256 of ref>/data` (for a download nothing resumes, one temp file
 * `ingest/blob-<pid>-<random>`: tempWriter), fsynced, checked for size and digest, made
 * read-only and only then hard-linked into place (a link, unlike a rename, never replaces
 * an existing blob).
 *
 * Durability: index.json is the commit point (a tag names a blob only once index.json says
 * so), and every read of a blob verifies it. So each blob file is fsynced once, before its
 * link; the links themselves are made durable by one fsync per blob directory right before
 * the store commits index.json (syncPublished), not one per blob. There is no flush during
 * the writes: it would only move the same writeback earlier, at the price of a journal
 * commit per flush — unless that writeback would otherwise be waited for at the end with
 * nothing else to do (FlushBehind: a large upload, an ingested layer).
 *
 * Reference: image-spec image-layout.md "Blobs"; containerd core/content/content.go.
 */









/** Default cap of `get`: manifests and configs are far smaller. */
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** Name of the ingest area under the store root. */
const INGEST_DIR = 'ingest';
const META = 'meta.json';
const DATA = 'data';
const LOCK = 'lock';
function notFound(digest) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('NOT_FOUND', `blob ${digest} is not in the store`, {
        hint: 'pull or ingest the image again, or check the digest',
    });
}
/** fsync a directory so a rename/link/unlink in it survives a power loss. */
async function fsyncDir(dir) {
    let fh;
    try {
        fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(dir, 'r');
        await fh.sync();
    }
    catch (e) {
        // Some file systems refuse fsync on directories; the rename is still atomic.
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'))
            throw e;
    }
    finally {
        await fh?.close();
    }
}
/** Write a small file atomically: temp file, fsync, rename, fsync the directory. */
async function writeFileAtomic(path, data, dir) {
    const tmp = `${path}.${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(tmp, 'wx', 0o644);
    try {
        try {
            await fh.writeFile(data);
            await fh.sync();
        }
        finally {
            await fh.close();
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(tmp, path);
    }
    catch (e) {
        // A full disk fails the write: the temp file must not stay behind.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(tmp).catch(() => { });
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .withPath */ .iD)(e, path);
    }
    await fsyncDir(dir);
}
/** unlink, also of a 0444 file where the OS refuses that (Windows' read-only attribute). */
async function unlinkReadOnly(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(path);
    }
    catch (e) {
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'EPERM', 'EACCES'))
            throw e;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(path, 0o644);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(path);
    }
}
function validateRef(ref) {
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 1024) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `invalid ingest ref ${JSON.stringify(ref)}`, {
            hint: 'an ingest ref is a non-empty string of at most 1024 characters',
        });
    }
}
function validateSize(size, what) {
    if (!Number.isSafeInteger(size) || size < 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `invalid ${what} ${String(size)}`, { hint: 'a size is a non-negative integer' });
    }
}
/**
 * The layout's blobs and ingests (containerd's content.Store over a directory).
 *
 * - Reads accept sha256 and sha512 digests; what we hash ourselves is sha256.
 * - A blob that already exists is never rewritten.
 * - Ingest refs are locked across processes; a second writer fails fast with LOCKED.
 */
class BlobStorage {
    /** Store root (the layout directory). */
    root;
    #blobs;
    #ingest;
    #hashBuffer;
    /** Directories that gained a link (or a new blob directory) since the last syncPublished. */
    #unsynced = new Set();
    /** blobs/ was fsynced once (its `sha256` entry may date from the store's creation). */
    #blobsSynced = false;
    /** blobs/<alg> directories this instance made or found: not made again per blob. */
    #algDirs = new Set();
    constructor(root) {
        this.root = root;
        this.#blobs = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, 'blobs');
        this.#ingest = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, INGEST_DIR);
    }
    /** Path of a blob's file (the digest is validated). */
    blobPath(digest) {
        const { algorithm, hex } = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest);
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, algorithm, hex);
    }
    /** Directory of an ingest: `ingest/<sha256 of ref>` (refs may hold any character). */
    ingestPath(ref) {
        validateRef(ref);
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(ref).digest('hex'));
    }
    async stat(digest) {
        const path = this.blobPath(digest);
        try {
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
            if (!st.isFile())
                throw notFound(digest);
            return { digest, size: st.size };
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR'))
                throw notFound(digest);
            throw e;
        }
    }
    async has(digest) {
        try {
            await this.stat(digest);
            return true;
        }
        catch (e) {
            if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf && e.code === 'NOT_FOUND')
                return false;
            throw e;
        }
    }
    async get(digest, maxBytes = DEFAULT_MAX_BYTES) {
        const path = this.blobPath(digest);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR', 'EISDIR'))
                throw notFound(digest);
            throw e;
        }
        try {
            const { size } = await fh.stat();
            if (size > maxBytes) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('TOO_LARGE', `blob ${digest} has ${size} bytes, more than the ${maxBytes} allowed here`, {
                    hint: 'a manifest, index or config this large is not supported',
                });
            }
            const data = await fh.readFile();
            this.#checkStored(digest, data);
            return data;
        }
        finally {
            await fh.close();
        }
    }
    #checkStored(digest, data) {
        const actual = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .digestOf */ .ol)(data, (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest).algorithm);
        if (actual !== digest)
            throw this.#corrupt(digest, actual);
    }
    #corrupt(digest, actual) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('DIGEST_MISMATCH', `blob ${digest} is corrupt: its file ${this.blobPath(digest)} has digest ${actual}`, {
            hint: 'delete the file and pull or ingest the image again (verify lists every corrupt blob)',
        });
    }
    /**
     * A blob as a stream: `range` unverified, else the whole blob verified at its end.
     * `readSize`: bytes per read of the whole blob (default 64 KiB, Node's), for a consumer
     * that keeps the thread pool busy between reads (see unpack's READ_SIZE).
     */
    async open(digest, range, options = {}) {
        const path = this.blobPath(digest);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR', 'EISDIR'))
                throw notFound(digest);
            throw e;
        }
        let size;
        try {
            size = (await fh.stat()).size;
        }
        catch (e) {
            await fh.close();
            throw e;
        }
        if (range !== undefined) {
            const { start } = range;
            const end = range.end === undefined ? size - 1 : Math.min(range.end, size - 1);
            if (!Number.isSafeInteger(start) || start < 0 || (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end < start)) || (start >= size && size > 0) || (size === 0 && start > 0)) {
                await fh.close();
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `byte range ${start}-${range.end ?? ''} is not satisfiable for blob ${digest} of ${size} bytes`, {
                    hint: 'ask for a range inside the blob',
                });
            }
            if (end < start) {
                await fh.close();
                return node_stream__WEBPACK_IMPORTED_MODULE_4__.Readable.from([]);
            }
            return fh.createReadStream({ start, end, autoClose: true });
        }
        const source = fh.createReadStream({ autoClose: true, ...(options.readSize !== undefined ? { highWaterMark: options.readSize } : {}) });
        const check = new _digest_js__WEBPACK_IMPORTED_MODULE_5__/* .DigestStream */ .vl({ digest, size });
        // A verified whole-blob stream: errors at its end when the file was tampered with.
        (0,node_stream__WEBPACK_IMPORTED_MODULE_4__.pipeline)(source, check, () => { });
        return check.on('error', (e) => {
            if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf && e.code === 'DIGEST_MISMATCH') {
                e.message = this.#corrupt(digest, check.digest).message;
            }
        });
    }
    /**
     * A blob's bytes `start..end` (inclusive) as lent chunks: each chunk lives in one of two
     * reused buffers and may be overwritten once the next is asked for, so a transfer
     * allocates nothing per chunk. A whole-blob read is verified — size up front against
     * `size` when given, digest before the last chunk is handed out — so a consumer never
     * sends the end of a blob that is not the one named (DIGEST_MISMATCH instead).
     */
    async *chunks(digest, options = {}) {
        const { algorithm } = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(this.blobPath(digest), 'r');
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR', 'EISDIR'))
                throw notFound(digest);
            throw e;
        }
        const buffers = [takeReadBuffer(), takeReadBuffer()];
        let reading;
        try {
            const size = (await fh.stat()).size;
            if (options.size !== undefined && options.size !== size) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('SIZE_MISMATCH', `blob ${digest} has ${size} bytes, but its descriptor says ${options.size}`, {
                    hint: 'the manifest referring to it is wrong, or the blob file was replaced',
                });
            }
            const start = options.start ?? 0;
            const end = Math.min(options.end ?? size - 1, size - 1);
            if (!Number.isSafeInteger(start) || start < 0 || (start >= size && size > 0)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `byte range ${start}-${options.end ?? ''} is not satisfiable for blob ${digest} of ${size} bytes`, {
                    hint: 'ask for a range inside the blob',
                });
            }
            const whole = start === 0 && end === size - 1;
            const hash = whole ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm) : undefined;
            let pos = start;
            const read = (i, at) => fh.read(buffers[i], 0, Math.min(READ_BUFFER, end + 1 - at), at);
            for (let i = 0; pos <= end; i ^= 1) {
                const { bytesRead } = await (reading ?? read(i, pos));
                reading = undefined;
                if (bytesRead === 0) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('SIZE_MISMATCH', `blob ${digest} ended at byte ${pos} of ${size}: its file ${this.blobPath(digest)} changed while it was read`, {
                        hint: 'run verify; delete the file and pull or ingest the image again',
                    });
                }
                const chunk = buffers[i].subarray(0, bytesRead);
                pos += bytesRead;
                // The next read goes to the thread pool now, into the other buffer (the chunk lent
                // before this one is given back): it overlaps the hash and the consumer's send.
                if (pos <= end) {
                    reading = read(i ^ 1, pos);
                    reading.catch(() => { }); // awaited by the next turn or below; never unhandled
                }
                if (hash) {
                    hash.update(chunk);
                    if (pos > end) {
                        const actual = `${algorithm}:${hash.digest('hex')}`;
                        if (actual !== digest)
                            throw this.#corrupt(digest, actual);
                    }
                }
                yield chunk;
            }
        }
        finally {
            // A read still in flight (the consumer stopped early) must end before its buffer is reused.
            await reading?.catch(() => { });
            await fh.close();
            for (const b of buffers)
                giveReadBuffer(b);
        }
    }
    async put(data, expected) {
        const algorithm = expected ? (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(expected).algorithm : 'sha256';
        const digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .digestOf */ .ol)(data, algorithm);
        if (expected !== undefined && digest !== expected) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('DIGEST_MISMATCH', `content digest ${digest} does not match expected ${expected}`, {
                hint: 'the source is corrupt or was modified',
            });
        }
        if (await this.has(digest))
            return { digest, size: data.length };
        await (0,_dirs_js__WEBPACK_IMPORTED_MODULE_6__/* .makeDirectory */ .O)(this.#ingest);
        const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, `put-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}`);
        const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(tmp, 'wx', 0o644);
        try {
            await fh.writeFile(data);
            await fh.sync();
        }
        catch (e) {
            await fh.close();
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(tmp).catch(() => { });
            throw e;
        }
        await fh.close();
        try {
            await this.publish(tmp, digest);
        }
        finally {
            await unlinkReadOnly(tmp).catch(() => { });
        }
        return { digest, size: data.length };
    }
    /**
     * Publish a verified, fsynced file as blob `digest`: chmod 0444, hard-link into
     * `blobs/<alg>/` (EEXIST keeps the existing blob). The caller removes `file` afterwards.
     * Falls back to rename where hard links are not supported. The link is durable after the
     * next syncPublished (the store calls it before committing index.json).
     */
    async publish(file, digest) {
        const target = this.blobPath(digest);
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest).algorithm);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(file, 0o444);
        // blobs/<alg> once per instance, not per blob (a recursive mkdir of an existing
        // directory is a mkdir and a stat, one more trip through the thread pool per blob); a
        // link that finds it gone (removed by hand meanwhile) makes it again.
        if (!this.#algDirs.has(dir))
            await this.#makeAlgDir(dir);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link)(file, target).catch(async (e) => {
                if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    throw e;
                await this.#makeAlgDir(dir);
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link)(file, target);
            });
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'EEXIST'))
                return;
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'))
                throw e;
            if (await this.has(digest))
                return;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(file, target);
        }
        this.#unsynced.add(dir);
    }
    async #makeAlgDir(dir) {
        // A new blobs/<alg> is itself an entry of blobs/ (blobs/ is one of the root, whose
        // fsync comes with the index.json commit).
        if ((await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(dir, { recursive: true })) !== undefined)
            this.#unsynced.add(this.#blobs);
        this.#algDirs.add(dir);
    }
    /**
     * Make the blobs published so far durable: fsync each directory that gained a link since
     * the last call, once however many blobs it gained, and `blobs/sha256` always — another
     * process may have linked a blob this one is about to tag and not synced it yet (and
     * `blobs/` once per instance). A blob
     * file's data is fsynced before its link, so after this every blob a new index.json can
     * name survives a power loss. Reference: image-spec image-layout.md (index.json names
     * the roots; blobs are content-addressed).
     */
    async syncPublished() {
        const dirs = new Set([(0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, 'sha256'), ...this.#unsynced]);
        if (!this.#blobsSynced)
            dirs.add(this.#blobs);
        this.#unsynced.clear();
        // Deepest first: blobs/<alg> before blobs/.
        const ordered = [...dirs].sort((a, b) => b.length - a.length);
        try {
            for (const d of ordered) {
                try {
                    await fsyncDir(d);
                    if (d === this.#blobs)
                        this.#blobsSynced = true;
                }
                catch (e) {
                    if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                        throw e; // no blob of that algorithm yet
                }
            }
        }
        catch (e) {
            for (const d of dirs)
                this.#unsynced.add(d); // still to do on the next commit
            throw e;
        }
    }
    /** Flushes behind the writes of `writer(ref)` to its data file, every `every` bytes (see FlushBehind). */
    flushBehind(ref, every) {
        return new FlushBehind((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.ingestPath(ref), DATA), every);
    }
    async writer(ref, options = {}) {
        const dir = this.ingestPath(ref);
        if (options.total !== undefined)
            validateSize(options.total, 'expected size');
        if (options.expected !== undefined)
            (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(options.expected);
        let lock;
        try {
            lock = await this.#lock(ref, dir);
        }
        catch (e) {
            // Our fresh directory (empty unless another writer holds the ref) must not stay behind.
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rmdir)(dir).catch(() => { });
            throw e;
        }
        try {
            const now = new Date().toISOString();
            const meta = { ref, startedAt: now, updatedAt: now };
            if (options.total !== undefined)
                meta.total = options.total;
            if (options.expected !== undefined)
                meta.expected = options.expected;
            const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA), 'w', 0o644);
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, META), JSON.stringify(meta));
            }
            catch (e) {
                await fh.close();
                throw e;
            }
            const algorithm = options.expected ? (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(options.expected).algorithm : 'sha256';
            return new IngestWriter(this, lockedPlace(dir, lock), meta, fh, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm), algorithm, 0);
        }
        catch (e) {
            // A new writer starts over (its data file is truncated): nothing of it is worth keeping.
            await removeIngest(dir, lock).catch(() => lock.release());
            throw e;
        }
    }
    /**
     * A writer of one blob under a name no other writer knows, for a download that nothing
     * resumes by ref (pull, copy): one temp file `ingest/blob-<pid>-<random>` opened
     * O_EXCL. writer()'s directory, lock file and meta.json exist so that another process
     * can wait on or resume a ref; for a name nobody else can give they are ~14 more calls
     * on a path per blob, each a trip through the thread pool on the blob's critical path.
     * Measured on a 47-blob pull over loopback (strace -c -f): 15.9k system calls → 7.7k
     * (futex 9.0k → 4.1k); CPU (user+sys) 540 → 480 ms, median of 10 alternated runs, with
     * publish's cached blobs/<alg>. Verified and published as writer()'s are; `close`
     * discards the bytes (nothing could resume them); a crash leaves the file to gc
     * (pruneIngests, as `put`'s, after an hour without a write).
     */
    async tempWriter(options = {}) {
        if (options.total !== undefined)
            validateSize(options.total, 'expected size');
        const algorithm = options.expected ? (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(options.expected).algorithm : 'sha256';
        const name = `blob-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}`;
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, name);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(file, 'wx', 0o644);
        }
        catch (e) {
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                throw e;
            await (0,_dirs_js__WEBPACK_IMPORTED_MODULE_6__/* .makeDirectory */ .O)(this.#ingest); // the first ingest of this store
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(file, 'wx', 0o644);
        }
        const now = new Date().toISOString();
        const meta = { ref: name, startedAt: now, updatedAt: now };
        if (options.total !== undefined)
            meta.total = options.total;
        if (options.expected !== undefined)
            meta.expected = options.expected;
        return new IngestWriter(this, tempPlace(file), meta, fh, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm), algorithm, 0);
    }
    async resume(ref) {
        const dir = this.ingestPath(ref);
        await this.#readMeta(ref, dir);
        let lock;
        try {
            lock = await this.#lock(ref, dir, false);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return this.resume(ref); // finished meanwhile: NOT_FOUND next
            throw e;
        }
        try {
            const meta = await this.#readMeta(ref, dir);
            let fh;
            try {
                fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA), 'r+');
            }
            catch (e) {
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA), 'w+', 0o644);
                else
                    throw e;
            }
            try {
                // Re-hash what is on disk: the bytes are the truth, whatever was said before the crash.
                const algorithm = meta.expected ? (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(meta.expected).algorithm : 'sha256';
                const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
                let offset = 0;
                for await (const chunk of fh.createReadStream({ start: 0, autoClose: false })) {
                    hash.update(chunk);
                    offset += chunk.length;
                }
                return new IngestWriter(this, lockedPlace(dir, lock), meta, fh, hash, algorithm, offset);
            }
            catch (e) {
                await fh.close();
                throw e;
            }
        }
        catch (e) {
            await lock.release();
            throw e;
        }
    }
    async #lock(ref, dir, create = true) {
        for (let attempt = 0;; attempt++) {
            if (create)
                await (0,_dirs_js__WEBPACK_IMPORTED_MODULE_6__/* .makeDirectory */ .O)(dir);
            try {
                return await (0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .acquireLock */ .IZ)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, LOCK), {
                    what: `ingest ref ${JSON.stringify(ref)}`,
                    waitMs: 0,
                    // A live writer may hold an ingest for a long upload; only a dead pid frees it early.
                    staleMs: 24 * 3600_000,
                    hint: 'another writer is ingesting under this ref; wait for it, or abort the ingest',
                });
            }
            catch (e) {
                // The directory was removed by a finishing writer between our mkdir and lock.
                if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT') || !create || attempt >= 5)
                    throw e;
            }
        }
    }
    async #readMeta(ref, dir) {
        try {
            const meta = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, META), 'utf8'));
            if (meta.ref !== ref)
                throw new Error('ref differs');
            return meta;
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR')) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('NOT_FOUND', `no ingest in progress under ref ${JSON.stringify(ref)}`, {
                    hint: 'start a new ingest with writer()',
                });
            }
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('NOT_FOUND', `the ingest under ref ${JSON.stringify(ref)} is damaged (${e.message})`, {
                hint: 'abort it and start again',
                cause: e,
            });
        }
    }
    async status(ref) {
        const dir = this.ingestPath(ref);
        return this.#status(await this.#readMeta(ref, dir), dir);
    }
    async #status(meta, dir) {
        let offset = 0;
        let updated = Date.parse(meta.updatedAt);
        try {
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA));
            offset = st.size;
            updated = Math.max(updated, st.mtimeMs);
        }
        catch (e) {
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                throw e;
        }
        const s = { ref: meta.ref, offset, startedAt: new Date(meta.startedAt), updatedAt: new Date(updated) };
        if (meta.total !== undefined)
            s.total = meta.total;
        if (meta.expected !== undefined)
            s.expected = meta.expected;
        return s;
    }
    async listStatuses() {
        const out = [];
        for (const name of await this.#ingestEntries()) {
            const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, name);
            try {
                const meta = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, META), 'utf8'));
                if (typeof meta.ref !== 'string')
                    continue;
                out.push(await this.#status(meta, dir));
            }
            catch {
                continue; // not an ingest dir, or one torn by a crash: gc removes it
            }
        }
        return out.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    }
    async #ingestEntries() {
        try {
            return (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(this.#ingest)).sort();
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return [];
            throw e;
        }
    }
    async abort(ref) {
        const dir = this.ingestPath(ref);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(dir);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return;
            throw e;
        }
        let lock;
        try {
            lock = await this.#lock(ref, dir, false);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return;
            throw e;
        }
        await removeIngest(dir, lock);
    }
    /**
     * Remove ingests that are not locked by a live writer and were last touched more than
     * `olderThanMs` ago, and torn temp files of `put`. Returns how many were removed.
     */
    async pruneIngests(olderThanMs) {
        let removed = 0;
        const now = Date.now();
        for (const name of await this.#ingestEntries()) {
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, name);
            let st;
            try {
                st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
            }
            catch {
                continue;
            }
            if (!st.isDirectory()) {
                if (now - st.mtimeMs > olderThanMs) {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(path, { force: true });
                    removed++;
                }
                continue;
            }
            // The directory's own mtime moves with every lock; the files say when bytes last came.
            let newest = -Infinity;
            for (const f of [DATA, META]) {
                try {
                    newest = Math.max(newest, (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(path, f))).mtimeMs);
                }
                catch {
                    /* absent */
                }
            }
            if (newest === -Infinity)
                newest = st.mtimeMs;
            if (now - newest <= olderThanMs)
                continue;
            let lock;
            try {
                lock = await (0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .acquireLock */ .IZ)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(path, LOCK), { what: `ingest ${name}`, waitMs: 0, staleMs: 24 * 3600_000 });
            }
            catch (e) {
                if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf && e.code === 'LOCKED')
                    continue;
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    continue;
                throw e;
            }
            await removeIngest(path, lock);
            removed++;
        }
        return removed;
    }
    async delete(digest) {
        const path = this.blobPath(digest);
        try {
            await unlinkReadOnly(path);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR'))
                throw notFound(digest);
            throw e;
        }
    }
    async walk(fn) {
        for (const algorithm of ['sha256', 'sha512']) {
            const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, algorithm);
            let names;
            try {
                names = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir)).sort();
            }
            catch (e) {
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    continue;
                throw e;
            }
            for (const hex of names) {
                const digest = `${algorithm}:${hex}`;
                if (!isValidHex(algorithm, hex))
                    continue;
                let size;
                try {
                    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, hex));
                    if (!st.isFile())
                        continue;
                    size = st.size;
                }
                catch (e) {
                    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                        continue; // removed meanwhile
                    throw e;
                }
                await fn({ digest, size });
            }
        }
    }
    /** Names under `blobs/<alg>/` that are not digests (junk a verify reports). */
    async strayFiles() {
        const out = [];
        let algs;
        try {
            algs = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(this.#blobs)).sort();
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return out;
            throw e;
        }
        for (const alg of algs) {
            let names;
            try {
                names = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, alg))).sort();
            }
            catch {
                out.push((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)('blobs', alg));
                continue;
            }
            for (const n of names)
                if (!isValidHex(alg, n))
                    out.push((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)('blobs', alg, n));
        }
        return out;
    }
    /** Re-hash a stored blob; returns its actual digest (same algorithm as `digest`). */
    async hash(digest) {
        const { algorithm } = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest);
        const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
        // One reused buffer: re-hashing a whole store allocates nothing per chunk (a
        // concurrent call gets its own).
        const shared = this.#hashBuffer;
        this.#hashBuffer = undefined;
        const buf = shared ?? Buffer.allocUnsafe(1 << 20);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(this.blobPath(digest), 'r');
        }
        catch (e) {
            this.#hashBuffer = buf;
            throw e;
        }
        try {
            for (;;) {
                const { bytesRead } = await fh.read(buf, 0, buf.length, null);
                if (bytesRead === 0)
                    break;
                h.update(buf.subarray(0, bytesRead));
            }
        }
        finally {
            await fh.close();
            this.#hashBuffer = buf;
        }
        return `${algorithm}:${h.digest('hex')}`;
    }
}
/** Read buffers of `chunks`, reused across blobs: fresh memory costs a page fault per 4 KiB. */
const READ_BUFFER = 512 * 1024;
const freeReadBuffers = [];
function takeReadBuffer() {
    return freeReadBuffers.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER);
}
function giveReadBuffer(b) {
    if (freeReadBuffers.length < 16)
        freeReadBuffers.push(b);
}
function isValidHex(algorithm, hex) {
    const len = algorithm === 'sha256' ? 64 : algorithm === 'sha512' ? 128 : -1;
    return hex.length === len && /^[0-9a-f]+$/.test(hex);
}
async function removeIngest(dir, lock) {
    // Everything but the lock first, then the lock, then the (empty) directory with rmdir:
    // a writer that locked the ref again meanwhile keeps its directory (ENOTEMPTY).
    for (const name of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir).catch(() => [])) {
        if (name !== LOCK)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name), { recursive: true, force: true });
    }
    await lock.release();
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rmdir)(dir).catch(() => { });
}
/** An ingest under `ingest/<sha256 of ref>/`: data, meta.json and the lock that `writer`/`resume` took. */
function lockedPlace(dir, lock) {
    return {
        file: (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA),
        remove: () => removeIngest(dir, lock),
        keep: (meta) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, META), JSON.stringify(meta)),
        release: () => lock.release(),
    };
}
/** A temp file no other writer can name (tempWriter): nothing to lock, nothing to resume. */
function tempPlace(file) {
    return {
        file,
        remove: async () => {
            try {
                await unlinkReadOnly(file);
            }
            catch (e) {
                if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    throw e;
            }
        },
        release: async () => { },
    };
}
/**
 * Flushes behind a large blob while it is written, so that the fsync of its writer's
 * commit finds little left to write: without it the kernel keeps the whole blob dirty in
 * memory until the commit, which then waits for the disk to take all of it. For writes
 * whose producer is busy meanwhile and waits for the commit — an upload arriving (serve),
 * a layer being compressed (ingest) — the writeback then overlaps the producer instead of
 * following it.
 *
 * One fdatasync per `every` bytes written (each one journal commit on ext4), never two at
 * once, never awaited by the writes. A blob smaller than `every` opens nothing and flushes
 * nothing: the commit's one fsync is all it costs.
 *
 * The flush uses its own read-only descriptor on the ingest's data file (fdatasync writes
 * the file's pages whichever descriptor asks). A write-back error is reported to every
 * open file description of the file (Linux errseq), so one seen here is still reported to
 * the commit's fsync on the writer's own descriptor; a flush that fails is ignored. Where
 * the file cannot be opened the writes go on without flushes behind.
 */
class FlushBehind {
    #file;
    #every;
    #fh;
    #unavailable = false;
    #since = 0;
    #running;
    constructor(file, every) {
        this.#file = file;
        this.#every = every;
    }
    /** `n` more bytes are written to the file: start a flush when `every` were written since the last. */
    written(n) {
        this.#since += n;
        if (this.#since < this.#every || this.#running || this.#unavailable)
            return;
        this.#since = 0;
        this.#running = this.#flush().finally(() => {
            this.#running = undefined;
        });
    }
    async #flush() {
        try {
            this.#fh ??= await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(this.#file, 'r');
            await this.#fh.datasync();
        }
        catch {
            // Not opened (the ingest went away) or not flushed: the commit's fsync is the one that counts.
            if (!this.#fh)
                this.#unavailable = true;
        }
    }
    /** Wait for a flush in progress, and close the descriptor. */
    async close() {
        await this.#running;
        const fh = this.#fh;
        this.#fh = undefined;
        this.#unavailable = true;
        await fh?.close().catch(() => undefined);
    }
}
/** One ingest in progress (see BlobWriter for the lifecycle). */
class IngestWriter {
    ref;
    #offset;
    #done = false;
    #pending = Promise.resolve();
    #storage;
    #place;
    #meta;
    #fh;
    #hash;
    #algorithm;
    constructor(storage, place, meta, fh, hash, algorithm, offset) {
        this.ref = meta.ref;
        this.#storage = storage;
        this.#place = place;
        this.#meta = meta;
        this.#fh = fh;
        this.#hash = hash;
        this.#algorithm = algorithm;
        this.#offset = offset;
    }
    get offset() {
        return this.#offset;
    }
    #assertOpen() {
        if (this.#done)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `the writer of ingest ${JSON.stringify(this.ref)} is closed`);
    }
    write(chunk) {
        return this.#append([chunk]);
    }
    /** Append several chunks in one positioned write; they may be reused once this settles. */
    writev(chunks) {
        return this.#append(chunks);
    }
    /**
     * Append chunks with one positioned write (pwritev): a stream's buffered chunks go to
     * disk in one trip to the thread pool instead of one per network-sized chunk.
     */
    #append(chunks) {
        this.#assertOpen();
        const run = async () => {
            let length = 0;
            for (const c of chunks)
                length += c.length;
            const total = this.#meta.total;
            if (total !== undefined && this.#offset + length > total) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('SIZE_MISMATCH', `ingest ${JSON.stringify(this.ref)} got more than the expected ${total} bytes`, {
                    hint: 'the source changed or is corrupt',
                });
            }
            const writing = chunks.length === 1 ? this.#fh.write(chunks[0], 0, length, this.#offset) : this.#fh.writev(chunks, this.#offset);
            // Hash while the write is on the thread pool (the chunks are not changed until this
            // settles): disk and hash overlap instead of taking turns on the receiving thread.
            // A write that fails leaves the hash as it was, so a retried chunk is hashed once.
            const before = this.#hash.copy();
            for (const c of chunks)
                this.#hash.update(c);
            let done;
            try {
                done = (await writing).bytesWritten;
                if (done < length) {
                    // A short write (rare; libuv retries most): the rest one piece at a time.
                    const rest = Buffer.concat(chunks, length);
                    while (done < length)
                        done += (await this.#fh.write(rest, done, length - done, this.#offset + done)).bytesWritten;
                }
            }
            catch (e) {
                this.#hash = before;
                throw e;
            }
            this.#offset += length;
        };
        // Serialise writes: positions and the running hash depend on order.
        const p = this.#pending.then(run);
        this.#pending = p.catch(() => { });
        return p;
    }
    digest() {
        return `${this.#algorithm}:${this.#hash.copy().digest('hex')}`;
    }
    stream() {
        return new node_stream__WEBPACK_IMPORTED_MODULE_4__.Writable({
            highWaterMark: 1 << 20,
            write: (chunk, _enc, cb) => {
                this.write(chunk).then(() => cb(), cb);
            },
            // Chunks that arrived while the previous write was on disk, written together.
            writev: (chunks, cb) => {
                this.#append(chunks.map((c) => c.chunk)).then(() => cb(), cb);
            },
        });
    }
    async commit(size, expected) {
        this.#assertOpen();
        validateSize(size, 'size');
        const { algorithm } = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(expected);
        this.#done = true;
        try {
            await this.#pending;
            await this.#fh.sync();
            const st = await this.#fh.stat();
            await this.#fh.close();
            if (st.size !== size || this.#offset !== size) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('SIZE_MISMATCH', `ingest ${JSON.stringify(this.ref)} has ${st.size} bytes, expected ${size} (${expected})`, {
                    hint: 'the source was truncated or is corrupt',
                });
            }
            let actual;
            if (algorithm === this.#algorithm) {
                actual = `${algorithm}:${this.#hash.digest('hex')}`;
            }
            else {
                const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
                for await (const c of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(this.#place.file))
                    h.update(c);
                actual = `${algorithm}:${h.digest('hex')}`;
            }
            if (actual !== expected) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('DIGEST_MISMATCH', `content digest ${actual} does not match expected ${expected}`, {
                    hint: 'the source is corrupt or was modified',
                });
            }
            await this.#storage.publish(this.#place.file, expected);
            await this.#place.remove();
            return { digest: expected, size };
        }
        catch (e) {
            await this.#fh.close().catch(() => { });
            await this.#place.remove().catch(() => { });
            throw e;
        }
    }
    async close() {
        if (this.#done)
            return;
        // Nothing can resume a temp file's bytes (tempWriter): keeping them would only leave
        // work for gc.
        const keep = this.#place.keep;
        if (keep === undefined)
            return this.cancel();
        this.#done = true;
        try {
            await this.#pending;
            await this.#fh.sync().catch(() => { });
            await this.#fh.close();
            this.#meta.updatedAt = new Date().toISOString();
            await keep(this.#meta);
        }
        finally {
            await this.#place.release();
        }
    }
    async cancel() {
        if (this.#done)
            return;
        this.#done = true;
        await this.#pending;
        await this.#fh.close().catch(() => { });
        await this.#place.remove();
    }
}


/***/ }),

/***/ 7736:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   CM: () => (/* binding */ isManifestMediaType),
/* harmony export */   F1: () => (/* binding */ EMPTY_JSON_DESCRIPTOR),
/* harmony export */   PM: () => (/* binding */ ociDescriptor),
/* harmony export */   YH: () => (/* binding */ Annotation),
/* harmony export */   pp: () => (/* binding */ isDockerMediaType),
/* harmony export */   qb: () => (/* binding */ IMAGE_LAYOUT_VERSION),
/* harmony export */   uM: () => (/* binding */ SCHEMA1_MEDIA_TYPES),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
/* unused harmony exports INDEX_MEDIA_TYPES, MANIFEST_MEDIA_TYPES, ociMediaType */
/**
 * OCI image-spec and Docker schema2 types and constants.
 *
 * Reference: https://github.com/opencontainers/image-spec (descriptor.md, manifest.md,
 * image-index.md, config.md, image-layout.md, annotations.md)
 */
/** Media types of the OCI image-spec and Docker's schema2 (stored as they are, never converted). */
const MediaType = {
    Descriptor: 'application/vnd.oci.descriptor.v1+json',
    LayoutHeader: 'application/vnd.oci.layout.header.v1+json',
    ImageIndex: 'application/vnd.oci.image.index.v1+json',
    ImageManifest: 'application/vnd.oci.image.manifest.v1+json',
    ImageConfig: 'application/vnd.oci.image.config.v1+json',
    Empty: 'application/vnd.oci.empty.v1+json',
    Layer: 'application/vnd.oci.image.layer.v1.tar',
    LayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    LayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    LayerNonDistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
    LayerNonDistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    LayerNonDistributableZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
    DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    DockerConfig: 'application/vnd.docker.container.image.v1+json',
    DockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
    DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    DockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
    DockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar',
    /** Not in Docker's schema2 document; containers/image reads and writes it for zstd layers. */
    DockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
    DockerSchema1Manifest: 'application/vnd.docker.distribution.manifest.v1+json',
    DockerSchema1SignedManifest: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
};
/** Media types that are image indexes (OCI index or Docker manifest list). */
const INDEX_MEDIA_TYPES = new Set([MediaType.ImageIndex, MediaType.DockerManifestList]);
/** Media types that are image manifests (OCI or Docker schema2). */
const MANIFEST_MEDIA_TYPES = new Set([
    MediaType.ImageManifest,
    MediaType.DockerManifest,
]);
/** Docker schema1 manifests: refused everywhere with a clear error. */
const SCHEMA1_MEDIA_TYPES = new Set([
    MediaType.DockerSchema1Manifest,
    MediaType.DockerSchema1SignedManifest,
]);
/**
 * Docker schema2 media types and the OCI type each is interchangeable with: the bytes are
 * the same, only the label differs, so a descriptor relabelled this way keeps its digest.
 * Foreign layers map to the non-distributable types (deprecated in image-spec 1.1, yet the
 * matrix's answer and what containers/image's conversion writes).
 *
 * Reference: https://github.com/opencontainers/image-spec/blob/main/media-types.md#compatibility-matrix
 */
const DOCKER_TO_OCI = new Map([
    [MediaType.DockerManifest, MediaType.ImageManifest],
    [MediaType.DockerManifestList, MediaType.ImageIndex],
    [MediaType.DockerConfig, MediaType.ImageConfig],
    [MediaType.DockerLayer, MediaType.Layer],
    [MediaType.DockerLayerGzip, MediaType.LayerGzip],
    [MediaType.DockerLayerZstd, MediaType.LayerZstd],
    [MediaType.DockerForeignLayer, MediaType.LayerNonDistributable],
    [MediaType.DockerForeignLayerGzip, MediaType.LayerNonDistributableGzip],
]);
/** True for a Docker schema2 media type (manifest, list, config or layer). */
function isDockerMediaType(mediaType) {
    return mediaType !== undefined && DOCKER_TO_OCI.has(mediaType);
}
/** The OCI media type interchangeable with a Docker schema2 one; any other type as it is. */
function ociMediaType(mediaType) {
    return DOCKER_TO_OCI.get(mediaType) ?? mediaType;
}
/**
 * A descriptor as an OCI manifest may carry it: a Docker media type relabelled (digest,
 * size, urls and annotations kept). An OCI manifest that lists Docker layer types is
 * refused by podman push and skopeo's format conversion ("unsupported MIME type for
 * compression").
 */
function ociDescriptor(d) {
    const mediaType = ociMediaType(d.mediaType);
    return mediaType === d.mediaType ? d : { ...d, mediaType };
}
/** Pre-defined annotation keys (annotations.md). */
const Annotation = {
    RefName: 'org.opencontainers.image.ref.name',
    Title: 'org.opencontainers.image.title',
    Created: 'org.opencontainers.image.created',
    Source: 'org.opencontainers.image.source',
    Revision: 'org.opencontainers.image.revision',
    Description: 'org.opencontainers.image.description',
    BaseImageName: 'org.opencontainers.image.base.name',
    BaseImageDigest: 'org.opencontainers.image.base.digest',
};
/** The only layout version this store writes and reads. */
const IMAGE_LAYOUT_VERSION = '1.0.0';
/** The empty JSON blob `{}` used as the config of artifacts (manifest.md "Guidance for an Empty Descriptor"). */
const EMPTY_JSON_DESCRIPTOR = Object.freeze({
    mediaType: MediaType.Empty,
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
    data: 'e30=',
});
/** True when a media type names an index. */
function isIndexMediaType(mediaType) {
    return mediaType !== undefined && INDEX_MEDIA_TYPES.has(mediaType);
}
/** True when a media type names a manifest. */
function isManifestMediaType(mediaType) {
    return mediaType !== undefined && MANIFEST_MEDIA_TYPES.has(mediaType);
}
/** Format a platform as `os/arch[/variant]`. */
function formatPlatform(p) {
    return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}


/***/ }),

/***/ 670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GG: () => (/* binding */ walk),
/* harmony export */   LU: () => (/* binding */ childrenOf),
/* harmony export */   cL: () => (/* binding */ SKIP_CHILDREN),
/* harmony export */   e9: () => (/* binding */ childrenOfDocument)
/* harmony export */ });
/* unused harmony export WalkError */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(692);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7736);
/**
 * One walk of the image graph (in the manner of containerd's `images.Walk` with handlers):
 * from some roots, each descriptor is handed to a handler, and the children of a manifest
 * or index are found by media type and walked in turn — each digest once, a bounded number
 * at a time. gc's mark, verify's check of each descriptor, serve's reachability, push's mount
 * hints, the metadata of an index, the Docker-content check of conversion and copy's count of
 * a skipped subgraph are handlers of it.
 *
 * Reference: image-spec manifest.md (config, layers, subject), image-index.md (manifests,
 * platform).
 */



/** A handler's answer that leaves the node's children unwalked (as returning `false`). */
const SKIP_CHILDREN = Symbol('walk: skip children');
/** A manifest or index of the walk that could not be read, with the path it was reached by. */
class WalkError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf {
    descriptor;
    root;
    path;
    constructor(node, cause) {
        const code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(cause) ? cause.code : 'INVALID_MANIFEST';
        const via = [...node.path, node.descriptor].map((d) => d.digest).join(' → ');
        super(code, `${cause?.message ?? String(cause)} (reached by ${via})`, {
            cause,
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(cause) && cause.hint !== undefined ? cause.hint : `pull or ingest the image of ${node.root.digest} again`,
        });
        this.descriptor = node.descriptor;
        this.root = node.root;
        this.path = node.path;
    }
}
/**
 * The direct children of `desc` by its media type: a manifest's config and layers, an
 * index's manifests, and with `subject` the subject of either; nothing for other blobs.
 */
async function childrenOf(fetcher, desc, subject = false) {
    if (!(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestMediaType */ .CM)(desc.mediaType) && !(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(desc.mediaType))
        return [];
    return childrenOfDocument(desc, await fetcher.readJSON(desc), subject);
}
/**
 * The direct children of `desc` from its document already read and parsed (a caller that
 * needs the bytes too, as graph copy): the same rule as {@link childrenOf}.
 */
function childrenOfDocument(desc, doc, subject = false) {
    const out = [];
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestMediaType */ .CM)(desc.mediaType)) {
        if (doc.config)
            out.push(doc.config);
        if (Array.isArray(doc.layers))
            out.push(...doc.layers);
    }
    else if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(desc.mediaType)) {
        if (Array.isArray(doc.manifests))
            out.push(...doc.manifests);
    }
    else {
        return out;
    }
    if (subject && doc.subject)
        out.push(doc.subject);
    // A null or scalar entry of a hand-written manifest is no descriptor to walk.
    return out.filter((c) => typeof c === 'object' && c !== null);
}
/**
 * Walk the graphs under `roots`: `handler` sees each descriptor once (by digest, or by
 * `key`; the first path that reaches it), then, unless it answers `false` or SKIP_CHILDREN,
 * the node's children are walked. A handler's error stops the walk and is thrown as it is;
 * so is, without `onError`, the WalkError of an unreadable manifest or index. Resolves when
 * every node has been handled.
 */
async function walk(fetcher, roots, handler, options = {}) {
    const limit = options.concurrency ?? 8;
    if (!Number.isInteger(limit) || limit < 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', `walk concurrency must be a whole number of at least 1, not ${limit}`, { hint: 'pass concurrency: 1 or more' });
    }
    const children = options.children ?? ((d) => childrenOf(fetcher, d, options.subject ?? false));
    const platforms = options.platforms;
    const keyOf = options.key ?? ((d) => d.digest);
    const seen = new Set();
    // A queue with a head index: shift() would make a walk of many roots quadratic.
    const queue = [];
    let head = 0;
    const enqueue = (descriptor, root, path) => {
        const key = keyOf(descriptor);
        if (seen.has(key))
            return;
        seen.add(key);
        queue.push({ descriptor, root, path });
    };
    for (const r of roots)
        enqueue(r, r, []);
    const visit = async (node) => {
        const answer = await handler(node);
        if (answer === false || answer === SKIP_CHILDREN)
            return;
        const d = node.descriptor;
        const isIndex = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(d.mediaType);
        if (!isIndex && !(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestMediaType */ .CM)(d.mediaType))
            return;
        let found;
        try {
            found = await children(d);
        }
        catch (e) {
            const error = new WalkError(node, e);
            if (!options.onError)
                throw error;
            options.onError(error);
            return;
        }
        const path = [...node.path, d];
        for (const c of found) {
            if (isIndex && platforms && c.platform && !platforms.some((p) => (0,_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .platformMatches */ .J5)(p, c.platform)))
                continue;
            enqueue(c, node.root, path);
        }
    };
    let active = 0;
    let failed = false;
    let failure;
    await new Promise((resolve, reject) => {
        const pump = () => {
            if (failed) {
                if (active === 0)
                    reject(failure);
                return;
            }
            while (active < limit && head < queue.length) {
                const node = queue[head];
                queue[head++] = undefined; // let handled nodes go
                active++;
                visit(node).then(() => {
                    active--;
                    pump();
                }, (e) => {
                    active--;
                    if (!failed) {
                        failed = true;
                        failure = e;
                    }
                    pump();
                });
            }
            if (active === 0 && head >= queue.length)
                resolve();
        };
        pump();
    });
}


/***/ })

};
