import type { GrayImage } from './gray.ts';

/**
 * Harris corner response det(M) − k·trace(M)² of the structure tensor summed over a
 * (2·radius+1)² window around pixel index `p` (Sobel gradients). FAST finds corners; this
 * ranks them, since FAST's own test also fires along strong edges.
 */
export function harrisScore(img: GrayImage, p: number, radius = 3, k = 0.04): number {
  const { width: w, data } = img;
  let xx = 0, yy = 0, xy = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const q = p + dy * w + dx;
      const gx = (data[q - w + 1] + 2 * data[q + 1] + data[q + w + 1]) - (data[q - w - 1] + 2 * data[q - 1] + data[q + w - 1]);
      const gy = (data[q + w - 1] + 2 * data[q + w] + data[q + w + 1]) - (data[q - w - 1] + 2 * data[q - w] + data[q - w + 1]);
      xx += gx * gx; yy += gy * gy; xy += gx * gy;
    }
  }
  const trace = xx + yy;
  return xx * yy - xy * xy - k * trace * trace;
}
