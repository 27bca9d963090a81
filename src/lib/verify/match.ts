import { DESCRIPTOR_WORDS } from './brief-pattern.ts';

/** A descriptor of the first set paired with one of the second. */
export interface Match {
  readonly query: number;
  readonly train: number;
  readonly distance: number;
}

export interface MatchOptions {
  /** Lowe's ratio: the best distance must be below ratio × the second best */
  readonly ratio: number;
  /** and at most this many differing bits (of 256) */
  readonly maxDistance: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { ratio: 0.8, maxDistance: 72 };

const BIG = 1 << 30;

/**
 * Brute-force Hamming matching with Lowe's ratio test and a cross-check: a pair is kept when
 * each is the other's nearest descriptor and the nearest is clearly nearer than the second.
 * One pass over the distance matrix gives both directions. The distance is written out for
 * 8 words (256 bits): this loop is where verification spends its time.
 */
export function matchDescriptors(a: Uint32Array, b: Uint32Array, o: MatchOptions = DEFAULT_MATCH_OPTIONS): Match[] {
  if (DESCRIPTOR_WORDS !== 8) throw new Error('matchDescriptors is written for 256-bit descriptors');
  const na = a.length / 8, nb = b.length / 8;
  const rowBest = new Int32Array(na).fill(-1), rowD1 = new Int32Array(na).fill(BIG), rowD2 = new Int32Array(na).fill(BIG);
  const colBest = new Int32Array(nb).fill(-1), colD1 = new Int32Array(nb).fill(BIG);
  for (let i = 0; i < na; i++) {
    const ai = i * 8;
    const a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3], a4 = a[ai + 4], a5 = a[ai + 5], a6 = a[ai + 6], a7 = a[ai + 7];
    let best = -1, d1 = BIG, d2 = BIG;
    for (let j = 0, bj = 0; j < nb; j++, bj += 8) {
      // SWAR popcount of each word; the byte counts (≤ 8 each) are summed before one multiply.
      let x = a0 ^ b[bj]; x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); let acc = (x + (x >>> 4)) & 0x0f0f0f0f;
      x = a1 ^ b[bj + 1]; x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); acc += (x + (x >>> 4)) & 0x0f0f0f0f;
      x = a2 ^ b[bj + 2]; x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); acc += (x + (x >>> 4)) & 0x0f0f0f0f;
      x = a3 ^ b[bj + 3]; x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); acc += (x + (x >>> 4)) & 0x0f0f0f0f;
      x = a4 ^ b[bj + 4]; x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); acc += (x + (x >>> 4)) & 0x0f0f0f0f;
      x = a5 ^ b[bj + 5]; x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); acc += (x + (x >>> 4)) & 0x0f0f0f0f;
      x = a6 ^ b[bj + 6]; x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); acc += (x + (x >>> 4)) & 0x0f0f0f0f;
      x = a7 ^ b[bj + 7]; x -= (x >>> 1) & 0x55555555; x = (x & 0x33333333) + ((x >>> 2) & 0x33333333); acc += (x + (x >>> 4)) & 0x0f0f0f0f;
      const d = Math.imul(acc, 0x01010101) >>> 24;
      if (d < d2) {
        if (d < d1) { d2 = d1; d1 = d; best = j; } else d2 = d;
      }
      if (d < colD1[j]) { colD1[j] = d; colBest[j] = i; }
    }
    rowBest[i] = best; rowD1[i] = d1; rowD2[i] = d2;
  }
  const matches: Match[] = [];
  for (let i = 0; i < na; i++) {
    const j = rowBest[i];
    if (j < 0 || colBest[j] !== i) continue;
    if (rowD1[i] > o.maxDistance || rowD1[i] >= o.ratio * rowD2[i]) continue;
    matches.push({ query: i, train: j, distance: rowD1[i] });
  }
  return matches;
}
