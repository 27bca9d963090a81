/**
 * --vectors FILE.npy [--vector-list FILE.txt]: CLIP image embeddings computed elsewhere (e.g. by
 * clip-retrieval on a GPU machine), checked before they are trusted: their dimension, and — when
 * the model is present — that a sample of them matches this project's own encoder.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { ClipEncoder } from '../../src/lib/engines/clip/encoder.ts';
import { decodeNpy } from '../../src/lib/format/npy.ts';
import { decodeBytes } from '../lib/decode-node.ts';

/** Cosine similarity a sampled imported vector must reach against this project's encoder. */
export const MIN_SAMPLE_COSINE = 0.98;
const SAMPLE = 8;
/** Image-embedding size of models whose folder may be absent at build time. */
const KNOWN_DIMS: Record<string, number> = { 'Xenova/clip-vit-base-patch32': 512, 'openai/clip-vit-base-patch32': 512 };

export interface ImportedVectors {
  readonly dim: number;
  /** by path relative to the gallery's source folder */
  readonly byFile: Map<string, Float32Array>;
  readonly label: string;
}

/** The list: one path a line (relative to the source folder, or absolute inside it), in the .npy's row order. */
export async function readImportedVectors(npyPath: string, listPath: string, from: string): Promise<ImportedVectors> {
  const m = decodeNpy(await readFile(npyPath), npyPath);
  const lines = (await readFile(listPath, 'utf8')).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length !== m.rows) throw new Error(`${listPath} names ${lines.length} files but ${npyPath} has ${m.rows} vectors: they must be in the same order, one line per vector`);
  const byFile = new Map<string, Float32Array>();
  lines.forEach((line, i) => {
    const rel = (isAbsolute(line) ? relative(from, line) : line).split('\\').join('/').replace(/^\.\//, '');
    byFile.set(rel, m.data.subarray(i * m.dim, (i + 1) * m.dim));
  });
  return { dim: m.dim, byFile, label: npyPath };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / Math.sqrt(na * nb || 1);
}

/** Unit length, as the project's own CLIP vectors are. */
function normalized(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const inv = 1 / Math.sqrt(n || 1);
  return Float32Array.from(v, (x) => x * inv);
}

/**
 * Refuses a wrong dimension or a sample that does not match the encoder (cosine < 0.98) with a
 * clear error. Returns the vectors of the gallery's files, normalized, and the model id they stand for.
 */
export async function checkImportedVectors(
  imported: ImportedVectors, galleryFiles: readonly string[], encoder: ClipEncoder | undefined, from: string, modelId: string | undefined,
  log: (line: string) => void,
): Promise<{ byFile: Map<string, Float32Array>; modelId: string }> {
  const expected = encoder?.dim ?? (modelId ? KNOWN_DIMS[modelId] : undefined);
  if (!modelId) throw new Error('--vectors needs to know which CLIP model made them: pass --model ID (its folder need not be present)');
  if (expected === undefined) throw new Error(`--vectors: cannot check the dimension: the model ${modelId} is not present and its size is not known`);
  if (imported.dim !== expected) throw new Error(`--vectors: ${imported.label} holds ${imported.dim}-dimensional vectors but ${modelId} makes ${expected}-dimensional ones: refused`);
  const byFile = new Map<string, Float32Array>();
  for (const f of galleryFiles) {
    const v = imported.byFile.get(f);
    if (v) byFile.set(f, normalized(v));
  }
  const extra = imported.byFile.size - byFile.size;
  if (extra > 0) log(`gallery: --vectors: ${extra} vectors name files that are not in the gallery (skipped or absent); ignored`);
  if (byFile.size === 0) throw new Error(`--vectors: none of the files in the list is an image of the gallery (paths must be relative to ${from})`);
  if (!encoder) {
    log(`gallery: --vectors: the model is not present here: ${byFile.size} vectors imported on trust (dimension ${imported.dim} checked, not their content)`);
    return { byFile, modelId };
  }
  const files = [...byFile.keys()];
  const step = Math.max(1, Math.floor(files.length / SAMPLE));
  const sample = files.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  const rasters = await Promise.all(sample.map(async (f) => decodeBytes(await readFile(join(from, f)), f)));
  const own = await encoder.embedImages(rasters);
  const scores = sample.map((f, i) => ({ f, cos: cosine(own[i], byFile.get(f)!) }));
  const worst = scores.reduce((a, b) => (b.cos < a.cos ? b : a));
  if (worst.cos < MIN_SAMPLE_COSINE) {
    throw new Error(`--vectors: the imported vector of ${worst.f} does not match this project's ${modelId} encoder (cosine ${worst.cos.toFixed(3)} < ${MIN_SAMPLE_COSINE}): another model, other pre-processing or another row order? Refused`);
  }
  log(`gallery: --vectors: ${sample.length} sampled vectors match the encoder (lowest cosine ${worst.cos.toFixed(3)})`);
  return { byFile, modelId };
}
