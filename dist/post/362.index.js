export const id = 362;
export const ids = [362];
export const modules = {

/***/ 362:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   indexImage: () => (/* binding */ indexImage)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5543);
/* harmony import */ var _ingest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2674);
/* harmony import */ var _layout_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5154);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8971);
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7906);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5378);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7736);
/* harmony import */ var _metadata_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9397);
/**
 * `index`: assemble an image index from the images `ref` lists — `docker buildx imagetools
 * create` without Docker (DESIGN.md §1 use 6, §2). The fan-in step of a matrix: each job
 * pushes its platform's image by digest, one job lists those digests here and pushes the
 * multi-platform index.
 *
 * - A ref is a store tag, `name@sha256:…`, or a remote ref pulled through the store (every
 *   platform of an index). An index among them contributes its manifests.
 * - Every child descriptor carries its platform: the one it was listed with, else the
 *   image config's (image-index.md "platform": os, architecture, variant, os.version).
 * - Two children for one platform are refused, unless they are the same manifest (kept
 *   once). Children without a platform, or `unknown/unknown` (buildx's attestation
 *   manifests), are not compared.
 * - Annotations: `index:` and unprefixed keys (and `manifest:`, there being no manifest to
 *   hold them; imagetools' default level is the index too) on the index;
 *   `manifest-descriptor:` on every child descriptor.
 * - The result is an OCI image index (it may list Docker schema 2 manifests, which
 *   registries, containerd and skopeo accept), written to the store and tagged with `tags`.
 *
 * Reference: image-spec image-index.md.
 */









/** Config media types that carry a platform. */
const IMAGE_CONFIG_TYPES = new Set([_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .MediaType */ .zu.ImageConfig, _types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .MediaType */ .zu.DockerConfig]);
function namesRegistry(ref) {
    try {
        return (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .hasRegistry */ .qY)(ref);
    }
    catch {
        return false;
    }
}
/**
 * Resolve one listed ref: a store tag or a digest the store has, as it has it; a remote ref
 * (or a name the store lacks) pulled through with every platform, so an index contributes
 * all of them. `repo@digest` (a matrix job's output) is pulled without a store tag: the
 * new index's tags keep it.
 */
