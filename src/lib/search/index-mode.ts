/** How a search ranks: every vector, IVF lists, or the seeds' spectral clusters (docs/INDEX.md). */
export type IndexMode = 'exact' | 'ivf' | 'cluster';
export const INDEX_MODES: readonly IndexMode[] = ['exact', 'ivf', 'cluster'];

export function isIndexMode(x: unknown): x is IndexMode {
  return typeof x === 'string' && (INDEX_MODES as readonly string[]).includes(x);
}
