/** Small deterministic PRNG (mulberry32): the same sequence in every JS engine, for a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Partial Fisher–Yates: s distinct indices of 0..n-1 (all of them when s ≥ n), sorted ascending. */
export function sampleIndices(n: number, s: number, rand: () => number): Uint32Array {
  if (s >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  const perm = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < s; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
  }
  return perm.slice(0, s).sort();
}
