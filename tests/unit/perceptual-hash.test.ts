/** The 64-bit DCT hash finds exact and near-exact copies and keeps different pictures apart. */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodeBytes } from '../../scripts/lib/decode-node.ts';
import { syntheticPhoto } from '../../scripts/lib/synthetic-photos.ts';
import {
  hammingDistance, NEAR_EXACT_MAX_DISTANCE, parsePerceptualHash, perceptualHash, perceptualHashHex,
} from '../../src/lib/duplicates/perceptual-hash.ts';

const SEEDS = [1, 2, 3, 4, 5, 6];

async function hashOf(bytes: Uint8Array | Buffer) {
  return perceptualHash(await decodeBytes(new Uint8Array(bytes)));
}

describe('perceptualHash', () => {
  it('is deterministic and round-trips through its hex form', async () => {
    const photo = await syntheticPhoto(7);
    const a = await hashOf(photo), b = await hashOf(photo);
    expect(a).toEqual(b);
    expect(perceptualHashHex(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(parsePerceptualHash(perceptualHashHex(a))).toEqual(a);
    expect(hammingDistance(a, b)).toBe(0);
  });

  it('barely moves when a photo is re-encoded as a heavy JPEG or resized', async () => {
    for (const seed of SEEDS) {
      const photo = await syntheticPhoto(seed, 640, 480, 92);
      const original = await hashOf(photo);
      const recompressed = await hashOf(await sharp(photo).jpeg({ quality: 25 }).toBuffer());
      const downscaled = await hashOf(await sharp(photo).resize(213, 160).png().toBuffer());
      expect(hammingDistance(original, recompressed)).toBeLessThanOrEqual(NEAR_EXACT_MAX_DISTANCE);
      expect(hammingDistance(original, downscaled)).toBeLessThanOrEqual(NEAR_EXACT_MAX_DISTANCE);
    }
  });

  it('keeps different photos far apart', async () => {
    const hashes = await Promise.all(SEEDS.map(async (s) => hashOf(await syntheticPhoto(s))));
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) expect(hammingDistance(hashes[i], hashes[j])).toBeGreaterThan(NEAR_EXACT_MAX_DISTANCE + 6);
    }
  });

  it('counts differing bits across both halves', () => {
    expect(hammingDistance({ hi: 0, lo: 0 }, { hi: 0xffffffff, lo: 0xffffffff })).toBe(64);
    expect(hammingDistance({ hi: 0x80000001, lo: 0 }, { hi: 0, lo: 0x3 })).toBe(4);
    expect(() => parsePerceptualHash('xyz')).toThrow(RangeError);
  });
});
