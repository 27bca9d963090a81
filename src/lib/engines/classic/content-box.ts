import type { RgbRaster } from '../../image/raster.ts';

/** Per-channel difference (summed over R, G, B, 0..765) within which a pixel matches the background. */
export const BACKGROUND_TOLERANCE = 24;
/** A row or column is border when at most this share of its pixels differ from the background. */
const STRAY = 0.01;
/** Content boxes smaller than this share of a side are not trusted (a speck on a blank page). */
const MIN_SHARE = 0.2;

/**
 * Scale and position normalisation for images drawn on a plain background (icons, emoji, logos,
 * product shots): finds the background colour (median of the four corners), trims border rows and
 * columns of that colour, and centres what is left on a square of background. Two drawings of the
 * same thing with different margins then fill the frame alike, and a cropped copy is re-centred.
 * Photos without a plain border come back unchanged. Symmetric, so a mirrored image gives the
 * mirrored box.
 */
export function contentBox(img: RgbRaster, tol = BACKGROUND_TOLERANCE): RgbRaster {
  return framing(img, tol).raster;
}

/**
 * What the classic engine describes: a drawing on a plain background is boxed and centred on a
 * square (contentBox); a picture with bars on two opposite sides only (letterboxed or
 * pillarboxed) is cut out of its bars and kept as it is, since the bars were added around a
 * picture, not margins around a drawing (told apart by the corners of what is left: a drawing's
 * are background); anything else comes back unchanged.
 */
export function framing(img: RgbRaster, tol = BACKGROUND_TOLERANCE): { raster: RgbRaster; drawing: boolean } {
  const { width: w, height: h, data: d } = img;
  const corners = [0, w - 1, (h - 1) * w, h * w - 1];
  const bg = [0, 1, 2].map((c) => corners.map((i) => d[i * 3 + c]).sort((a, b) => a - b)[1]);
  const isBg = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const p = i * 3;
    isBg[i] = Math.abs(d[p] - bg[0]) + Math.abs(d[p + 1] - bg[1]) + Math.abs(d[p + 2] - bg[2]) <= tol ? 1 : 0;
  }
  const rowIsBorder = (y: number) => {
    let n = 0;
    for (let x = 0; x < w; x++) n += 1 - isBg[y * w + x];
    return n <= w * STRAY;
  };
  let top = 0, bottom = h - 1;
  while (top < bottom && rowIsBorder(top)) top++;
  while (bottom > top && rowIsBorder(bottom)) bottom--;
  const colIsBorder = (x: number) => {
    let n = 0;
    for (let y = top; y <= bottom; y++) n += 1 - isBg[y * w + x];
    return n <= (bottom - top + 1) * STRAY;
  };
  let left = 0, right = w - 1;
  while (left < right && colIsBorder(left)) left++;
  while (right > left && colIsBorder(right)) right--;
  const cw = right - left + 1, ch = bottom - top + 1;
  if ((cw === w && ch === h) || cw < w * MIN_SHARE || ch < h * MIN_SHARE) return { raster: img, drawing: false };
  // Bars on two opposite sides around a rectangle whose own corners are not background: a
  // letterboxed picture (a round drawing touching two edges still has background corners).
  const cornersInBox = [top * w + left, top * w + right, bottom * w + left, bottom * w + right].filter((i) => isBg[i]).length;
  if ((cw === w || ch === h) && cornersInBox === 0) {
    const cut = new Uint8Array(cw * ch * 3);
    for (let y = 0; y < ch; y++) cut.set(d.subarray(((top + y) * w + left) * 3, ((top + y) * w + right + 1) * 3), y * cw * 3);
    return { raster: { width: cw, height: ch, data: cut }, drawing: false };
  }
  const side = Math.max(cw, ch);
  const out = new Uint8Array(side * side * 3);
  for (let i = 0; i < side * side; i++) { out[i * 3] = bg[0]; out[i * 3 + 1] = bg[1]; out[i * 3 + 2] = bg[2]; }
  const ox = (side - cw) >> 1, oy = (side - ch) >> 1;
  for (let y = 0; y < ch; y++) {
    out.set(d.subarray(((top + y) * w + left) * 3, ((top + y) * w + right + 1) * 3), ((oy + y) * side + ox) * 3);
  }
  return { raster: { width: side, height: side, data: out }, drawing: true };
}
