import type { RgbRaster } from '../../image/raster.ts';
import { resizeArea } from '../../image/resize.ts';
import type { Engine } from '../types.ts';

export const PIXELS_SIDE = 80;

/** The seeds' baseline: the image squashed to 80×80 RGB, raw values in [0, 1]. */
export const pixelsEngine: Engine = {
  id: 'pixels',
  version: 1,
  dim: PIXELS_SIDE * PIXELS_SIDE * 3,
  label: 'Raw pixels (80×80)',
  description: 'The seed method: resize to 80×80 RGB and compare the raw pixel values.',
  defaultMeasure: 'l2',
  extract(image: RgbRaster): Float32Array {
    const small = resizeArea(image, PIXELS_SIDE, PIXELS_SIDE);
    const v = new Float32Array(small.data.length);
    for (let i = 0; i < v.length; i++) v[i] = small.data[i] / 255;
    return v;
  },
};
