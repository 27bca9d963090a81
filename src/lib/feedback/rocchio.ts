/**
 * Relevance feedback (Rocchio): move a query towards the results marked good and away from
 * those marked bad, q' = α·q + β·mean(good) − γ·mean(bad). Pure: no DOM, no worker globals.
 */
import { mean, normalize } from '../engines/clip/query.ts';

export interface RocchioWeights {
  /** weight of the original query */
  readonly alpha: number;
  /** weight of the mean of the results marked good */
  readonly beta: number;
  /** weight of the mean of the results marked bad */
  readonly gamma: number;
}

/** The classic weights (Manning et al., ch. 9): keep the query, lean towards good, a little away from bad. */
export const ROCCHIO: RocchioWeights = { alpha: 1, beta: 0.75, gamma: 0.15 };

export interface RocchioParts {
  readonly query: Float32Array;
  readonly positive?: readonly Float32Array[];
  readonly negative?: readonly Float32Array[];
  readonly weights?: RocchioWeights;
  /** unit-length result (cosine engines such as CLIP, whose every vector is unit length) */
  readonly normalize?: boolean;
}

/**
 * q' = α·q + β·mean(positive) − γ·mean(negative), each mean left out when its list is empty.
 * With `normalize`, the good and bad vectors are made unit length before averaging (as the
 * query is) and q' is normalised; a q' of all zeros stays zeros.
 */
export function rocchio(parts: RocchioParts): Float32Array {
  const { alpha, beta, gamma } = parts.weights ?? ROCCHIO;
  const q = parts.query;
  const unit = parts.normalize ?? false;
  const prep = (vs: readonly Float32Array[] | undefined) => {
    if (!vs || vs.length === 0) return undefined;
    for (const v of vs) if (v.length !== q.length) throw new RangeError(`a feedback vector has ${v.length} values; the query has ${q.length}`);
    return mean(unit ? vs.map(normalize) : vs);
  };
  const good = prep(parts.positive);
  const bad = prep(parts.negative);
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) {
    out[i] = alpha * q[i] + (good ? beta * good[i] : 0) - (bad ? gamma * bad[i] : 0);
  }
  return unit ? normalize(out) : out;
}
