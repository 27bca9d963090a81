/**
 * The seeds' four measures. Distances rank ascending, similarities descending; `better`
 * turns both into one order so ranking code never needs to know which is which.
 */
/** Rows of a matrix: floats, or bytes when vectors are stored as u8 (see topk.ts for the scale). */
export type Rows = Float32Array | Uint8Array;

export type MeasureId = 'l1' | 'l2' | 'cosine' | 'correlation';
export const MEASURES: readonly MeasureId[] = ['l1', 'l2', 'cosine', 'correlation'];

export interface Measure {
  readonly id: MeasureId;
  readonly label: string;
  /** 'distance': smaller is more similar; 'similarity': larger is more similar. */
  readonly kind: 'distance' | 'similarity';
  /** score of a against b[offset .. offset+dim) */
  score(a: Float32Array, b: Rows, offset: number): number;
}

function l1(a: Float32Array, b: Rows, o: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[o + i]);
  return s;
}

function l2(a: Float32Array, b: Rows, o: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i] - b[o + i]; s += d * d; }
  return Math.sqrt(s);
}

function cosine(a: Float32Array, b: Rows, o: number): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { const x = a[i], y = b[o + i]; ab += x * y; aa += x * x; bb += y * y; }
  const den = Math.sqrt(aa * bb);
  return den > 0 ? ab / den : 0;
}

/** Pearson correlation: cosine after removing each vector's mean. */
function correlation(a: Float32Array, b: Rows, o: number): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[o + i]; }
  ma /= n; mb /= n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) { const x = a[i] - ma, y = b[o + i] - mb; ab += x * y; aa += x * x; bb += y * y; }
  const den = Math.sqrt(aa * bb);
  return den > 0 ? ab / den : 0;
}

const TABLE: Record<MeasureId, Measure> = {
  l1: { id: 'l1', label: 'L1 (Manhattan)', kind: 'distance', score: l1 },
  l2: { id: 'l2', label: 'L2 (Euclidean)', kind: 'distance', score: l2 },
  cosine: { id: 'cosine', label: 'Cosine', kind: 'similarity', score: cosine },
  correlation: { id: 'correlation', label: 'Correlation', kind: 'similarity', score: correlation },
};

export function getMeasure(id: MeasureId): Measure {
  const m = TABLE[id];
  if (!m) throw new Error(`unknown measure "${id}" (expected one of ${MEASURES.join(', ')})`);
  return m;
}

export function isMeasureId(x: unknown): x is MeasureId {
  return typeof x === 'string' && (MEASURES as readonly string[]).includes(x);
}
