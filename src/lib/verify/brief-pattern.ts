import { mulberry32 } from '../random.ts';

/** Bits of a descriptor, and the 32-bit words that hold them. */
export const DESCRIPTOR_BITS = 256;
export const DESCRIPTOR_WORDS = DESCRIPTOR_BITS / 32;

/** Sampling points stay inside this radius, so a rotated pattern stays inside the keypoint's disc. */
const PATTERN_RADIUS = 13;
/** The seed of the one pattern every image uses: descriptors are comparable only with the same one. */
export const PATTERN_SEED = 0x0b1ef;

/**
 * The BRIEF test pattern: DESCRIPTOR_BITS pairs of points (ax, ay, bx, by, …) around a keypoint,
 * drawn from an isotropic Gaussian (σ = patch size / 5, BRIEF's "G II") by a seeded PRNG.
 *
 * The second half mirrors the first (pair i + 128 is pair i with y negated). In a keypoint's own
 * frame, mirroring the image mirrors the patch about the orientation axis, so a mirrored image's
 * descriptor is the original's with its two halves swapped (see mirrorDescriptors).
 */
export function briefPattern(seed = PATTERN_SEED): Int8Array {
  const rand = mulberry32(seed);
  const sigma = (2 * 15 + 1) / 5;
  const gaussian = () => {
    for (;;) {
      // Box–Muller, redrawn until the point lies inside the pattern's disc.
      const u = 1 - rand(), v = rand();
      const r = Math.sqrt(-2 * Math.log(u)) * sigma;
      const x = Math.round(r * Math.cos(2 * Math.PI * v)), y = Math.round(r * Math.sin(2 * Math.PI * v));
      if (x * x + y * y <= PATTERN_RADIUS * PATTERN_RADIUS) return [x, y];
    }
  };
  const half = DESCRIPTOR_BITS / 2;
  const out = new Int8Array(DESCRIPTOR_BITS * 4);
  for (let i = 0; i < half; i++) {
    let a: number[], b: number[];
    // Distinct points, and not both on the axis (their mirrored pair would repeat the test).
    do { a = gaussian(); b = gaussian(); } while ((a[0] === b[0] && a[1] === b[1]) || (a[1] === 0 && b[1] === 0));
    out.set([a[0], a[1], b[0], b[1]], i * 4);
    out.set([a[0], -a[1], b[0], -b[1]], (i + half) * 4);
  }
  return out;
}
