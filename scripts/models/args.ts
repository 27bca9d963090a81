/** Command-line parsing for `npm run models`. Pure: no I/O. */
import { DEFAULT_MODEL, checkModelId, clipFiles, parseDtype, parseFilesOption, type Dtype, type WantedFile } from './files.ts';

export interface CliOptions {
  help: boolean;
  modelId: string;
  dtypes: Dtype[];
  files: WantedFile[];
  /** True when --files chose the list (dtype then plays no part). */
  customFiles: boolean;
  outDir: string;
  revision: string;
  retries: number;
}

export const USAGE = `Usage: npm run models [-- <model-id>] [options]

Downloads a transformers.js model from the Hugging Face Hub into <out>/<model-id>/.

  <model-id>            owner/name (default ${DEFAULT_MODEL})
  --dtype q8|fp16|fp32|all
                        which ONNX weights of a CLIP model (default q8 = *_quantized.onnx);
                        several with commas, e.g. q8,fp16
  --files a,b,c         download exactly these repository paths instead of the CLIP layout;
                        a trailing ? marks a file optional (e.g. special_tokens_map.json?)
  --out DIR             root folder (default public/models)
  --revision REV        branch, tag or commit (default main)
  --retries N           retries per request on network errors and 429/5xx (default 3)
  -h, --help            this text

Environment: HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (for gated/private repos).
Partial downloads are kept as <file>.part and resumed by the next run.`;

const WITH_VALUE = new Set(['--dtype', '--out', '--revision', '--files', '--retries']);

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') { help = true; continue; }
    if (a === '--') continue;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (!WITH_VALUE.has(name)) throw new Error(`unknown option ${name}\n\n${USAGE}`);
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new Error(`${name} needs a value`);
      values.set(name, value);
      continue;
    }
    positional.push(a);
  }
  if (positional.length > 1) throw new Error(`one model id at a time (got ${positional.join(', ')})`);
  const modelId = positional[0] ?? DEFAULT_MODEL;
  checkModelId(modelId);
  const dtypes = parseDtype(values.get('--dtype') ?? 'q8');
  const filesOpt = values.get('--files');
  const files = filesOpt !== undefined ? parseFilesOption(filesOpt) : clipFiles(dtypes);
  const retriesRaw = values.get('--retries') ?? '3';
  if (!/^\d+$/.test(retriesRaw)) throw new Error(`--retries must be a whole number (got "${retriesRaw}")`);
  return {
    help,
    modelId,
    dtypes,
    files,
    customFiles: filesOpt !== undefined,
    outDir: values.get('--out') ?? 'public/models',
    revision: values.get('--revision') ?? 'main',
    retries: Number(retriesRaw),
  };
}