async function resolveRef(store, ref, options, ctx) {
    const pinned = !(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(ref) && (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .parseReference */ .F2)(ref, 'ref').digest !== undefined;
    if (!namesRegistry(ref) || pinned) {
        try {
            return await store.resolve(ref);
        }
        catch (e) {
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e, 'NOT_FOUND') || (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(ref))
                throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, 'ref');
        }
    }
    if (!pinned)
        return (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_5__/* .resolveThrough */ .A)(store, ref, { ...options, platforms: 'all' }, ctx, 'ref');
    const { registryClient } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(72)]).then(__webpack_require__.bind(__webpack_require__, 1691));
    const client = registryClient(options, ctx);
    try {
        const report = await (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_4__/* .pullInto */ ._6)(client, store, (0,_reference_js__WEBPACK_IMPORTED_MODULE_6__/* .normalize */ .S8)(ref, 'ref'), { platforms: 'all', tags: [], input: 'ref', ...(ctx.signal ? { signal: ctx.signal } : {}) });
        ctx.logger.info(`pulled ${ref} into the store`);
        return report.root;
    }
    catch (e) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, 'ref');
    }
    finally {
        client.close();
    }
}
/** The platform an image manifest's config states, when the store can read it. */
async function configPlatform(store, manifest) {
    if (!(await store.exists(manifest)))
        return undefined;
    const m = await store.readJSON(manifest);
    if (!m.config || !IMAGE_CONFIG_TYPES.has(m.config.mediaType))
        return undefined;
    const c = await store.readJSON(m.config);
    if (typeof c.os !== 'string' || typeof c.architecture !== 'string')
        return undefined;
    const p = { architecture: c.architecture, os: c.os };
    if (typeof c['os.version'] === 'string')
        p['os.version'] = c['os.version'];
    if (Array.isArray(c['os.features']) && c['os.features'].length > 0)
        p['os.features'] = c['os.features'];
    if (typeof c.variant === 'string' && c.variant !== '')
        p.variant = c.variant;
    return p;
}
/** A key equal for platforms an engine cannot tell apart (arm's implied v7, arm64's v8). */
function platformKey(p) {
    if (p.os === 'unknown' && p.architecture === 'unknown')
        return undefined;
    let variant = p.variant;
    if (p.architecture === 'arm')
        variant ??= 'v7';
    if (p.architecture === 'arm64' && variant === 'v8')
        variant = undefined;
    return `${p.os}/${p.architecture}/${variant ?? ''}/${p['os.version'] ?? ''}`;
}
/** The children one listed ref contributes: its manifests for an index, itself for a manifest. */
async function childrenOf(store, ref, root) {
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .isIndexMediaType */ .$$)(root.mediaType)) {
        const index = await store.readJSON(root);
        return (index.manifests ?? []).map((descriptor) => ({ descriptor: { ...descriptor }, from: ref }));
    }
    if (!(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .isManifestMediaType */ .CM)(root.mediaType)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('UNSUPPORTED_MEDIA_TYPE', `${ref} is a ${root.mediaType}, not an image or an index`, {
            input: 'ref',
            hint: 'list images (manifests) or indexes in ref',
        });
    }
    const descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.size };
    if (root.artifactType !== undefined)
        descriptor.artifactType = root.artifactType;
    if (root.platform !== undefined)
        descriptor.platform = root.platform;
    return [{ descriptor, from: ref }];
}
/** `index` command. */
const indexImage = async (options, ctx) => {
    const refs = options.refs ?? [];
    const store = await _layout_js__WEBPACK_IMPORTED_MODULE_3__.Store.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
    const children = [];
    for (const ref of refs)
        children.push(...(await childrenOf(store, ref, await resolveRef(store, ref, options, ctx))));
    const descAnnotations = (0,_ingest_js__WEBPACK_IMPORTED_MODULE_2__/* .annotationsAt */ .wv)(options.annotations, 'manifest-descriptor');
    const manifests = [];
    const byDigest = new Map();
    const byPlatform = new Map();
    for (const child of children) {
        const d = child.descriptor;
        if (byDigest.has(d.digest))
            continue; // listed twice (or by two indexes): once is enough
        byDigest.set(d.digest, child);
        if (d.platform === undefined && (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .isManifestMediaType */ .CM)(d.mediaType)) {
            const p = await configPlatform(store, d);
            if (p !== undefined)
                d.platform = p;
        }
        const key = d.platform !== undefined ? platformKey(d.platform) : undefined;
        if (key !== undefined) {
            const other = byPlatform.get(key);
            if (other !== undefined) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', `two images for platform ${(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .formatPlatform */ .Bq)(d.platform)}: ${other.descriptor.digest} (from ${other.from}) and ${d.digest} (from ${child.from})`, { input: 'ref', hint: 'list one image per platform; an index holds one manifest for each' });
            }
            byPlatform.set(key, child);
        }
        if (Object.keys(descAnnotations).length > 0)
            d.annotations = { ...d.annotations, ...descAnnotations };
        manifests.push(d);
    }
    const index = {
        schemaVersion: 2,
        mediaType: _types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .MediaType */ .zu.ImageIndex,
        manifests,
        annotations: sortedKeys({
            ...(0,_ingest_js__WEBPACK_IMPORTED_MODULE_2__/* .standardAnnotations */ .W9)(ctx.env, (0,_ingest_js__WEBPACK_IMPORTED_MODULE_2__/* .buildTime */ .aD)(ctx.env)),
            ...(0,_ingest_js__WEBPACK_IMPORTED_MODULE_2__/* .annotationsAt */ .wv)(options.annotations, 'manifest'),
            ...(0,_ingest_js__WEBPACK_IMPORTED_MODULE_2__/* .annotationsAt */ .wv)(options.annotations, 'index'),
        }),
    };
    const desc = await store.pushJSON(index, _types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .MediaType */ .zu.ImageIndex);
    // Children the store lacks (an index listed by a store tag, pulled for some platforms):
    // recorded as left out on purpose, so verify does not call them missing.
    const absent = [];
    for (const m of manifests)
        if (!(await store.exists(m)))
            absent.push(m);
    await store.tagMany(desc, options.tags, absent.length > 0 ? { omitted: absent } : {});
    const platforms = manifests.filter((m) => m.platform && platformKey(m.platform)).map((m) => (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .formatPlatform */ .Bq)(m.platform));
    ctx.logger.info(`assembled index ${desc.digest} of ${manifests.length} manifest(s)${platforms.length > 0 ? ` (${platforms.join(', ')})` : ''}`);
    return {
        digest: desc.digest,
        tags: [...options.tags],
        metadata: await (0,_metadata_js__WEBPACK_IMPORTED_MODULE_8__/* .describeImage */ .h)(store, desc),
        store: store.root,
    };
};
/** Keys sorted, so the index's bytes (and digest) do not depend on input order. */
function sortedKeys(rec) {
    const out = {};
    for (const k of Object.keys(rec).sort())
        out[k] = rec[k];
    return out;
}


/***/ })

};
