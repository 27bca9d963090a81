import type { RgbRaster } from '../../image/raster.ts';
import { fitWithin } from '../../image/resize.ts';
import type { Engine } from '../../engines/types.ts';

// PLACEHOLDER (being replaced by the tuned descriptor): a 4x4x4 RGB histogram.
export const classicEngine: Engine = {
  id: 'classic',
  version: 0,
  dim: 64,
  label: 'Classic (colour + texture + layout)',
  description: 'placeholder',
  defaultMeasure: 'cosine',
  extract(image: RgbRaster): Float32Array {
    const r = fitWithin(image, 128);
    const h = new Float32Array(64);
    for (let i = 0; i < r.data.length; i += 3) h[((r.data[i] >> 6) << 4) | ((r.data[i + 1] >> 6) << 2) | (r.data[i + 2] >> 6)]++;
    return h;
  },
};
