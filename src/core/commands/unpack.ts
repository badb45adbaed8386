/**
 * `unpack`: an image (`ref`) → a directory (`path`). From an index, the `platform`
 * selection (default: this machine's); several platforms (or `all`) unpack each into
 * `path/<os>-<arch>[-<variant>]`.
 */
import { join } from 'node:path';
import { OciError } from '../errors.js';
import { Store } from '../layout.js';
import { hostPlatform } from './options.js';
import { selectManifests } from '../platform.js';
import { resolveThrough } from './pullthrough.js';
import { isIndexMediaType, isManifestMediaType, SCHEMA1_MEDIA_TYPES, type Descriptor, type ImageIndex } from '../types/oci.js';
import { unpackManifest, type UnpackOptions } from '../unpack.js';
import { describeImage } from './metadata.js';
import type { CommandFn } from './types.js';

/** `unpack` command. */
export const unpack: CommandFn = async (options, ctx) => {
  const store = await Store.open(options.store, { logger: ctx.logger, create: false, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
  const root = await resolveThrough(store, options.ref!, options, ctx, 'ref');
  if (SCHEMA1_MEDIA_TYPES.has(root.mediaType)) {
    throw new OciError('UNSUPPORTED_MEDIA_TYPE', `${options.ref} is a Docker schema 1 manifest`, { input: 'ref', hint: 'schema 1 images are deprecated; rebuild or re-push the image' });
  }
  let targets: Array<{ desc: Descriptor; path: string }>;
  if (isIndexMediaType(root.mediaType)) {
    const index = await store.readJSON<ImageIndex>(root);
    const want = options.platforms === 'all' || options.platforms.length > 0 ? options.platforms : [hostPlatform()];
    const chosen = selectManifests(index, want, 'platform');
    if (chosen.length === 1 && want !== 'all') {
      targets = [{ desc: chosen[0]!, path: options.path! }];
    } else {
      targets = chosen.map((d, i) => ({
        desc: d,
        path: join(options.path!, d.platform ? [d.platform.os, d.platform.architecture, d.platform.variant].filter(Boolean).join('-') : `manifest-${i}`),
      }));
    }
  } else if (isManifestMediaType(root.mediaType)) {
    targets = [{ desc: root, path: options.path! }];
  } else {
    throw new OciError('UNSUPPORTED_MEDIA_TYPE', `${options.ref} is a ${root.mediaType}, not an image`, { input: 'ref', hint: 'unpack takes an image, an index of images, or a file artifact' });
  }
  for (const t of targets) {
    if (!isManifestMediaType(t.desc.mediaType)) {
      throw new OciError('UNSUPPORTED_MEDIA_TYPE', `${t.desc.digest} in ${options.ref} is a ${t.desc.mediaType}, not an image manifest`, { input: 'ref', hint: 'nested indexes are not supported by unpack' });
    }
  }
  const uopts: UnpackOptions = { logger: ctx.logger, overwrite: options.overwrite === true, sameOwner: options.sameOwner === true };
  if (ctx.progress) uopts.progress = ctx.progress;
  if (ctx.signal) uopts.signal = ctx.signal;
  let entries = 0;
  let skipped = 0;
  for (const t of targets) {
    const r = await unpackManifest(store, t.desc, t.path, uopts);
    entries += r.entries;
    skipped += r.skipped;
    ctx.logger.info(`unpacked ${t.desc.digest} (${r.layers} layers, ${r.entries} entries) into ${t.path}`);
  }
  return {
    digest: root.digest,
    tags: [],
    metadata: await describeImage(store, root),
    store: store.root,
    details: { path: options.path, unpacked: targets.map((t) => ({ digest: t.desc.digest, path: t.path })), entries, skipped },
  };
};
