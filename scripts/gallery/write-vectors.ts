import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildIvf, encodeIvf, IVF_VERSION } from '../../src/lib/ann/ivf.ts';
import { encodeVectors, type VectorDtype } from '../../src/lib/format/vectors.ts';
import type { GalleryEngineFile, GalleryIndexFile } from '../../src/lib/gallery/manifest.ts';
import { storageRecall } from '../lib/storage-check.ts';

/**
 * Raw pixels are bytes by nature (u8). Every other engine ships the most compact storage that
 * keeps recall@10 ≥ 0.99 of float32 on this very gallery, measured at build time: int8 with a
 * per-vector scale, else float16, else float32.
 */
const MIN_RECALL = 0.99;

function chooseDtype(engine: string, rows: Float32Array, dim: number): { dtype: VectorDtype; recall?: Record<string, number> } {
  if (engine === 'pixels') return { dtype: 'u8' };
  const recall: Record<string, number> = {};
  for (const dtype of ['i8', 'f16'] as const) {
    recall[dtype] = storageRecall(rows, dim, dtype);
    if (recall[dtype] >= MIN_RECALL) return { dtype, recall };
  }
  return { dtype: 'f32', recall };
}

/**
 * The IVF index of a cosine engine's vectors (float32, before storage), so the app's IVF mode
 * does not build it on first use. Deterministic (fixed seed).
 */
async function writeIvf(out: string, engine: string, rows: Float32Array, dim: number): Promise<GalleryIndexFile> {
  const t0 = performance.now();
  const index = buildIvf({ kind: 'f32', dim, count: rows.length / dim, data: rows }, { seed: 1 });
  const bytes = encodeIvf(index);
  const file = `vectors/${engine}.ivf`;
  await writeFile(join(out, file), bytes);
  console.error(`gallery: ${engine} IVF index, ${index.nlist} lists, ${bytes.length} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { file, version: IVF_VERSION, nlist: index.nlist, bytes: bytes.length };
}

/** One engine's vector file (docs/FORMAT.md) and, for cosine engines, its IVF index, under `out/vectors/`. */
export async function writeVectors(out: string, engine: string, version: number, dim: number, rows: Float32Array, model?: string): Promise<GalleryEngineFile> {
  const { dtype, recall } = chooseDtype(engine, rows, dim);
  if (recall) console.error(`gallery: ${engine} stored as ${dtype} (recall@10 of float32: ${Object.entries(recall).map(([d, r]) => `${d} ${r.toFixed(4)}`).join(', ')})`);
  const bytes = encodeVectors({ engine, engineVersion: version, dim, dtype }, rows);
  const ivf = engine === 'pixels' ? undefined : await writeIvf(out, engine, rows, dim);
  const file = `vectors/${engine}.ivec`;
  await writeFile(join(out, file), bytes);
  return { file, version, dim, dtype, bytes: bytes.length, ...(model ? { model } : {}), ...(ivf ? { ivf } : {}) };
}
