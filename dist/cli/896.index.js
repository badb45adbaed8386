export const id = 896;
export const ids = [896];
export const modules = {

/***/ 4896:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ingest: () => (/* binding */ ingest)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _ingest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2674);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5154);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6944);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(692);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7906);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7736);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9397);
/**
 * `ingest`: build outputs (`layers`) → an image (optionally on a `base`, one per
 * `platform` under an index) or an OCI artifact (`artifact-type`), tagged with `tags`.
 */








/** The base image's manifest and config for one platform. */
async function loadBase(store, options, ctx, root, platform) {
    let desc = root;
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .isIndexMediaType */ .$$)(desc.mediaType)) {
        const index = await store.readJSON(desc);
        desc = (0,_platform_js__WEBPACK_IMPORTED_MODULE_4__/* .selectManifests */ .$d)(index, [platform], 'base')[0];
    }
    if (!(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .isManifestMediaType */ .CM)(desc.mediaType)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('UNSUPPORTED_MEDIA_TYPE', `base ${options.base} is a ${desc.mediaType}, not an image`, {
            input: 'base',
            hint: 'use an image (or an index of images) as base, or scratch',
        });
    }
    const manifest = await store.readJSON(desc);
    const cfgType = manifest.config?.mediaType;
    if (cfgType !== _types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .MediaType */ .zu.ImageConfig && cfgType !== _types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .MediaType */ .zu.DockerConfig) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('UNSUPPORTED_MEDIA_TYPE', `base ${options.base} is not a container image (config ${cfgType})`, {
            input: 'base',
            hint: 'use a container image as base, or scratch',
        });
    }
    const config = await store.readJSON(manifest.config);
    if (config.os !== platform.os || config.architecture !== platform.architecture) {
        ctx.logger.warning(`base ${options.base} is ${config.os}/${config.architecture}, the image being built is ${(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_6__/* .formatPlatform */ .Bq)(platform)}`);
    }
    return { descriptor: desc, manifest, config, name: options.base };
}
/** `ingest` command. */
const ingest = async (options, ctx) => {
    if (options.platforms === 'all') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', '"all" only selects platforms on pull and unpack', { input: 'platform', hint: 'list the platforms to build' });
    }
    const platforms = options.platforms.length > 0 ? options.platforms : [(0,_options_js__WEBPACK_IMPORTED_MODULE_3__/* .hostPlatform */ .ol)()];
    const store = await _layout_js__WEBPACK_IMPORTED_MODULE_2__/* .Store */ .il.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
    const common = (platform) => {
        const p = {
            layers: options.layers,
            workspace: ctx.workspace,
            compression: options.compression,
            platform,
            env: ctx.env,
            logger: ctx.logger,
            imageConfig: {
                env: options.env,
                labels: options.labels,
                ...(options.entrypoint !== undefined ? { entrypoint: options.entrypoint } : {}),
                ...(options.cmd !== undefined ? { cmd: options.cmd } : {}),
                ...(options.workdir !== undefined ? { workdir: options.workdir } : {}),
                ...(options.user !== undefined ? { user: options.user } : {}),
            },
            annotations: options.annotations,
        };
        if (ctx.progress)
            p.progress = ctx.progress;
        return p;
    };
    let desc;
    if (options.artifactType !== undefined) {
        if (options.base !== undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', 'an artifact has no base image', { input: 'base', hint: 'remove base, or remove artifact-type to build an image' });
        }
        if (platforms.length > 1) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', 'an artifact is built for one platform', { input: 'platform', hint: 'give at most one platform with artifact-type' });
        }
        desc = await (0,_ingest_js__WEBPACK_IMPORTED_MODULE_1__/* .ingestArtifact */ .Rz)(store, { ...common(platforms[0]), artifactType: options.artifactType });
    }
    else {
        const baseRoot = options.base !== undefined ? await (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveThrough */ .A)(store, options.base, options, ctx, 'base') : undefined;
        const withBase = async (platform) => {
            const p = common(platform);
            if (baseRoot)
                p.base = await loadBase(store, options, ctx, baseRoot, platform);
            return p;
        };
        if (platforms.length === 1) {
            desc = await (0,_ingest_js__WEBPACK_IMPORTED_MODULE_1__/* .ingestImage */ .iD)(store, await withBase(platforms[0]));
        }
        else {
            const per = [];
            for (const platform of platforms)
                per.push({ platform, params: await withBase(platform) });
            desc = await (0,_ingest_js__WEBPACK_IMPORTED_MODULE_1__/* .ingestIndex */ .Z5)(store, per, ctx.env, options.annotations);
        }
    }
    // The tag entries in index.json carry the plain descriptor (platform kept for images).
    await store.tagMany(desc, options.tags);
    return {
        digest: desc.digest,
        tags: options.tags,
        metadata: await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_7__/* .describeImage */ .h)(store, desc),
        store: store.root,
    };
};


/***/ })

};
