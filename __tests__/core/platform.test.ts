import { describe, expect, test } from '@jest/globals';
import { platformMatches, selectManifests } from '../../src/core/platform.js';
import { MediaType, type ImageIndex } from '../../src/core/types/oci.js';

const d = (n: number, platform?: { os: string; architecture: string; variant?: string }) => ({
  mediaType: MediaType.ImageManifest,
  digest: 'sha256:' + String(n).repeat(64).slice(0, 64),
  size: 1,
  ...(platform ? { platform } : {}),
});

const index: ImageIndex = {
  schemaVersion: 2,
  manifests: [
    d(1, { os: 'linux', architecture: 'amd64' }),
    d(2, { os: 'linux', architecture: 'arm', variant: 'v6' }),
    d(3, { os: 'linux', architecture: 'arm' }),
    d(4, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    d(5),
  ],
};

describe('matching', () => {
  test('variant rules', () => {
    expect(platformMatches({ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' })).toBe(true);
    expect(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm' })).toBe(true);
    expect(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' })).toBe(false);
    expect(platformMatches({ os: 'windows', architecture: 'amd64' }, { os: 'linux', architecture: 'amd64' })).toBe(false);
  });
});

describe('selection', () => {
  test('all keeps every manifest', () => {
    expect(selectManifests(index, 'all')).toHaveLength(5);
  });
  test('picks the first match per platform', () => {
    expect(selectManifests(index, [{ os: 'linux', architecture: 'arm', variant: 'v7' }]).map((m) => m.digest)).toEqual([index.manifests[2]!.digest]);
    expect(selectManifests(index, [{ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'amd64' }])).toHaveLength(2);
  });
  test('a missing platform lists what exists', () => {
    expect(() => selectManifests(index, [{ os: 'linux', architecture: 's390x' }])).toThrow(
      expect.objectContaining({ code: 'PLATFORM_NOT_FOUND', input: 'platform', hint: expect.stringContaining('linux/amd64') }),
    );
  });
});
