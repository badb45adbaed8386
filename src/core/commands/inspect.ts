/**
 * `inspect`: without `ref`, list every tag; with `ref`, describe one image (the
 * `metadata` output, plus a summary of its manifest and config in `details`).
 */
import { needsOCIConversion } from '../convert.js';
import { isOciError, withInput } from '../errors.js';
import { Store } from '../layout.js';
import {
  isDockerMediaType,
  isIndexMediaType,
  isManifestMediaType,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type Manifest,
} from '../types/oci.js';
import { describeImage } from './metadata.js';
import type { CommandFn } from './types.js';

/** Said of a Docker-format tag: who cannot read it, and the way out (README "Docker-format content"). */
const DOCKER_FORMAT_NOTE =
  'Docker-format (schema2) content: readers of oci: layouts (skopeo, podman, umoci) do not see it; ' +
  'command tag with format: oci writes it as a new OCI manifest under the tags you name';

/** What `details` says of a manifest and its config. */
async function summarize(store: Store, desc: Descriptor): Promise<Record<string, unknown>> {
  if (isManifestMediaType(desc.mediaType)) {
    const m = await store.readJSON<Manifest>(desc);
    const out: Record<string, unknown> = {
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
        const c = await store.readJSON<ImageConfig>(m.config);
        const cc = c.config ?? {};
        const summary: Record<string, unknown> = {};
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
          if (v !== undefined && v !== null) summary[k] = v;
        }
        if (Object.keys(summary).length > 0) out.config = summary;
      }
    } catch (e) {
      if (!isOciError(e)) throw e;
      out.config = { unavailable: (e as Error).message };
    }
    return out;
  }
  if (isIndexMediaType(desc.mediaType)) {
    const ix = await store.readJSON<ImageIndex>(desc);
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
export const inspect: CommandFn = async (options, ctx) => {
  let store: Store;
  try {
    store = await Store.open(options.store, { create: false, logger: ctx.logger, fallback: ctx.fallback });
  } catch (e) {
    // Listing a store that does not exist yet is an empty list, not an error (and no side effect).
    if (options.ref === undefined && isOciError(e, 'NOT_FOUND')) {
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
      ...(isDockerMediaType(d.mediaType) ? { format: 'docker' } : {}),
    }));
    return { tags: [], store: store.root, details: { tags } };
  }
  let desc;
  try {
    desc = await store.resolve(options.ref);
  } catch (e) {
    throw withInput(e, 'ref');
  }
  const metadata = await describeImage(store, desc);
  const refs = await store.tagsOf(desc.digest);
  const format = (await needsOCIConversion(store, desc)) ? 'docker' : 'oci';
  if (format === 'docker') ctx.logger.info(`${options.ref} is ${DOCKER_FORMAT_NOTE}`);
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
