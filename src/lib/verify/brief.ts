import { DESCRIPTOR_BITS, DESCRIPTOR_WORDS } from './brief-pattern.ts';
import type { GrayImage } from './gray.ts';

/**
 * Rotated BRIEF: bit i of the descriptor at (x, y) says whether the smoothed image is darker at
 * the first point of pair i than at the second, with the pattern turned by the keypoint's angle.
 * Writes DESCRIPTOR_WORDS words into `out` at `offset`. The caller keeps (x, y) at least the
 * pattern's radius from every edge.
 */
export function briefDescriptor(smooth: GrayImage, pattern: Int8Array, x: number, y: number, angle: number, out: Uint32Array, offset: number): void {
  const { width: w, data } = smooth;
  const c = Math.cos(angle), s = Math.sin(angle);
  const centre = y * w + x;
  for (let word = 0; word < DESCRIPTOR_WORDS; word++) {
    let bits = 0;
    for (let bit = 0; bit < 32; bit++) {
      const j = (word * 32 + bit) * 4;
      const ax = pattern[j], ay = pattern[j + 1], bx = pattern[j + 2], by = pattern[j + 3];
      const pa = centre + Math.round(s * ax + c * ay) * w + Math.round(c * ax - s * ay);
      const pb = centre + Math.round(s * bx + c * by) * w + Math.round(c * bx - s * by);
      if (data[pa] < data[pb]) bits |= 1 << bit;
    }
    out[offset + word] = bits >>> 0;
  }
}

/**
 * The descriptors the mirrored image would have at the mirrored keypoints: the pattern's second
 * half mirrors its first (brief-pattern.ts), so mirroring swaps the two halves.
 */
export function mirrorDescriptors(descriptors: Uint32Array): Uint32Array {
  const out = new Uint32Array(descriptors.length);
  const half = DESCRIPTOR_WORDS / 2;
  for (let i = 0; i < descriptors.length; i += DESCRIPTOR_WORDS) {
    for (let k = 0; k < half; k++) {
      out[i + k] = descriptors[i + k + half];
      out[i + k + half] = descriptors[i + k];
    }
  }
  return out;
}

export { DESCRIPTOR_BITS, DESCRIPTOR_WORDS };
