/**
 * Approximate nearest-neighbour search for unit vectors (cosine = dot), measured against exact
 * search: k-means, IVF, spectral-clustering routing, recall helpers, synthetic data.
 * Pure and DOM-free (Web Worker or Node). See docs/INDEX.md.
 */
export { kmeans, assignNearest, defaultSampleSize, type KMeansOptions, type KMeansResult } from './kmeans.ts';
export {
  IvfIndex, buildIvf, defaultNlist, encodeIvf, decodeIvf, groupBy, IvfFormatError,
  IVF_MAGIC, IVF_VERSION, IVF_HEADER_BYTES, type IvfBuildOptions, type IvfSearchOptions, type IvfSearchResult,
} from './ivf.ts';
export {
  SpectralIndex, buildSpectral, defaultClusterCount, defaultExactLimit, knnGraph, buildAffinity, normalizedAffinity, normalizedAffinityBlock,
  type SpectralBuildOptions, type SpectralSearchOptions, type ClusterInfo, type KnnGraph, type KnnGraphOptions, type Affinity,
} from './spectral.ts';
export {
  jacobiEigen, lanczosTop, subspaceTop,
  type SymOperator, type BlockOperator, type EigenResult, type EigenOptions, type LanczosOptions, type SubspaceOptions,
} from './eigen.ts';
export { nearestCentres, scanLists, type ListSearchOptions, type ListSearchResult } from './lists.ts';
export { recallAtK, groundTruth, adjustedRandIndex, purity } from './recall.ts';
export { syntheticClusters, syntheticQueries, type SyntheticOptions, type SyntheticSet } from './synthetic.ts';
export {
  rowInto, rowDot, rowNorms, rowsView, floatRows, AnnAbortError,
  type AnnMatrix, type I8Rows, type ProgressFn, type StopFn,
} from './rows.ts';
export { measureAnn, type AnnMeasureOptions, type AnnMeasurement } from './measure.ts';
