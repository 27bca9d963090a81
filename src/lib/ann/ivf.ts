import { kmeans } from './kmeans.ts';
import { nearestCentres, scanLists, type ListSearchOptions, type ListSearchResult } from './lists.ts';
import { checkMatrix, unitQuery, type AnnMatrix, type ProgressFn, type StopFn } from './rows.ts';

/**
 * IVF (inverted file) index for cosine search over unit vectors. A coarse quantiser (spherical
 * k-means, nlist centroids) partitions the rows; each row is stored in the inverted list of its
 * nearest centroid. A query scans the rows of its `nprobe` nearest lists only, scoring them from
 * whatever matrix it is given (f32, u8 or i8 rows), optionally re-scores a shortlist in float32,
 * and returns the top k with the number of rows scanned. nprobe = nlist is exact search.
 *
 * The index holds ids only, never vectors: it is small (nlist·dim floats + 4 bytes a row) and
 * lives beside the gallery's vector file (see encodeIvf).
 */
export interface IvfBuildOptions {
  /** lists; default `defaultNlist(count)` = round(2√N) (the useful range is √N..4√N) */
  readonly nlist?: number;
  readonly seed?: number;
  /** k-means training rows (default min(N, 50·nlist), see kmeans.ts) */
  readonly sampleSize?: number;
  readonly maxIter?: number;
  readonly onProgress?: ProgressFn;
  readonly shouldStop?: StopFn;
}

export interface IvfSearchOptions extends ListSearchOptions {
  /** lists scanned (default 8; clamped to 1..nlist) */
  readonly nprobe?: number;
  /** the rows scored: the vectors the index was built for, float or quantized */
  readonly rerank: AnnMatrix;
}

export type IvfSearchResult = ListSearchResult;

export function defaultNlist(n: number): number {
  return Math.max(1, Math.min(n, Math.round(2 * Math.sqrt(n))));
}

export class IvfIndex {
  constructor(
    readonly dim: number,
    /** rows indexed; a search matrix must have exactly this many */
    readonly count: number,
    readonly nlist: number,
    /** nlist × dim, unit rows */
    readonly centroids: Float32Array,
    /** list l holds ids[offsets[l] .. offsets[l + 1]) */
    readonly offsets: Uint32Array,
    /** row ids grouped by list, ascending within a list */
    readonly ids: Uint32Array,
    /** how the coarse k-means went (set by buildIvf; not stored by encodeIvf) */
    readonly training?: { readonly iterations: number; readonly converged: boolean; readonly sampleSize: number },
  ) {}

  /** ids of list l (a view) */
  list(l: number): Uint32Array {
    return this.ids.subarray(this.offsets[l], this.offsets[l + 1]);
  }

  listSizes(): Uint32Array {
    const out = new Uint32Array(this.nlist);
    for (let l = 0; l < this.nlist; l++) out[l] = this.offsets[l + 1] - this.offsets[l];
    return out;
  }

  /** the nprobe lists nearest the query, nearest first */
  probe(query: Float32Array, nprobe: number): number[] {
    const q = unitQuery(query, this.dim);
    return nearestCentres(q, this.centroids, this.nlist, this.dim, clampProbe(nprobe, this.nlist));
  }

  search(query: Float32Array, options: IvfSearchOptions): IvfSearchResult {
    const m = options.rerank;
    if (!m) throw new TypeError('IVF search needs the rows to score (options.rerank)');
    if (m.dim !== this.dim || m.count !== this.count) {
      throw new RangeError(`IVF index is for ${this.count} × ${this.dim} vectors, the matrix is ${m.count} × ${m.dim}`);
    }
    const q = unitQuery(query, this.dim);
    const lists = nearestCentres(q, this.centroids, this.nlist, this.dim, clampProbe(options.nprobe ?? 8, this.nlist));
    return scanLists(q, lists, this.offsets, this.ids, m, options);
  }
}

function clampProbe(nprobe: number, nlist: number): number {
  if (!(nprobe >= 1)) throw new RangeError(`nprobe must be ≥ 1, got ${nprobe}`);
  return Math.min(nlist, Math.floor(nprobe));
}

/** Builds the lists from a coarse spherical k-means. Cost ≈ training + N·nlist·dim (assignment). */
export function buildIvf(matrix: AnnMatrix, options: IvfBuildOptions = {}): IvfIndex {
  checkMatrix(matrix);
  const { dim, count } = matrix;
  if (count === 0) throw new RangeError('cannot build an IVF index over 0 rows');
  const nlist = options.nlist ?? defaultNlist(count);
  if (!Number.isInteger(nlist) || nlist < 1 || nlist > count) throw new RangeError(`nlist must be an integer in 1..${count}, got ${nlist}`);
  const km = kmeans(matrix, {
    k: nlist, spherical: true, seed: options.seed ?? 1, sampleSize: options.sampleSize,
    maxIter: options.maxIter, onProgress: options.onProgress, shouldStop: options.shouldStop,
  });
  const { offsets, ids } = groupBy(km.assignments, nlist);
  return new IvfIndex(dim, count, nlist, km.centroids, offsets, ids, {
    iterations: km.iterations, converged: km.converged, sampleSize: km.sampleSize,
  });
}

