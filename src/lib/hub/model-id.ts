/**
 * A Hugging Face Hub model id, `owner/name` (or a bare `name`, as the Hub's oldest models and
 * this project's test models in the site's models/ folder are), checked before it becomes part of a URL or a path:
 * transformers.js joins it into `<models path>/<id>/…` and `https://huggingface.co/<id>/…`, so an
 * id like `//evil.example/x`, `../x` or `a/b/c` would lead the download somewhere else.
 * The Hub's rule for each part: letters, digits, `-`, `_`, `.`; no `--` or `..`; no `-` or `.`
 * at either end; at most 96 characters; not ending in `.git` or `.ipynb` (transformers.js's own rule).
 */
import { message, type Text } from '../messages/sentence.ts';

const PART = /^(?![.-])(?!.*(?:--|\.\.))[A-Za-z0-9._-]{1,96}(?<![.-])$/;

export function isHubModelId(id: unknown): id is string {
  if (typeof id !== 'string') return false;
  const parts = id.split('/');
  return (parts.length === 1 || parts.length === 2) && parts.every((p) => PART.test(p)) && !/\.(?:git|ipynb)$/.test(id);
}

/** Why `id` is not a model id, or undefined when it is one. */
export function hubModelIdProblem(id: unknown): Text | undefined {
  if (isHubModelId(id)) return undefined;
  const shown = typeof id === 'string' ? id.slice(0, 120) : String(id);
  return message('worker.badModelId', { model: shown });
}
