/**
 * `ingest`: build outputs (`layers`) → an image (optionally on a `base`, one per
 * `platform` under an index) or an OCI artifact (`artifact-type`), tagged with `tags`.
 */
import { OciError } from '../errors.js';
import {
  ingestArtifact,
  ingestImage,
  ingestIndex,
  type IngestParams,
} from '../ingest.js';
import { Store } from '../layout.js';
import { hostPlatform, type Options } from './options.js';
import { selectManifests } from '../platform.js';
import { resolveThrough } from './pullthrough.js';
import {
  MediaType,
  formatPlatform,
  isIndexMediaType,
  isManifestMediaType,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type Manifest,
  type Platform,
} from '../types/oci.js';
import { describeImage } from './metadata.js';
import type { CommandFn, RunContext } from './types.js';

/** The base image's manifest and config for one platform. */
async function loadBase(store: Store, options: Options, ctx: RunContext, root: Descriptor, platform: Platform): Promise<NonNullable<IngestParams['base']>> {
  let desc = root;
  if (isIndexMediaType(desc.mediaType)) {
    const index = await store.readJSON<ImageIndex>(desc);
    desc = selectManifests(index, [platform], 'base')[0]!;
  }
  if (!isManifestMediaType(desc.mediaType)) {
    throw new OciError('UNSUPPORTED_MEDIA_TYPE', `base ${options.base} is a ${desc.mediaType}, not an image`, {
      input: 'base',
      hint: 'use an image (or an index of images) as base, or scratch',
    });
  }
  const manifest = await store.readJSON<Manifest>(desc);
  const cfgType = manifest.config?.mediaType;
  if (cfgType !== MediaType.ImageConfig && cfgType !== MediaType.DockerConfig) {
    throw new OciError('UNSUPPORTED_MEDIA_TYPE', `base ${options.base} is not a container image (config ${cfgType})`, {
      input: 'base',
      hint: 'use a container image as base, or scratch',
    });
  }
  const config = await store.readJSON<ImageConfig>(manifest.config);
  if (config.os !== platform.os || config.architecture !== platform.architecture) {
    ctx.logger.warning(`base ${options.base} is ${config.os}/${config.architecture}, the image being built is ${formatPlatform(platform)}`);
  }
  return { descriptor: desc, manifest, config, name: options.base! };
}

/** `ingest` command. */
export const ingest: CommandFn = async (options, ctx) => {
  if (options.platforms === 'all') {
    throw new OciError('INVALID_INPUT', '"all" only selects platforms on pull and unpack', { input: 'platform', hint: 'list the platforms to build' });
  }
  const platforms = options.platforms.length > 0 ? options.platforms : [hostPlatform()];
  const store = await Store.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });

  const common = (platform: Platform): IngestParams => {
    const p: IngestParams = {
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
    if (ctx.progress) p.progress = ctx.progress;
    return p;
  };

  let desc: Descriptor;
  if (options.artifactType !== undefined) {
    if (options.base !== undefined) {
      throw new OciError('INVALID_INPUT', 'an artifact has no base image', { input: 'base', hint: 'remove base, or remove artifact-type to build an image' });
    }
    if (platforms.length > 1) {
      throw new OciError('INVALID_INPUT', 'an artifact is built for one platform', { input: 'platform', hint: 'give at most one platform with artifact-type' });
    }
    desc = await ingestArtifact(store, { ...common(platforms[0]!), artifactType: options.artifactType });
  } else {
    const baseRoot = options.base !== undefined ? await resolveThrough(store, options.base, options, ctx, 'base') : undefined;
    const withBase = async (platform: Platform): Promise<IngestParams> => {
      const p = common(platform);
      if (baseRoot) p.base = await loadBase(store, options, ctx, baseRoot, platform);
      return p;
    };
    if (platforms.length === 1) {
      desc = await ingestImage(store, await withBase(platforms[0]!));
    } else {
      const per: Array<{ platform: Platform; params: IngestParams }> = [];
      for (const platform of platforms) per.push({ platform, params: await withBase(platform) });
      desc = await ingestIndex(store, per, ctx.env, options.annotations);
    }
  }
  // The tag entries in index.json carry the plain descriptor (platform kept for images).
  await store.tagMany(desc, options.tags);
  return {
    digest: desc.digest,
    tags: options.tags,
    metadata: await describeImage(store, desc),
    store: store.root,
  };
};
