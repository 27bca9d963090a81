import type { RgbRaster } from '../../image/raster.ts';

/**
 * A canonical orientation for pictures, so a copy turned by 90° describes like the original:
 * a portrait picture (taller than wide) is turned a quarter to landscape, whichever way puts its
 * brighter long side on top (skies and lit ceilings are usually up). A landscape picture turned
 * to portrait comes back upright this way when its top was the brighter side; a mirrored copy
 * comes back mirrored, which the classic blocks already tolerate. Landscape and square pictures
 * are returned as they are.
 */
export function canonicalOrientation(img: RgbRaster): RgbRaster {
  const { width: w, height: h, data: d } = img;
  if (h <= w) return img;
  let left = 0, right = 0;
  const half = w >> 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 3;
      const l = 0.299 * d[p] + 0.587 * d[p + 1] + 0.114 * d[p + 2];
      if (x < half) left += l;
      else if (x >= w - half) right += l;
    }
  }
  return left >= right ? turnClockwise(img) : turnAnticlockwise(img);
}

/** A half turn: the picture upside down (and mirrored), i.e. its pixels in reverse order. */
export function turnHalf(img: RgbRaster): RgbRaster {
  const { data: d } = img, out = new Uint8Array(d.length), n = d.length / 3;
  for (let i = 0; i < n; i++) {
    const s = (n - 1 - i) * 3;
    out[i * 3] = d[s]; out[i * 3 + 1] = d[s + 1]; out[i * 3 + 2] = d[s + 2];
  }
  return { width: img.width, height: img.height, data: out };
}

/** A quarter turn clockwise: the left column becomes the top row. */
export function turnClockwise(img: RgbRaster): RgbRaster {
  const { width: w, height: h, data: d } = img;
  const out = new Uint8Array(d.length);
  // Output (x', y') with x' in [0, h), y' in [0, w): source (x = y', y = h - 1 - x').
  for (let yo = 0; yo < w; yo++) {
    for (let xo = 0; xo < h; xo++) {
      const s = ((h - 1 - xo) * w + yo) * 3, o = (yo * h + xo) * 3;
      out[o] = d[s]; out[o + 1] = d[s + 1]; out[o + 2] = d[s + 2];
    }
  }
  return { width: h, height: w, data: out };
}

/** A quarter turn anticlockwise: the right column becomes the top row. */
export function turnAnticlockwise(img: RgbRaster): RgbRaster {
  const { width: w, height: h, data: d } = img;
  const out = new Uint8Array(d.length);
  // Output (x', y'): source (x = w - 1 - y', y = x').
  for (let yo = 0; yo < w; yo++) {
    for (let xo = 0; xo < h; xo++) {
      const s = (xo * w + (w - 1 - yo)) * 3, o = (yo * h + xo) * 3;
      out[o] = d[s]; out[o + 1] = d[s + 1]; out[o + 2] = d[s + 2];
    }
  }
  return { width: h, height: w, data: out };
}
