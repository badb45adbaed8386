/**
 * Post's side of the runner cache: the files of an index entry (DESIGN.md §3) — an OCI
 * layout with the small blobs, the ledger, the tag uses and where pushed blobs went.
 */
import { existsSync } from 'node:fs';
import { copyFile, link, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SOURCES_FILE } from '../../core/sources.js';
import type { ImageIndex } from '../../core/types/oci.js';
import type { TagUses } from '../retention.js';
import type { Ledger } from './keys.js';

/**
 * Write the index entry's files into `dir` (which exists with `blobs/sha256`), linking
 * the small blobs from the store at `root`. The entry's size in bytes.
 */
export async function writeIndexEntry(dir: string, root: string, index: ImageIndex, small: Iterable<string>, ledger: Ledger, uses: TagUses): Promise<number> {
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const indexText = JSON.stringify(index);
  await writeFile(join(dir, 'index.json'), indexText);
  await ledger.save(join(dir, 'ledger.json'));
  await uses.save(join(dir, 'tags.json'));
  let bytes = indexText.length;
  const sources = join(root, SOURCES_FILE);
  if (existsSync(sources)) {
    await copyFile(sources, join(dir, SOURCES_FILE));
    bytes += (await stat(sources)).size;
  }
  for (const digest of small) {
    const [alg, hex] = digest.split(':');
    if (alg !== 'sha256') continue;
    const src = join(root, 'blobs', alg, hex!);
    const dst = join(dir, 'blobs', alg, hex!);
    await link(src, dst).catch(() => copyFile(src, dst));
    bytes += (await stat(dst)).size;
  }
  return bytes;
}
