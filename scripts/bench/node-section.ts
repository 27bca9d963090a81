import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { allEngines } from '../../src/lib/engines/registry.ts';
import { decodeVectors } from '../../src/lib/format/vectors.ts';
import { parseManifest } from '../../src/lib/gallery/manifest.ts';
import { topK } from '../../src/lib/ranking/topk.ts';
import type { RgbRaster } from '../../src/lib/image/raster.ts';
import { decodeBytes } from '../lib/decode-node.ts';
import { summarize, type Timing } from './stats.ts';

export interface NodeExtraction { engine: string; decode: Timing; extract: Timing; imagesPerSecond: number }
export interface NodeQuery { engine: string; measure: string; count: number; dim: number; query: Timing }

/** Decode (sharp) and extract (the shared core) each photo, per engine, one at a time. */
export async function nodeExtraction(photos: readonly string[]): Promise<NodeExtraction[]> {
  const bytes = await Promise.all(photos.map((p) => readFile(p)));
  const decodeMs: number[] = [];
  const rasters: RgbRaster[] = [];
  for (const b of bytes) {
    const t = performance.now();
    rasters.push(await decodeBytes(b));
    decodeMs.push(performance.now() - t);
  }
  return allEngines().map((e) => {
    e.extract(rasters[0]); // warm-up (JIT)
    const ms = rasters.map((r) => { const t = performance.now(); e.extract(r); return performance.now() - t; });
    const decode = summarize(decodeMs), extract = summarize(ms);
    return { engine: e.id, decode, extract, imagesPerSecond: 1000 / (decode.meanMs + extract.meanMs) };
  });
}

/** Exact top-20 over the built demo gallery with a gallery vector as the query. */
export async function nodeQueries(galleryDir: string, queries = 50): Promise<NodeQuery[]> {
  const manifest = parseManifest(JSON.parse(await readFile(join(galleryDir, 'manifest.json'), 'utf8')));
  const out: NodeQuery[] = [];
  for (const e of allEngines()) {
    const file = manifest.engines[e.id];
    if (!file) continue;
    const { matrix } = decodeVectors(new Uint8Array(await readFile(join(galleryDir, file.file))), file.file);
    const measures = e.id === 'pixels' ? (['l1', 'l2', 'cosine', 'correlation'] as const) : ([e.defaultMeasure] as const);
    for (const measure of measures) {
      const ms: number[] = [];
      for (let q = 0; q < queries; q++) {
        const row = (q * 7919) % matrix.count;
        const query = Float32Array.from(matrix.data.subarray(row * matrix.dim, (row + 1) * matrix.dim), (v) => (matrix.kind === 'u8' ? v * matrix.scale : v));
        const t = performance.now();
        topK(query, matrix, measure, 20);
        ms.push(performance.now() - t);
      }
      out.push({ engine: e.id, measure, count: matrix.count, dim: matrix.dim, query: summarize(ms.slice(3)) });
    }
  }
  return out;
}
