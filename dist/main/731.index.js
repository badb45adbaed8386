export const id = 731;
export const ids = [731,72,105];
export const modules = {

/***/ 9397:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ describeImage)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7736);
/* harmony import */ var _walk_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(670);
/**
 * The `metadata` output (DESIGN.md §2): what an image in the store is, in one JSON object.
 */



/** Config media types that describe a runnable image (and so carry a platform). */
const IMAGE_CONFIG_TYPES = new Set([_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ImageConfig, _types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.DockerConfig]);
function layerOf(d) {
    return { digest: d.digest, size: d.size, mediaType: d.mediaType };
}
/** `os/arch[/variant]` of a platform, skipping buildx's `unknown/unknown` attestation entries. */
function platformString(p) {
    if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string')
        return undefined;
    if (p.os === 'unknown' && p.architecture === 'unknown')
        return undefined;
    return (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(p);
}
async function manifestPlatform(store, manifest) {
    if (!manifest.config || !IMAGE_CONFIG_TYPES.has(manifest.config.mediaType))
        return undefined;
    try {
        const config = await store.readJSON(manifest.config);
        return platformString(config);
    }
    catch (e) {
        // A config that is not local (lazy cache) or damaged: metadata still describes the rest.
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e))
            return undefined;
        throw e;
    }
}
/**
 * Describe `desc` (a manifest or an index in `store`) as the `metadata` output:
 *
 * - manifest: its layers, and its platform from the descriptor or the image config;
 * - index: the platforms of its manifests (a list), and the layers of those manifests
 *   that are in the store (each digest once).
 */
async function describeImage(store, desc, pushed = []) {
    const out = { digest: desc.digest, mediaType: desc.mediaType, size: desc.size, layers: [], pushed, store: store.root };
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(desc.mediaType)) {
        const manifest = await store.readJSON(desc);
        out.layers = (manifest.layers ?? []).map(layerOf);
        const platform = platformString(desc.platform) ?? (await manifestPlatform(store, manifest));
        if (platform !== undefined)
            out.platform = platform;
        return out;
    }
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isIndexMediaType */ .$$)(desc.mediaType)) {
        const index = await store.readJSON(desc);
        const children = (0,_walk_js__WEBPACK_IMPORTED_MODULE_2__/* .childrenOfDocument */ .e9)(desc, index);
        // Each child manifest (and its config, when its descriptor names no platform) is read
        // once, a few at a time, by the one graph walk; the output keeps the index's order.
        const read = new Map();
        await (0,_walk_js__WEBPACK_IMPORTED_MODULE_2__/* .walk */ .GG)(store, children, async ({ descriptor: child }) => {
            const entry = { configRead: false };
            if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(child.mediaType)) {
                try {
                    entry.manifest = await store.readJSON(child);
                }
                catch (e) {
                    if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e))
                        throw e;
                }
            }
            if (entry.manifest && platformString(child.platform) === undefined) {
                const p = await manifestPlatform(store, entry.manifest);
                if (p !== undefined)
                    entry.configPlatform = p;
                entry.configRead = true;
            }
            read.set(child.digest, entry);
            return _walk_js__WEBPACK_IMPORTED_MODULE_2__/* .SKIP_CHILDREN */ .cL; // layers are listed from the manifest; a nested index is not described
        });
        const platforms = [];
        const seen = new Set();
        for (const child of children) {
            const { manifest, configPlatform, configRead } = read.get(child.digest);
            const p = platformString(child.platform) ?? (manifest ? (configRead ? configPlatform : await manifestPlatform(store, manifest)) : undefined);
            if (p !== undefined && !platforms.includes(p))
                platforms.push(p);
            for (const l of manifest?.layers ?? []) {
                if (seen.has(l.digest))
                    continue;
                seen.add(l.digest);
                out.layers.push(layerOf(l));
            }
        }
        out.platform = platforms;
        return out;
    }
    return out;
}


/***/ }),

