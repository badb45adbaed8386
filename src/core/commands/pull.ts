/**
 * `pull`: fetch `ref` from its registry into the store (blobs already there are skipped),
 * keeping the platforms of `platform` (the runner's by default, `all` for every one), and
 * tag it by `ref` as written plus every `tags` entry. A `ref` with a digest
 * (`name@sha256:…`) is no tag: the image is kept as an untagged index.json entry, found
 * again by the same ref, and tagged by `tags` only. An index pulled for some platforms
 * is stored byte for byte (its digest is the registry's) with only the selected children.
 */
import { OciError, withInput } from '../errors.js';
import { isDigest } from '../digest.js';
import { Store } from '../layout.js';
import { normalize } from '../reference.js';
import { pullInto, pullPlatforms } from '../pullthrough.js';
import { registryClient } from './registry.js';
import { describeImage } from './metadata.js';
import type { CommandFn } from './types.js';

/** `pull`: registry → store. */
export const pull: CommandFn = async (options, ctx) => {
  const ref = options.ref!;
  if (isDigest(ref)) {
    throw new OciError('INVALID_INPUT', `${ref} names no repository to pull from`, {
      input: 'ref',
      hint: 'write the repository too, e.g. ghcr.io/owner/app@sha256:…',
    });
  }
  const n = normalize(ref, 'ref');
  // A ref with a digest names content, not a tag (docker: `pull name@sha256:…` tags
  // nothing): pullInto keeps the root as an untagged entry instead.
  const tags = [...new Set(n.digest !== undefined ? options.tags : [ref, ...options.tags])];
  const client = registryClient(options, ctx);
  try {
    // Resolve remotely before opening the store: a bad ref leaves no store behind.
    const repo = client.repository(n);
    // GET by tag (not HEAD then GET): the bytes are kept for the copy, one request fewer.
    const root = (await repo.fetchManifest(n.digest ?? n.tag ?? 'latest')).descriptor;
    const store = await Store.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
    const report = await pullInto(client, store, n, {
      root,
      repository: repo,
      platforms: pullPlatforms(options),
      tags,
      input: 'ref',
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    ctx.logger.info(
      `pulled ${ref} (${report.root.digest}): ${report.uploaded} fetched, ${report.skipped} already in the store` +
        (report.omitted.length > 0 ? `, ${report.omitted.length} other platform(s) left out` : ''),
    );
    const metadata = await describeImage(store, report.root);
    return {
      digest: report.root.digest,
      tags,
      metadata,
      store: store.root,
      details: { fetched: report.uploaded, present: report.skipped, bytes: report.uploadedBytes, omittedPlatforms: report.omitted.length },
    };
  } catch (e) {
    throw withInput(e, 'ref');
  } finally {
    client.close();
  }
};
