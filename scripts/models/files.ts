/**
 * Which files a model needs: the transformers.js CLIP layout per dtype, or an explicit list.
 * Pure: no I/O.
 */

export type Dtype = 'q8' | 'fp16' | 'fp32';
export const DTYPES: readonly Dtype[] = ['q8', 'fp16', 'fp32'];

/** The file-name suffix transformers.js uses for each dtype (`onnx/<name>{suffix}.onnx`). */
export const DTYPE_SUFFIX: Record<Dtype, string> = { q8: '_quantized', fp16: '_fp16', fp32: '' };

export const DEFAULT_MODEL = 'Xenova/clip-vit-base-patch32';

/** One file to fetch: its path inside the repository and whether a 404 is acceptable. */
export interface WantedFile {
  path: string;
  optional: boolean;
}

/** Config and tokenizer files of a CLIP repository; special_tokens_map.json is absent from some. */
export const CLIP_CONFIG_FILES: readonly WantedFile[] = [
  { path: 'config.json', optional: false },
  { path: 'preprocessor_config.json', optional: false },
  { path: 'tokenizer.json', optional: false },
  { path: 'tokenizer_config.json', optional: false },
  { path: 'special_tokens_map.json', optional: true },
];

/** `q8`, `fp16`, `fp32` or `all` → the dtypes it stands for; throws on anything else. */
export function parseDtype(value: string): Dtype[] {
  const v = value.trim().toLowerCase();
  if (v === 'all') return [...DTYPES];
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new Error(`--dtype needs a value: ${DTYPES.join(', ')} or all`);
  for (const d of list) {
    if (!(DTYPES as readonly string[]).includes(d)) throw new Error(`unknown --dtype "${d}" (use ${DTYPES.join(', ')} or all)`);
  }
  return [...new Set(list as Dtype[])];
}

/** The CLIP file list for the given dtypes: config files, then the vision and text towers of each dtype. */
export function clipFiles(dtypes: readonly Dtype[]): WantedFile[] {
  const onnx = dtypes.flatMap((d) => [
    { path: `onnx/vision_model${DTYPE_SUFFIX[d]}.onnx`, optional: false },
    { path: `onnx/text_model${DTYPE_SUFFIX[d]}.onnx`, optional: false },
  ]);
  return [...CLIP_CONFIG_FILES, ...onnx];
}

/**
 * `--files a,b,c?` → the list; a trailing `?` marks a file optional. Paths must be relative,
 * forward-slashed and free of `..` so that they cannot escape the output folder.
 */
export function parseFilesOption(value: string): WantedFile[] {
  const out: WantedFile[] = [];
  const seen = new Set<string>();
  for (const raw of value.split(',')) {
    let p = raw.trim();
    if (!p) continue;
    const optional = p.endsWith('?');
    if (optional) p = p.slice(0, -1).trim();
    checkRepoPath(p);
    if (seen.has(p)) continue;
    seen.add(p);
    out.push({ path: p, optional });
  }
  if (out.length === 0) throw new Error('--files needs at least one path');
  return out;
}

/** Throws unless `p` is a safe relative path inside a repository. */
export function checkRepoPath(p: string): void {
  if (!p || p.startsWith('/') || p.includes('\\') || p.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`bad file path "${p}": use a relative path like onnx/model.onnx`);
  }
}

/** Throws unless `id` looks like `owner/name` (or a bare `name`), each part safe as a folder name. */
export function checkModelId(id: string): void {
  const parts = id.split('/');
  const ok = parts.length >= 1 && parts.length <= 2 && parts.every((s) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) && !s.includes('..'));
  if (!ok) throw new Error(`bad model id "${id}": expected owner/name, e.g. ${DEFAULT_MODEL}`);
}

/** The directory part of a repository path: `onnx/x.onnx` → `onnx`, `config.json` → ``. */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