/***/ 6731:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pull: () => (/* binding */ pull)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5543);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5154);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5378);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8971);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1691);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9397);
/**
 * `pull`: fetch `ref` from its registry into the store (blobs already there are skipped),
 * keeping the platforms of `platform` (the runner's by default, `all` for every one), and
 * tag it by `ref` as written plus every `tags` entry. A `ref` with a digest
 * (`name@sha256:…`) is no tag: the image is kept as an untagged index.json entry, found
 * again by the same ref, and tagged by `tags` only. An index pulled for some platforms
 * is stored byte for byte (its digest is the registry's) with only the selected children.
 */







/** `pull`: registry → store. */
const pull = async (options, ctx) => {
    const ref = options.ref;
    if ((0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(ref)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', `${ref} names no repository to pull from`, {
            input: 'ref',
            hint: 'write the repository too, e.g. ghcr.io/owner/app@sha256:…',
        });
    }
    const n = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref, 'ref');
    // A ref with a digest names content, not a tag (docker: `pull name@sha256:…` tags
    // nothing): pullInto keeps the root as an untagged entry instead.
    const tags = [...new Set(n.digest !== undefined ? options.tags : [ref, ...options.tags])];
    const client = (0,_registry_js__WEBPACK_IMPORTED_MODULE_5__.registryClient)(options, ctx);
    try {
        // Resolve remotely before opening the store: a bad ref leaves no store behind.
        const repo = client.repository(n);
        // GET by tag (not HEAD then GET): the bytes are kept for the copy, one request fewer.
        const root = (await repo.fetchManifest(n.digest ?? n.tag ?? 'latest')).descriptor;
        const store = await _layout_js__WEBPACK_IMPORTED_MODULE_2__.Store.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
        const report = await (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_4__/* .pullInto */ ._6)(client, store, n, {
            root,
            repository: repo,
            platforms: (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_4__/* .pullPlatforms */ .k_)(options),
            tags,
            input: 'ref',
            ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        ctx.logger.info(`pulled ${ref} (${report.root.digest}): ${report.uploaded} fetched, ${report.skipped} already in the store` +
            (report.omitted.length > 0 ? `, ${report.omitted.length} other platform(s) left out` : ''));
        const metadata = await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_6__/* .describeImage */ .h)(store, report.root);
        return {
            digest: report.root.digest,
            tags,
            metadata,
            store: store.root,
            details: { fetched: report.uploaded, present: report.skipped, bytes: report.uploadedBytes, omittedPlatforms: report.omitted.length },
        };
    }
    catch (e) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, 'ref');
    }
    finally {
        client.close();
    }
};


/***/ }),

/***/ 1691:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   registryClient: () => (/* binding */ registryClient)
/* harmony export */ });
/* harmony import */ var _registry_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5105);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6944);
/**
 * The registry client of a command run: the library's RegistryClient, given what it takes
 * of the command's inputs (options.ts registryInputs) and of its RunContext.
 */


/** A RegistryClient for a command run: credentials, insecure hosts, logger, progress, signal. */
function registryClient(options, ctx, overrides = {}) {
    return new _registry_client_js__WEBPACK_IMPORTED_MODULE_0__.RegistryClient((0,_registry_client_js__WEBPACK_IMPORTED_MODULE_0__.runClientOptions)((0,_options_js__WEBPACK_IMPORTED_MODULE_1__/* .registryInputs */ .P4)(options), ctx, overrides));
}


/***/ }),

/***/ 8971:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Az: () => (/* binding */ resolveThrough),
/* harmony export */   _6: () => (/* binding */ pullInto),
/* harmony export */   k_: () => (/* binding */ pullPlatforms)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5543);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(692);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5378);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7736);





/** The platforms a pull keeps: the given ones, every one for `all`, else the host's. */
function pullPlatforms(options) {
    if (options.platforms === 'all')
        return 'all';
    return options.platforms.length > 0 ? options.platforms : [(0,_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .hostPlatform */ .ol)()];
}
/**
 * Pull `ref` from its registry into `store` (blobs the store has are skipped) and tag the
 * root. Resolves the reference remotely first, so an unknown repository, a missing tag or
 * an unreachable host fails before the store is touched.
 */
