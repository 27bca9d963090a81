/**
 * The approximate indexes the search worker can rank through, built lazily per vector matrix
 * (in this worker, with progress) and kept while the matrix is: IVF (k-means lists, nprobe) and
 * the seeds' spectral clustering (query routed to the nearest cluster centres, exact ranking
 * inside, top-100). Both rank by cosine; other measures use exact search.
 * An IVF index can also come ready-made (the gallery ships one; a collection's is kept in
 * IndexedDB once built): `provideIvf` hands it over, `onIvfBuilt` is told of a fresh build.
 */
import { buildIvf, type IvfIndex } from '../../src/lib/ann/ivf.ts';
import type { ListSearchResult } from '../../src/lib/ann/lists.ts';
import { buildSpectral, type SpectralIndex } from '../../src/lib/ann/spectral.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { isIndexMode, type IndexMode } from '../../src/lib/search/index-mode.ts';

export { isIndexMode };

export interface ApproxSettings {
  readonly nprobe: number;
  readonly probes: number;
}
export const DEFAULT_APPROX: ApproxSettings = { nprobe: 8, probes: 1 };

/** The seed ranks the top 100 inside the routed cluster. */
export const CLUSTER_TOP = 100;

type Built = { ivf?: IvfIndex; spectral?: SpectralIndex };
const built = new WeakMap<VectorMatrix, Built>();
const builtListeners = new WeakMap<VectorMatrix, (index: IvfIndex) => void>();

/** Uses a stored IVF index for `matrix` (ignored, and false, when it indexes another shape). */
export function provideIvf(matrix: VectorMatrix, index: IvfIndex): boolean {
  if (index.count !== matrix.count || index.dim !== matrix.dim) return false;
  const entry = built.get(matrix) ?? {};
  entry.ivf = index;
  built.set(matrix, entry);
  return true;
}

/** Calls `listener` with the IVF index when one is built for `matrix` (to store it). */
export function onIvfBuilt(matrix: VectorMatrix, listener: (index: IvfIndex) => void): void {
  builtListeners.set(matrix, listener);
}

/** Ranks `matrix` for a unit query through the index of that mode (built on first use). */
export function approxSearch(
  matrix: VectorMatrix, mode: Exclude<IndexMode, 'exact'>, query: Float32Array, k: number,
  settings: ApproxSettings, onProgress?: (fraction: number) => void,
): ListSearchResult {
  if (matrix.kind === 'u8') throw new RangeError('approximate indexes are built for float or int8 vectors');
  const entry = built.get(matrix) ?? {};
  built.set(matrix, entry);
  if (mode === 'ivf') {
    if (!entry.ivf) {
      entry.ivf = buildIvf(matrix, { onProgress });
      builtListeners.get(matrix)?.(entry.ivf);
    }
    return entry.ivf.search(query, { nprobe: settings.nprobe, k, rerank: matrix });
  }
  return spectralIndexFor(matrix, onProgress).search(query, { probes: settings.probes, k: Math.min(k, CLUSTER_TOP) });
}

/** The spectral index the "cluster" mode routes with (built on first use); the map can show its clusters. */
export function spectralIndexFor(matrix: VectorMatrix, onProgress?: (fraction: number) => void): SpectralIndex {
  if (matrix.kind === 'u8') throw new RangeError('approximate indexes are built for float or int8 vectors');
  const entry = built.get(matrix) ?? {};
  built.set(matrix, entry);
  entry.spectral ??= buildSpectral(matrix, { onProgress });
  return entry.spectral;
}
