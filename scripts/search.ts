/**
 * npm run search -- --gallery DIR (--text "…" | --image FILE)... [--alpha A] [--engine pixels|classic|clip]
 *                   [--measure M] [--model PATH_OR_ID] [--top K] [--json]
 * Ranks DIR's images for a query: DIR is either a built gallery (manifest.json + vector files,
 * e.g. public/gallery) or any folder of images, indexed on the fly. Text needs the clip engine;
 * text and images together make the hybrid query normalize(α·text + (1−α)·mean(images)).
 * Prints "score  file" lines, or with --json exactly {"results":[{"file","score"}]} on stdout.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classicQueryVector } from '../src/lib/engines/classic/grey-query.ts';
import { hybridQuery, mean } from '../src/lib/engines/clip/query.ts';
import { isSearchEngineId, type SearchEngineId } from '../src/lib/engines/types.ts';
import { decodeVectors, type VectorMatrix } from '../src/lib/format/vectors.ts';
import { parseManifest } from '../src/lib/gallery/manifest.ts';
import { isMeasureId, type MeasureId } from '../src/lib/ranking/measures.ts';
import { topK } from '../src/lib/ranking/topk.ts';
import { decodeFile } from './lib/decode-node.ts';
import { listFiles } from './lib/image-files.ts';
import { nodeEmbedder, type NodeEmbedder } from './lib/node-embedder.ts';
import { encodeTextQuery } from '../src/lib/query/text-terms.ts';

const USAGE = 'usage: npm run search -- --gallery DIR (--text "…" | --image FILE)... [--alpha A] [--engine pixels|classic|clip] [--measure M] [--model PATH] [--top K] [--json]';

interface Options { gallery: string; texts: string[]; images: string[]; alpha: number; engine: SearchEngineId; measure?: MeasureId; model?: string; top: number; json: boolean }

function parseArgs(argv: string[]): Options {
  const o: Options = { gallery: '', texts: [], images: [], alpha: 0.6, engine: 'classic', top: 10, json: false };
  let engineGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], next = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value\n${USAGE}`); return argv[++i]; };
    if (a === '--gallery') o.gallery = next();
    else if (a === '--text') o.texts.push(next());
    else if (a === '--image') o.images.push(next());
    else if (a === '--alpha') o.alpha = Number(next());
    else if (a === '--engine') { const e = next(); if (!isSearchEngineId(e)) throw new Error(`unknown engine "${e}"`); o.engine = e; engineGiven = true; }
    else if (a === '--measure') { const m = next(); if (!isMeasureId(m)) throw new Error(`unknown measure "${m}"`); o.measure = m; }
    else if (a === '--model') o.model = next();
    else if (a === '--top') o.top = Number(next());
    else if (a === '--json') o.json = true;
    else if (a === '-h' || a === '--help') { console.error(USAGE); process.exit(0); }
    else throw new Error(`unknown argument "${a}"\n${USAGE}`);
  }
  if (!o.gallery) throw new Error(`--gallery DIR is required\n${USAGE}`);
  if (!o.texts.length && !o.images.length) throw new Error(`give at least one --text or --image\n${USAGE}`);
  if (o.texts.length && !engineGiven) o.engine = 'clip';
  if (o.texts.length && o.engine !== 'clip') throw new Error('text queries need --engine clip');
  if (!(o.alpha >= 0 && o.alpha <= 1)) throw new Error(`--alpha must be between 0 and 1, got ${o.alpha}`);
  if (!(o.top >= 1)) throw new Error(`--top must be at least 1`);
  return o;
}

/** A built gallery's vectors for the engine, or the folder indexed now. */
async function loadIndex(o: Options, embedder: NodeEmbedder): Promise<{ files: string[]; matrix: VectorMatrix }> {
  if (existsSync(join(o.gallery, 'manifest.json'))) {
    const manifest = parseManifest(JSON.parse(await readFile(join(o.gallery, 'manifest.json'), 'utf8')));
    const entry = manifest.engines[o.engine];
    if (!entry) throw new Error(`${o.gallery} has no ${o.engine} vectors (rebuild it with npm run gallery)`);
    const { matrix } = decodeVectors(new Uint8Array(await readFile(join(o.gallery, entry.file))), entry.file);
    if (matrix.dim !== embedder.dim) throw new Error(`${entry.file} has ${matrix.dim}-d vectors; this ${o.engine} engine makes ${embedder.dim}-d (another model?)`);
    return { files: manifest.items.map((it) => it.file), matrix };
  }
  const files: string[] = [], rows: Float32Array[] = [];
  for (const f of await listFiles(o.gallery)) {
    try {
      const [v] = await embedder.embedImages([await decodeFile(join(o.gallery, f))]);
      files.push(f);
      rows.push(v);
    } catch (e) {
      console.error(`skipped ${f}: ${(e as Error).message}`);
    }
  }
  if (!rows.length) throw new Error(`no readable images in ${o.gallery}`);
  const data = new Float32Array(rows.length * embedder.dim);
  rows.forEach((r, i) => data.set(r, i * embedder.dim));
  console.error(`search: indexed ${rows.length} images of ${o.gallery}`);
  return { files, matrix: { kind: 'f32', dim: embedder.dim, count: rows.length, data } };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const embedder = await nodeEmbedder(o.engine, o.model);
  try {
    const { files, matrix } = await loadIndex(o, embedder);
    const images = await embedder.embedImages(await Promise.all(o.images.map((f) => decodeFile(f))));
    let query: Float32Array;
    if (o.engine === 'clip') {
      const texts = [];
      for (const t of o.texts) {
        // The text box's query language (-word, 2:word, "phrases"): each term encoded, then combined.
        const e = await encodeTextQuery(t, async (term) => ({ ...(await embedder.embedText!(term)), searchedText: term, ms: 0 }));
        if (e.truncated) console.error(`search: "${t.slice(0, 40)}…" is longer than 77 tokens; only the first ${e.tokens} were used`);
        texts.push(e.vector);
      }
      query = hybridQuery({ text: texts.length ? mean(texts) : undefined, images, alpha: o.alpha });
    } else {
      query = images.length === 1 ? images[0] : mean(images);
      if (o.engine === 'classic') query = classicQueryVector(query); // as the search worker does
    }
    const hits = topK(query, matrix, o.measure ?? embedder.defaultMeasure, o.top);
    const results = hits.map((h) => ({ file: files[h.index], score: h.score }));
    if (o.json) console.log(JSON.stringify({ results }));
    else for (const r of results) console.log(`${r.score.toFixed(4)}  ${r.file}`);
  } finally {
    await embedder.dispose();
  }
}

main().catch((e) => {
  console.error(`search: ${(e as Error).message}`);
  process.exit(1);
});
