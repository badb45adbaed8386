/**
 * Main's side of the runner cache: reading an index entry restored into a scratch
 * directory, before its blobs go through the store's verifying put.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageIndex } from '../../core/types/oci.js';

/** The restored entry's index.json (and its text, counted in the restored bytes); throws when the entry is not an OCI layout. */
export async function readIndexEntry(dir: string): Promise<{ index: ImageIndex; indexText: string }> {
  let layout: { imageLayoutVersion?: string } | undefined;
  try {
    layout = JSON.parse(await readFile(join(dir, 'oci-layout'), 'utf8')) as { imageLayoutVersion?: string };
  } catch {
    layout = undefined;
  }
  if (layout?.imageLayoutVersion !== '1.0.0') throw new Error(`unsupported oci-layout ${JSON.stringify(layout)}`);
  const indexText = await readFile(join(dir, 'index.json'), 'utf8');
  const index = JSON.parse(indexText) as ImageIndex;
  if (!Array.isArray(index.manifests)) throw new Error('index.json has no manifests');
  return { index, indexText };
}