/** Counting sort of row ids by group: offsets (groups + 1) and ids ascending within a group. */
export function groupBy(assignments: Uint32Array, groups: number): { offsets: Uint32Array; ids: Uint32Array } {
  const offsets = new Uint32Array(groups + 1);
  for (let i = 0; i < assignments.length; i++) offsets[assignments[i] + 1]++;
  for (let g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
  const fill = offsets.slice(0, groups);
  const ids = new Uint32Array(assignments.length);
  for (let i = 0; i < assignments.length; i++) ids[fill[assignments[i]]++] = i;
  return { offsets, ids };
}

// --- serialisation --------------------------------------------------------------------

/**
 * IVF file, little-endian, every section 4-byte aligned:
 *   0  magic "IMIVF\0\0\0"        8 bytes
 *   8  version u16 (=1)           10 header length u16 (=32)
 *  12  dim u32                    16 nlist u32        20 count u32
 *  24  metric u8 (0 = cosine)     25 reserved, 7 bytes of 0
 *  32  centroids f32 [nlist × dim]
 *      offsets u32 [nlist + 1]
 *      ids u32 [count]
 */
export const IVF_MAGIC = 'IMIVF\0\0\0';
export const IVF_VERSION = 1;
export const IVF_HEADER_BYTES = 32;

export class IvfFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IvfFormatError';
  }
}

export function encodeIvf(index: IvfIndex): Uint8Array {
  const { dim, nlist, count, centroids, offsets, ids } = index;
  if (centroids.length !== nlist * dim || offsets.length !== nlist + 1 || ids.length !== count) {
    throw new RangeError('IVF index arrays do not match its dim, nlist and count');
  }
  const size = IVF_HEADER_BYTES + 4 * (nlist * dim + nlist + 1 + count);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = IVF_MAGIC.charCodeAt(i);
  view.setUint16(8, IVF_VERSION, true);
  view.setUint16(10, IVF_HEADER_BYTES, true);
  view.setUint32(12, dim, true);
  view.setUint32(16, nlist, true);
  view.setUint32(20, count, true);
  out[24] = 0;
  let p = IVF_HEADER_BYTES;
  for (let i = 0; i < centroids.length; i++, p += 4) view.setFloat32(p, centroids[i], true);
  for (let i = 0; i < offsets.length; i++, p += 4) view.setUint32(p, offsets[i], true);
  for (let i = 0; i < ids.length; i++, p += 4) view.setUint32(p, ids[i], true);
  return out;
}

export function decodeIvf(bytes: Uint8Array, label = 'IVF index'): IvfIndex {
  const fail = (why: string): never => { throw new IvfFormatError(`${label}: ${why}`); };
  if (!(bytes instanceof Uint8Array)) fail('expected bytes (Uint8Array)');
  if (bytes.length < IVF_HEADER_BYTES) fail(`${bytes.length} bytes is too short for a header (${IVF_HEADER_BYTES})`);
  for (let i = 0; i < 8; i++) if (bytes[i] !== IVF_MAGIC.charCodeAt(i)) fail('not an IVF index file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== IVF_VERSION) fail(`format version ${version} is not supported (this app reads version ${IVF_VERSION})`);
  const headerBytes = view.getUint16(10, true);
  if (headerBytes !== IVF_HEADER_BYTES) fail(`header length ${headerBytes} is wrong (expected ${IVF_HEADER_BYTES})`);
  const dim = view.getUint32(12, true), nlist = view.getUint32(16, true), count = view.getUint32(20, true);
  if (bytes[24] !== 0) fail(`unknown metric code ${bytes[24]}`);
  if (dim === 0) fail('dimension is 0');
  if (nlist === 0) fail('no lists');
  if (count < nlist) fail(`${count} rows cannot fill ${nlist} lists`);
  const expected = IVF_HEADER_BYTES + 4 * (nlist * dim + nlist + 1 + count);
  if (bytes.length !== expected) {
    fail(`size ${bytes.length} bytes does not match header (${nlist} lists × ${dim} dims, ${count} rows = ${expected} bytes)`);
  }
  let p = IVF_HEADER_BYTES;
  const centroids = new Float32Array(nlist * dim);
  for (let i = 0; i < centroids.length; i++, p += 4) {
    const v = view.getFloat32(p, true);
    if (!Number.isFinite(v)) fail(`centroid value ${i} is not finite`);
    centroids[i] = v;
  }
  const offsets = new Uint32Array(nlist + 1);
  for (let i = 0; i <= nlist; i++, p += 4) offsets[i] = view.getUint32(p, true);
  if (offsets[0] !== 0 || offsets[nlist] !== count) fail(`list offsets must run from 0 to ${count}`);
  for (let l = 0; l < nlist; l++) if (offsets[l + 1] < offsets[l]) fail(`list offsets decrease at list ${l}`);
  const ids = new Uint32Array(count);
  const seen = new Uint8Array(count);
  for (let i = 0; i < count; i++, p += 4) {
    const id = view.getUint32(p, true);
    if (id >= count) fail(`row id ${id} is out of range (0..${count - 1})`);
    if (seen[id]) fail(`row id ${id} appears twice`);
    seen[id] = 1;
    ids[i] = id;
  }
  return new IvfIndex(dim, count, nlist, centroids, offsets, ids);
}