async function pullInto(client, store, ref, options) {
    const n = typeof ref === 'string' ? (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref, options.input) : ref;
    const repo = options.repository ?? client.repository(n);
    let root = options.root;
    if (root === undefined && n.digest !== undefined && (await store.exists({ mediaType: 'application/octet-stream', digest: n.digest, size: 0 }))) {
        // By digest and already here: no need to ask the registry what it is.
        try {
            root = await store.resolve(n.digest);
        }
        catch {
            root = undefined;
        }
    }
    root ??= await repo.resolve(n.digest ?? n.tag ?? 'latest');
    const { copyGraph } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(626)]).then(__webpack_require__.bind(__webpack_require__, 1626));
    const copyOptions = {
        platforms: options.platforms,
        tags: options.tags,
        concurrency: client.tuning.concurrency,
        logger: client.logger,
        input: 'platform',
    };
    if (options.signal)
        copyOptions.signal = options.signal;
    const report = await copyGraph(repo, store, root, copyOptions);
    // A ref with a digest makes no tag (a tag cannot hold a digest): the root is kept as an
    // untagged entry, which gc keeps and `name@digest` finds again without the registry.
    const keeper = store;
    if (n.digest !== undefined && typeof keeper.keepRoot === 'function') {
        await keeper.keepRoot.call(store, report.root, (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_4__/* .isIndexMediaType */ .$$)(report.root.mediaType) ? { omitted: report.omitted } : {});
    }
    return report;
}
/** Children of a stored index that the wanted platforms need but the store lacks. */
async function missingPlatforms(store, desc, platforms) {
    if (!(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_4__/* .isIndexMediaType */ .$$)(desc.mediaType))
        return [];
    let index;
    try {
        const { readManifestBytes } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(626)]).then(__webpack_require__.bind(__webpack_require__, 1626));
        index = JSON.parse((await readManifestBytes(store, desc)).toString('utf8'));
    }
    catch {
        return [];
    }
    let wanted;
    try {
        wanted = (0,_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .selectManifests */ .$d)(index, platforms);
    }
    catch {
        return []; // the caller reports the platform the index does not have
    }
    const out = [];
    for (const w of wanted)
        if (!(await store.exists(w)))
            out.push(w);
    return out;
}
/**
 * Resolve `ref` in `store`, pulling it from its registry on a miss (and completing an
 * index's missing platforms). Errors are attributed to `input`.
 */
async function resolveThrough(store, ref, options, ctx, input = 'ref') {
    const platforms = pullPlatforms(options);
    let found;
    try {
        found = await store.resolve(ref);
    }
    catch (e) {
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e, 'NOT_FOUND') || (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(ref))
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, input);
    }
    if (found !== undefined && (await missingPlatforms(store, found, platforms)).length === 0)
        return found;
    const { RegistryClient, runClientOptions } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(105)]).then(__webpack_require__.bind(__webpack_require__, 5105));
    const client = new RegistryClient(runClientOptions(options, ctx));
    try {
        const n = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref, input);
        if (found !== undefined) {
            // Complete the index from the registry it came from; its bytes are already here.
            const repo = client.repository(n);
            const { copyGraph } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(626)]).then(__webpack_require__.bind(__webpack_require__, 1626));
            await copyGraph(repo, store, found, { platforms, concurrency: client.tuning.concurrency, logger: client.logger, ...(ctx.signal ? { signal: ctx.signal } : {}) });
            return found;
        }
        const report = await pullInto(client, store, n, { platforms, tags: n.digest !== undefined ? [] : [ref], input, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        ctx.logger.info(`pulled ${(0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatNormalized */ .b_)(n)} (${report.root.digest}) into the store`);
        return report.root;
    }
    catch (e) {
        if (!(0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .hasRegistry */ .qY)(ref) && (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e, 'NOT_FOUND', 'NAME_UNKNOWN', 'UNAUTHORIZED', 'DENIED')) {
            // `app:1` was most likely meant as a store tag: say both places were tried.
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('NOT_FOUND', `${ref} is not in the store, and ${normalizedOr(ref)} could not be pulled: ${e.message}`, {
                input,
                hint: `ingest or pull ${ref} into the store first, or write the full registry reference`,
                cause: e,
            });
        }
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, input);
    }
    finally {
        client.close();
    }
}
function normalizedOr(ref) {
    try {
        return (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatNormalized */ .b_)((0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref));
    }
    catch {
        return ref;
    }
}


