/**
 * Platforms: parsing `os/arch[/variant]`, the host's, and matching and selection from an
 * image index (image-index.md "platform").
 */
import { OciError, type InputName } from './errors.js';
import { formatPlatform, type Descriptor, type ImageIndex, type Platform } from './types/oci.js';

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', x86: '386', i386: '386', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };
const PLATFORM_RE = /^([a-z0-9_]+)\/([a-z0-9_]+)(?:\/([a-z0-9_]+))?$/;

/** Parse one `os/arch[/variant]`, normalising architecture aliases (x86_64 → amd64). */
export function parsePlatform(value: string, input: InputName = 'platform'): Platform {
  const m = PLATFORM_RE.exec(value.trim().toLowerCase());
  if (!m) {
    throw new OciError('INVALID_PLATFORM', `invalid platform ${JSON.stringify(value)}`, {
      input,
      hint: 'write os/arch[/variant], e.g. linux/amd64 or linux/arm64; several separated by commas',
    });
  }
  const os = m[1]!;
  const architecture = ARCH_ALIASES[m[2]!] ?? m[2]!;
  let variant: string | undefined = m[3];
  if (m[2] === 'armhf') variant ??= 'v7';
  if (m[2] === 'armel') variant ??= 'v6';
  if (architecture === 'arm64' && variant === 'v8') variant = undefined;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  const p: Platform = { os, architecture };
  if (variant) p.variant = variant;
  return p;
}

/** The platform of the machine we run on. */
export function hostPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): Platform {
  const os = platform === 'win32' ? 'windows' : platform;
  const map: Record<string, Platform> = {
    x64: { os, architecture: 'amd64' },
    arm64: { os, architecture: 'arm64' },
    arm: { os, architecture: 'arm', variant: 'v7' },
    ia32: { os, architecture: '386' },
    ppc64: { os, architecture: 'ppc64le' },
    s390x: { os, architecture: 's390x' },
    riscv64: { os, architecture: 'riscv64' },
  };
  return map[arch] ?? { os, architecture: arch };
}

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
