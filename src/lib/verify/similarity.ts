/**
 * A similarity transform of the plane: p' = s·R(θ)·p + t, written as
 * x' = a·x − b·y + tx, y' = b·x + a·y + ty (a = s·cos θ, b = s·sin θ).
 */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

export const scaleOf = (t: Similarity) => Math.hypot(t.a, t.b);
/** Rotation in degrees, 0 ≤ θ < 360; image axes (y down), so positive turns clockwise on screen. */
export const degreesOf = (t: Similarity) => ((Math.atan2(t.b, t.a) * 180) / Math.PI + 360) % 360;

export function applySimilarity(t: Similarity, x: number, y: number): [number, number] {
  return [t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty];
}

export function invertSimilarity(t: Similarity): Similarity {
  const n = t.a * t.a + t.b * t.b;
  const a = t.a / n, b = -t.b / n;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** The one similarity taking p1 → q1 and p2 → q2; undefined when p1 and p2 (nearly) coincide. */
export function similarityFromTwo(p1x: number, p1y: number, p2x: number, p2y: number, q1x: number, q1y: number, q2x: number, q2y: number): Similarity | undefined {
  const dx = p2x - p1x, dy = p2y - p1y, ex = q2x - q1x, ey = q2y - q1y;
  const n = dx * dx + dy * dy;
  if (n < 1e-6) return undefined;
  const a = (ex * dx + ey * dy) / n, b = (ey * dx - ex * dy) / n;
  return { a, b, tx: q1x - (a * p1x - b * p1y), ty: q1y - (b * p1x + a * p1y) };
}

/** Least-squares similarity from point pairs (Umeyama without the reflection case). */
export function fitSimilarity(px: ArrayLike<number>, py: ArrayLike<number>, qx: ArrayLike<number>, qy: ArrayLike<number>): Similarity | undefined {
  const n = px.length;
  if (n < 2) return undefined;
  let mpx = 0, mpy = 0, mqx = 0, mqy = 0;
  for (let i = 0; i < n; i++) { mpx += px[i]; mpy += py[i]; mqx += qx[i]; mqy += qy[i]; }
  mpx /= n; mpy /= n; mqx /= n; mqy /= n;
  let sa = 0, sb = 0, ss = 0;
  for (let i = 0; i < n; i++) {
    const x = px[i] - mpx, y = py[i] - mpy, u = qx[i] - mqx, v = qy[i] - mqy;
    sa += x * u + y * v;
    sb += x * v - y * u;
    ss += x * x + y * y;
  }
  if (ss < 1e-9) return undefined;
  const a = sa / ss, b = sb / ss;
  return { a, b, tx: mqx - (a * mpx - b * mpy), ty: mqy - (b * mpx + a * mpy) };
}
