export const id = 138;
export const ids = [138];
export const modules = {

/***/ 2138:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   inspect: () => (/* binding */ inspect)
/* harmony export */ });
/* harmony import */ var _convert_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(740);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5154);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7736);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9397);
/**
 * `inspect`: without `ref`, list every tag; with `ref`, describe one image (the
 * `metadata` output, plus a summary of its manifest and config in `details`).
 */





/** Said of a Docker-format tag: who cannot read it, and the way out (README "Docker-format content"). */
const DOCKER_FORMAT_NOTE = 'Docker-format (schema2) content: readers of oci: layouts (skopeo, podman, umoci) do not see it; ' +
    'command tag with format: oci writes it as a new OCI manifest under the tags you name';
/** What `details` says of a manifest and its config. */
async function summarize(store, desc) {
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .isManifestMediaType */ .CM)(desc.mediaType)) {
        const m = await store.readJSON(desc);
        const out = {
            manifest: {
                mediaType: m.mediaType ?? desc.mediaType,
                ...(m.artifactType !== undefined ? { artifactType: m.artifactType } : {}),
                config: m.config,
                layers: m.layers?.length ?? 0,
                ...(m.subject ? { subject: m.subject } : {}),
                ...(m.annotations ? { annotations: m.annotations } : {}),
            },
        };
        try {
            if (m.config.size <= 4 * 1024 * 1024 && /json/.test(m.config.mediaType)) {
                const c = await store.readJSON(m.config);
                const cc = c.config ?? {};
                const summary = {};
                for (const [k, v] of Object.entries({
                    created: c.created,
                    os: c.os,
                    architecture: c.architecture,
                    variant: c.variant,
                    user: cc.User,
                    workdir: cc.WorkingDir,
                    entrypoint: cc.Entrypoint,
                    cmd: cc.Cmd,
                    env: cc.Env,
                    labels: cc.Labels,
                    exposedPorts: cc.ExposedPorts ? Object.keys(cc.ExposedPorts) : undefined,
                })) {
                    if (v !== undefined && v !== null)
                        summary[k] = v;
                }
                if (Object.keys(summary).length > 0)
                    out.config = summary;
            }
        }
        catch (e) {
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isOciError */ .eq)(e))
                throw e;
            out.config = { unavailable: e.message };
        }
        return out;
    }
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .isIndexMediaType */ .$$)(desc.mediaType)) {
        const ix = await store.readJSON(desc);
        return {
            index: {
                mediaType: ix.mediaType ?? desc.mediaType,
                ...(ix.artifactType !== undefined ? { artifactType: ix.artifactType } : {}),
                manifests: ix.manifests.map((m) => ({
                    digest: m.digest,
                    mediaType: m.mediaType,
                    size: m.size,
                    ...(m.platform ? { platform: m.platform } : {}),
                    ...(m.annotations ? { annotations: m.annotations } : {}),
                })),
                ...(ix.annotations ? { annotations: ix.annotations } : {}),
            },
        };
    }
    return {};
}
/** `inspect`: list tags (no `ref`), or describe the image `ref` names. */
const inspect = async (options, ctx) => {
    let store;
    try {
        store = await _layout_js__WEBPACK_IMPORTED_MODULE_2__/* .Store */ .il.open(options.store, { create: false, logger: ctx.logger, fallback: ctx.fallback });
    }
    catch (e) {
        // Listing a store that does not exist yet is an empty list, not an error (and no side effect).
        if (options.ref === undefined && (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isOciError */ .eq)(e, 'NOT_FOUND')) {
            return { tags: [], store: options.store, details: { tags: [] } };
        }
        throw e;
    }
    if (options.ref === undefined) {
        const tags = (await store.listTags()).map(({ ref, descriptor: d }) => ({
            ref,
            digest: d.digest,
            mediaType: d.mediaType,
            size: d.size,
            ...(d.platform ? { platform: d.platform } : {}),
            // Only said of the exception: oci: readers do not see these (README "Docker-format content").
            ...((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_3__/* .isDockerMediaType */ .pp)(d.mediaType) ? { format: 'docker' } : {}),
        }));
        return { tags: [], store: store.root, details: { tags } };
    }
    let desc;
    try {
        desc = await store.resolve(options.ref);
    }
    catch (e) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .withInput */ .zE)(e, 'ref');
    }
    const metadata = await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_4__/* .describeImage */ .h)(store, desc);
    const refs = await store.tagsOf(desc.digest);
    const format = (await (0,_convert_js__WEBPACK_IMPORTED_MODULE_0__/* .needsOCIConversion */ .t)(store, desc)) ? 'docker' : 'oci';
    if (format === 'docker')
        ctx.logger.info(`${options.ref} is ${DOCKER_FORMAT_NOTE}`);
    return {
        digest: desc.digest,
        tags: [],
        metadata,
        store: store.root,
        details: {
            ref: options.ref,
            tags: refs,
            format,
            ...(format === 'docker' ? { note: DOCKER_FORMAT_NOTE } : {}),
            ...(await summarize(store, desc)),
        },
    };
};


/***/ }),

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


/***/ })

};