/***/ }),

/***/ 5105:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RegistryClient: () => (/* binding */ RegistryClient),
  runClientOptions: () => (/* binding */ runClientOptions)
});

// EXTERNAL MODULE: ./src/core/content.ts
var content = __webpack_require__(9078);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
// EXTERNAL MODULE: ./src/core/reference.ts
var reference = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/core/registry/http.ts + 1 modules
var http = __webpack_require__(1454);
// EXTERNAL MODULE: ./src/core/registry/auth.ts
var auth = __webpack_require__(9709);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/core/registry/credentials.ts
/**
 * Where registry credentials come from, in order:
 *
 * 1. the `username`/`password` inputs, for the registries the run acts on;
 * 2. docker's config.json (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`), as
 *    docker/login-action leaves it: `credHelpers[host]`, then `auths[host]` (`auth` =
 *    base64 `user:password`, or `identitytoken`), then `credsStore` — helpers run as
 *    `docker-credential-<name> get` with the server URL on stdin;
 * 3. for ghcr.io, the `github-token` input;
 * 4. nothing: anonymous.
 *
 * Reference: docker/cli `cli/config/configfile/file.go`, docker-credential-helpers protocol.
 * Secrets are kept in memory only. Each one is registered with the run's redactor as soon
 * as it is known — the raw value and, for a user/password pair, the base64 that a Basic
 * header carries — so messages are redacted and front ends can mask it (secrets.ts).
 */






