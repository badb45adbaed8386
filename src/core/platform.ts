/**
 * Platform matching and selection from an image index (image-index.md "platform").
 */
import { OciError } from './errors.js';
import type { InputName } from './options.js';
import { formatPlatform, type Descriptor, type ImageIndex, type Platform } from './types/oci.js';

/** The variant an architecture implies when none is written (containerd's normalisation). */
function defaultVariant(architecture: string): string | undefined {
  return architecture === 'arm' ? 'v7' : undefined;
}

/**
 * True when an image of platform `have` satisfies the wanted platform: same os and
 * architecture, and the same variant when the wanted one names a variant.
 */
export function platformMatches(want: Platform, have: Platform): boolean {
  if (want.os !== have.os || want.architecture !== have.architecture) return false;
  const wantVariant = want.variant ?? defaultVariant(want.architecture);
  if (wantVariant === undefined) return true;
  const haveVariant = have.variant ?? defaultVariant(have.architecture);
  return wantVariant === haveVariant;
}

/**
 * The manifests of `index` to act on: every one for `all`; otherwise, for each wanted
 * platform, the first matching manifest (in index order). Throws PLATFORM_NOT_FOUND listing
 * what the index holds when a wanted platform has no match.
 */
export function selectManifests(index: ImageIndex, want: Platform[] | 'all', input: InputName = 'platform'): Descriptor[] {
  if (want === 'all') return index.manifests.slice();
  const out: Descriptor[] = [];
  for (const w of want) {
    const found = index.manifests.find((m) => m.platform !== undefined && platformMatches(w, m.platform));
    if (!found) {
      const have = index.manifests.filter((m) => m.platform).map((m) => formatPlatform(m.platform!));
      throw new OciError('PLATFORM_NOT_FOUND', `no manifest for platform ${formatPlatform(w)} in the index`, {
        input,
        hint: have.length > 0 ? `the index holds ${[...new Set(have)].join(', ')}; set platform to one of them (or all)` : 'the index names no platforms',
      });
    }
    if (!out.includes(found)) out.push(found);
  }
  return out;
}
