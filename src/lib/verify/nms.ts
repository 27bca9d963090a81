/**
 * 3×3 non-maximum suppression over scored pixels: keeps a pixel when no scored neighbour has a
 * higher score (ties go to the earlier pixel in scan order, so the result is deterministic).
 * `pixels` are indices y * width + x in scan order, `scores` their scores. Returns the positions
 * (into `pixels`) that survive.
 */
export function suppressNonMaxima(pixels: Int32Array, scores: Float64Array, width: number, height: number): number[] {
  const at = new Int32Array(width * height).fill(-1);
  for (let i = 0; i < pixels.length; i++) at[pixels[i]] = i;
  const kept: number[] = [];
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i], s = scores[i];
    const x = p % width, y = (p - x) / width;
    let best = true;
    for (let dy = -1; dy <= 1 && best; dy++) {
      const ny = y + dy;
      if (ny < 0 || ny >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        if ((!dx && !dy) || nx < 0 || nx >= width) continue;
        const j = at[p + dy * width + dx];
        if (j < 0) continue;
        if (scores[j] > s || (scores[j] === s && j < i)) { best = false; break; }
      }
    }
    if (best) kept.push(i);
  }
  return kept;
}