/** The server URL docker uses for Docker Hub in config.json and with helpers. */
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
/** `https://host/v1/` → `host`, with Docker Hub's aliases folded into `docker.io`. */
function configKeyHost(key) {
    let h = key.trim().toLowerCase().replace(/^[a-z]+:\/\//, '');
    const slash = h.indexOf('/');
    if (slash >= 0)
        h = h.slice(0, slash);
    if (h === 'index.docker.io' || h === 'registry-1.docker.io' || h === 'registry.hub.docker.com')
        return 'docker.io';
    return h;
}
/** The server URL to hand a credential helper for a registry. */
function helperServerURL(registry) {
    return registry === 'docker.io' ? DOCKER_HUB_CONFIG_KEY : registry;
}
/** Run a program with stdin, collecting output (the CLI's default for credential helpers). */
const spawnExec = (command, args, stdin) => spawnWithEnv(undefined)(command, args, stdin);
/** spawnExec in a given environment (the run's, so PATH finds the helper the user installed). */
const spawnWithEnv = (env) => (command, args, stdin) => new Promise((resolve, reject) => {
    // node:child_process is loaded here, not imported: a push or pull without a helper (the
    // usual case) never needs it, and loading it costs every start ~7 ms of CPU (with
    // node:dgram, which it loads; `node -e "require('node:child_process')"` 33 vs 26 ms).
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ exitCode: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => { });
    child.stdin.end(stdin);
});
/** Resolves credentials per registry, memoised for the run. */
class CredentialStore {
    #opts;
    #explicit;
    #cache = new Map();
    #secrets = new Set();
    #redactor;
    #logger;
    #config;
    constructor(options = {}) {
        this.#opts = options;
        this.#logger = options.logger ?? content/* silentLogger */.qq;
        this.#redactor = options.redactor ?? new secrets/* Redactor */.pO();
        const ex = options.explicitRegistries ?? 'all';
        this.#explicit = ex === 'all' ? 'all' : new Set([...ex].map(configKeyHost));
        for (const s of [options.password, options.githubToken])
            if (s)
                this.#remember(s);
    }
    /** Every secret seen so far (for redaction). */
    secrets() {
        return [...this.#secrets];
    }
    /** Replace every known secret in `text` (in each form it travels in) with `***`. */
    redact(text) {
        return this.#redactor.redact(text);
    }
    /** Credentials for `registry` (normalised host, `docker.io` for Docker Hub), or undefined. */
    get(registry) {
        const key = configKeyHost(registry);
        let p = this.#cache.get(key);
        if (!p) {
            p = this.#resolve(key).then((c) => {
                // The pair as a Basic header will carry it, known before anything is sent.
                if (c?.username !== undefined && c.password !== undefined)
                    this.#redactor.addBasic(c.username, c.password);
                return c;
            });
            this.#cache.set(key, p);
        }
        return p;
    }
    async #resolve(registry) {
        const o = this.#opts;
        const explicit = this.#explicit === 'all' || this.#explicit.has(registry);
        if (explicit && (o.username !== undefined || o.password !== undefined)) {
            if (!o.username) {
                throw new errors/* OciError */.Mf('INVALID_INPUT', `password is set but username is empty (registry ${registry})`, {
                    input: 'username',
                    hint: 'set username together with password',
                });
            }
            if (!o.password) {
                throw new errors/* OciError */.Mf('INVALID_INPUT', `username is set but password is empty (registry ${registry})`, {
                    input: 'password',
                    hint: 'pass the password or token, e.g. password: ${{ secrets.REGISTRY_TOKEN }} (an unset secret is empty)',
                });
            }
            return { username: o.username, password: o.password, source: 'the username and password inputs', input: 'username' };
        }
        const fromConfig = await this.#fromDockerConfig(registry);
        if (fromConfig)
            return fromConfig;
        if (registry === 'ghcr.io' && o.githubToken) {
            const env = o.env ?? process.env;
            return { username: env.GITHUB_ACTOR || 'github-actions', password: o.githubToken, source: 'the github-token input', input: 'github-token' };
        }
        return undefined;
    }
    #remember(secret) {
        if (!secret)
            return;
        this.#secrets.add(secret);
        this.#redactor.add(secret);
    }
    #configPath() {
        const env = this.#opts.env ?? process.env;
        const dir = env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker');
        return (0,external_node_path_.join)(dir, 'config.json');
    }
    #loadConfig() {
        this.#config ??= (async () => {
            const path = this.#configPath();
            let text;
            try {
                text = await (0,promises_.readFile)(path, 'utf8');
            }
            catch (e) {
                if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
                    return undefined;
                this.#logger.warning(`cannot read docker config ${path}: ${e.message}`);
                return undefined;
            }
            try {
                const config = JSON.parse(text);
                if (typeof config !== 'object' || config === null)
                    throw new Error('not an object');
                return { path, config };
            }
            catch (e) {
                this.#logger.warning(`ignoring docker config ${path}: it is not valid JSON (${e.message})`);
                return undefined;
            }
        })();
        return this.#config;
    }
    async #fromDockerConfig(registry) {
        const loaded = await this.#loadConfig();
        if (!loaded)
            return undefined;
        const { path, config } = loaded;
        const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => configKeyHost(k) === registry)?.[1];
        if (helper)
            return this.#fromHelper(helper, registry, `credential helper docker-credential-${helper} (credHelpers in ${path})`);
        const entry = Object.entries(config.auths ?? {}).find(([k]) => configKeyHost(k) === registry)?.[1];
        if (entry) {
            const source = `the auths entry for ${registry} in ${path}`;
            if (entry.identitytoken) {
                this.#remember(entry.identitytoken);
                let username;
                if (entry.auth)
                    username = decodeAuth(entry.auth)?.username;
                const c = { identityToken: entry.identitytoken, source };
                if (username)
                    c.username = username;
                return c;
            }
            if (entry.auth) {
                const d = decodeAuth(entry.auth);
                if (!d) {
                    this.#logger.warning(`ignoring the auths entry for ${registry} in ${path}: its auth field is not base64 user:password`);
                }
                else {
                    this.#remember(d.password);
                    this.#remember(entry.auth);
                    return { username: d.username, password: d.password, source };
                }
            }
            else if (entry.username && entry.password) {
                this.#remember(entry.password);
                return { username: entry.username, password: entry.password, source };
            }
        }
        if (config.credsStore)
            return this.#fromHelper(config.credsStore, registry, `credential store docker-credential-${config.credsStore} (credsStore in ${path})`);
        return undefined;
    }
    async #fromHelper(helper, registry, source) {
        if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
            this.#logger.warning(`ignoring credential helper ${JSON.stringify(helper)}: not a valid helper name`);
            return undefined;
        }
        const exec = this.#opts.exec ?? spawnWithEnv(this.#opts.env);
        let out;
        try {
            out = await exec(`docker-credential-${helper}`, ['get'], helperServerURL(registry));
        }
        catch (e) {
            this.#logger.warning(`cannot run docker-credential-${helper}: ${(0,errors/* isErrno */.r)(e, 'ENOENT') ? 'not installed' : e.message}; continuing without credentials for ${registry}`);
            return undefined;
        }
        if (out.exitCode !== 0) {
            // "credentials not found in native keychain" is the protocol's way of saying none.
            if (!/not found/i.test(out.stdout + out.stderr)) {
                this.#logger.warning(`docker-credential-${helper} get failed for ${registry} (exit ${out.exitCode}); continuing without credentials`);
            }
            return undefined;
        }
        let parsed;
        try {
            parsed = JSON.parse(out.stdout);
        }
        catch {
            this.#logger.warning(`docker-credential-${helper} printed no JSON for ${registry}; continuing without credentials`);
            return undefined;
        }
        if (!parsed.Secret)
            return undefined;
        this.#remember(parsed.Secret);
        // Username "<token>" marks an identity (refresh) token (docker-credential-helpers).
        if (parsed.Username === '<token>')
            return { identityToken: parsed.Secret, source };
        const c = { password: parsed.Secret, source };
        if (parsed.Username)
            c.username = parsed.Username;
        return c;
    }
}
/** Decode config.json's `auth`: base64 of `user:password`. */
function decodeAuth(auth) {
    let text;
    try {
        text = Buffer.from(auth, 'base64').toString('utf8');
    }
    catch {
        return undefined;
    }
    const colon = text.indexOf(':');
    if (colon <= 0)
        return undefined;
    return { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/\n$/, '') };
}

