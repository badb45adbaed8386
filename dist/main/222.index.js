export const id = 222;
export const ids = [222];
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

/***/ 7906:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ resolveThrough)
/* harmony export */ });
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8971);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6944);


/** Resolve `ref` in `store`, pulling it on a miss with the run's credentials; errors name `input`. */
function resolveThrough(store, ref, options, ctx, input = 'ref') {
    return (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveThrough */ .Az)(store, ref, { platforms: options.platforms, ...(0,_options_js__WEBPACK_IMPORTED_MODULE_1__/* .registryInputs */ .P4)(options) }, ctx, input);
}


/***/ }),

/***/ 222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   tag: () => (/* binding */ tag)
/* harmony export */ });
/* harmony import */ var _convert_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(740);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5154);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7906);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9397);
/**
 * `tag`: point more refs at an image — promote/retag (DESIGN.md §1 use 4). With
 * `push: true`, the dispatcher then pushes to every ref in `tags`.
 */




/** `tag`: resolve `ref` (store first, then its registry), record every ref in `tags`. */
const tag = async (options, ctx) => {
    const store = await _layout_js__WEBPACK_IMPORTED_MODULE_1__.Store.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
    const source = await (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveThrough */ .A)(store, options.ref, options, ctx, 'ref');
    // format: oci — a new OCI manifest for Docker-format content; the source keeps its digest.
    const desc = options.format === 'oci' ? await (0,_convert_js__WEBPACK_IMPORTED_MODULE_0__/* .toOCI */ .Z)(store, source) : source;
    if (desc !== source)
        ctx.logger.info(`converted ${source.digest} (Docker format) to OCI ${desc.digest}`);
    await store.tagMany(desc, options.tags);
    ctx.logger.info(`tagged ${desc.digest} as ${options.tags.join(', ')}`);
    return {
        digest: desc.digest,
        tags: [...options.tags],
        metadata: await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_3__/* .describeImage */ .h)(store, desc),
        store: store.root,
    };
};


/***/ }),

/***/ 740:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ toOCI),
/* harmony export */   t: () => (/* binding */ needsOCIConversion)
/* harmony export */ });
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7736);
/* harmony import */ var _walk_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(670);


/**
 * True when a manifest or index is not plain OCI: Docker schema2 itself, or OCI that lists
 * Docker-typed content (a config, a layer or a child manifest).
 */
async function needsOCIConversion(store, desc) {
    let docker = false;
    // The one graph walk: every descriptor under `desc` once (config, layers, child manifests).
    await (0,_walk_js__WEBPACK_IMPORTED_MODULE_1__/* .walk */ .GG)(store, [desc], async ({ descriptor: d, path }) => {
        if (docker)
            return _walk_js__WEBPACK_IMPORTED_MODULE_1__/* .SKIP_CHILDREN */ .cL; // found: the rest of the queue is only let go
        if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .isDockerMediaType */ .pp)(d.mediaType)) {
            docker = true;
            return _walk_js__WEBPACK_IMPORTED_MODULE_1__/* .SKIP_CHILDREN */ .cL;
        }
        // A child a platform selection left out is judged by its descriptor alone (above).
        const container = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .isManifestMediaType */ .CM)(d.mediaType) || (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .isIndexMediaType */ .$$)(d.mediaType);
        if (path.length > 0 && container && store.exists !== undefined && !(await store.exists(d)))
            return _walk_js__WEBPACK_IMPORTED_MODULE_1__/* .SKIP_CHILDREN */ .cL;
        return undefined;
    });
    return docker;
}
/**
 * The OCI form of a manifest or index: `desc` itself when it is plain OCI already, else a
 * new OCI manifest/index written to the store (children converted the same way). The
 * returned descriptor keeps `desc`'s platform.
 */
async function toOCI(store, desc) {
    if (!(await needsOCIConversion(store, desc)))
        return desc;
    const extra = desc.platform ? { platform: desc.platform } : {};
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .isManifestMediaType */ .CM)(desc.mediaType)) {
        const m = await store.readJSON(desc);
        const out = {
            schemaVersion: 2,
            mediaType: _types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.ImageManifest,
            config: (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .ociDescriptor */ .PM)(m.config),
            layers: (m.layers ?? []).map(_types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .ociDescriptor */ .PM),
        };
        if (m.annotations)
            out.annotations = m.annotations;
        return store.pushJSON(out, _types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.ImageManifest, extra);
    }
    const ix = await store.readJSON(desc);
    const manifests = [];
    for (const child of ix.manifests ?? []) {
        const converted = await toOCI(store, child);
        // The child's descriptor fields (platform, annotations) stay; digest, size and type are the new manifest's.
        manifests.push({ ...child, mediaType: converted.mediaType, digest: converted.digest, size: converted.size });
    }
    const out = { schemaVersion: 2, mediaType: _types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.ImageIndex, manifests };
    if (ix.annotations)
        out.annotations = ix.annotations;
    return store.pushJSON(out, _types_oci_js__WEBPACK_IMPORTED_MODULE_0__/* .MediaType */ .zu.ImageIndex, extra);
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


/***/ })

};
