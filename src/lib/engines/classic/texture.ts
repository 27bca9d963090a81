export interface TextureOptions {
  /** neighbour-ring radii in pixels */
  readonly radii: readonly number[];
  /** a neighbour counts as brighter only when it exceeds the centre by this much (normalised luma) */
  readonly tolerance: number;
}

export const TEXTURE: TextureOptions = { radii: [1, 2], tolerance: 0.02 };

export function textureDim(o: TextureOptions = TEXTURE): number { return 10 * o.radii.length; }

const RING = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];

/**
 * Local binary patterns, rotation-invariant uniform variant (Ojala et al., "riu2"): each pixel
 * compares its 8 ring neighbours with itself; uniform patterns (at most two 0/1 transitions
 * around the ring: spots, edges, corners, flats) are labelled by how many neighbours are brighter
 * (0..8), all others share label 9. The labels are invariant to monotonic brightness changes,
 * to rotation by multiples of 45° and to mirroring, which is what a texture block should ignore.
 */
export function texture(luma: Float32Array, width: number, height: number, o: TextureOptions = TEXTURE): Float32Array {
  const out = new Float32Array(textureDim(o));
  o.radii.forEach((r, ri) => {
    const offs = RING.map(([dx, dy]) => dy * r * width + dx * r);
    for (let y = r; y < height - r; y++) {
      for (let x = r; x < width - r; x++) {
        const i = y * width + x, c = luma[i] + o.tolerance;
        let ones = 0, trans = 0, prev = luma[i + offs[7]] > c ? 1 : 0;
        for (let k = 0; k < 8; k++) {
          const bit = luma[i + offs[k]] > c ? 1 : 0;
          ones += bit;
          trans += bit ^ prev;
          prev = bit;
        }
        out[ri * 10 + (trans <= 2 ? ones : 9)]++;
      }
    }
  });
  return out;
}