// EXTERNAL MODULE: ./src/core/registry/repository.ts + 1 modules
var repository = __webpack_require__(4711);
;// CONCATENATED MODULE: ./src/core/registry/client.ts







const MiB = 1024 * 1024;
/** The registry client of a run. */
class RegistryClient {
    http;
    auth;
    credentials;
    /** The run's logger, its lines redacted. */
    logger;
    /** Every credential of the run: what errors and log lines are redacted against. */
    redactor;
    tuning;
    /** Per registry: true when it has the referrers API, false when it does not, absent = unknown. */
    referrersSupport = new Map();
    /** `registry/repository` mount sources that failed this run (no access): not tried again. */
    mountFailed = new Set();
    #progress;
    /** registry → digest → repositories known to hold it (mount sources). */
    #known = new Map();
    constructor(options = {}) {
        const logger = options.logger ?? content/* silentLogger */.qq;
        // One redactor for the whole client: credentials, headers sent, tokens obtained. Each
        // new secret goes on to the front end's logger (::add-mask:: in the action).
        this.redactor = options.redactor ?? new secrets/* Redactor */.pO((s) => logger.secret?.(s));
        this.logger = (0,secrets/* redactingLogger */.S)(logger, this.redactor);
        this.#progress = options.progress;
        this.http = new http/* HttpClient */.Qq({
            insecure: options.insecure ?? [],
            maxSockets: options.maxSockets ?? 8,
            stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
            retry: options.retry ?? {},
            logger: this.logger,
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.random ? { random: options.random } : {}),
            redactor: this.redactor,
        });
        this.credentials = new CredentialStore({
            ...(options.username !== undefined ? { username: options.username } : {}),
            ...(options.password !== undefined ? { password: options.password } : {}),
            ...(options.githubToken !== undefined ? { githubToken: options.githubToken } : {}),
            explicitRegistries: options.explicitRegistries ?? 'all',
            env: options.env ?? process.env,
            ...(options.exec ? { exec: options.exec } : {}),
            logger: this.logger,
            redactor: this.redactor,
        });
        this.auth = new auth/* Authorizer */.SX(this.http, this.credentials, this.logger);
        // One streamed PUT is fastest (registries verify the digest as it arrives; every extra
        // chunk costs a round trip and often a re-read on their side); chunks pay off only
        // for very large blobs, where a broken upload resumes instead of starting over.
        const chunkSize = options.chunkSize ?? 256 * MiB;
        this.tuning = {
            chunkThreshold: options.chunkThreshold ?? 512 * MiB,
            chunkSize,
            concurrency: Math.max(1, options.concurrency ?? 4),
            // GitHub's registry accepts one PATCH per upload, not several (known limitation).
            singleChunkHosts: ['ghcr.io'],
        };
    }
    /** The host serving a registry's API: Docker Hub's is registry-1.docker.io. */
    apiHost(registry) {
        return registry === reference/* DEFAULT_REGISTRY */.sx ? reference/* DOCKER_HUB_API_HOST */.Tz : registry;
    }
    /** A Repository for a reference (`ghcr.io/o/r:t`, `alpine`) or a normalised one. */
    repository(ref, options = {}) {
        const n = typeof ref === 'string' ? (0,reference/* normalize */.S8)(ref) : ref;
        return new repository/* Repository */.LN(this, n.registry, n.repository, options);
    }
    /** Record that `repository` on `registry` holds `digest` (a later push can mount it). */
    remember(registry, repository, digest) {
        let byDigest = this.#known.get(registry);
        if (!byDigest) {
            byDigest = new Map();
            this.#known.set(registry, byDigest);
        }
        let repos = byDigest.get(digest);
        if (!repos) {
            repos = new Set();
            byDigest.set(digest, repos);
        }
        repos.add(repository);
    }
    /** Repositories of `registry` other than `except` known to hold `digest`, most recent first. */
    knownRepositories(registry, digest, except) {
        const repos = this.#known.get(registry)?.get(digest);
        if (!repos)
            return [];
        return [...repos].filter((r) => r !== except).reverse();
    }
    /** A throttled progress callback for one blob (undefined for small blobs or without a sink). */
    progressFor(desc, phase) {
        const sink = this.#progress;
        if (!sink || desc.size < MiB)
            return undefined;
        let last = 0;
        let lastAt = 0;
        return (done) => {
            const now = Date.now();
            if (done === desc.size || done - last >= 8 * MiB || now - lastAt >= 1000) {
                last = done;
                lastAt = now;
                sink({ digest: desc.digest, done, total: desc.size, phase });
            }
        };
    }
    /** Close pooled sockets. */
    close() {
        this.http.close();
    }
}
/** Tuning read from the environment (benchmarks and tests of whole processes). */
function envTuning(env) {
    const num = (name) => {
        const v = env[name];
        if (v === undefined || !/^\d+$/.test(v))
            return undefined;
        return Number(v);
    };
    const out = {};
    const threshold = num('OCI_STORE_CHUNK_THRESHOLD');
    if (threshold !== undefined)
        out.chunkThreshold = threshold;
    const chunk = num('OCI_STORE_CHUNK_SIZE');
    if (chunk !== undefined)
        out.chunkSize = chunk;
    const conc = num('OCI_STORE_CONCURRENCY');
    if (conc !== undefined && conc > 0)
        out.concurrency = conc;
    return out;
}
/**
 * The options of a run's RegistryClient: its inputs and services, the tuning in `run.env`
 * (OCI_STORE_CHUNK_THRESHOLD, OCI_STORE_CHUNK_SIZE, OCI_STORE_CONCURRENCY), then `overrides`.
 */
function runClientOptions(inputs, run, overrides = {}) {
    const o = {
        insecure: inputs.insecure ?? [],
        ...(inputs.explicitRegistries !== undefined ? { explicitRegistries: inputs.explicitRegistries } : {}),
        ...(run.env !== undefined ? { env: run.env } : {}),
        ...(run.logger !== undefined ? { logger: run.logger } : {}),
        ...envTuning(run.env ?? {}),
        ...overrides,
    };
    if (inputs.username !== undefined)
        o.username = inputs.username;
    if (inputs.password !== undefined)
        o.password = inputs.password;
    if (inputs.githubToken !== undefined)
        o.githubToken = inputs.githubToken;
    if (run.exec)
        o.exec = run.exec;
    if (run.progress)
        o.progress = run.progress;
    if (run.signal)
        o.signal = run.signal;
    return o;
}


/***/ })

};
