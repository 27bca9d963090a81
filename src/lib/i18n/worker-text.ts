/**
 * The workers and the pure core speak English (their sentences also go to the console, the CLIs
 * and stored skip reports). This turns such a sentence back into a Text, so the page can show it
 * in the chosen language: every `worker.*` / `method.*` message of en.ts is a template, and a
 * sentence that fits one yields its key and the values of its placeholders. A sentence that fits
 * none (a browser's own error text, say) is kept as it is.
 */
import { en, type MessageKey } from './en.ts';
import { text, type Params, type Text } from './types.ts';

/** Placeholders that hold another sentence of the same kind (recognised in turn). */
const NESTED = new Set(['reason', 'what', 'problem']);

/**
 * Worker sentences written for the person who builds the site (they name build commands such as
 * "npm run models"): they stay in the console and the docs, and the page shows a visitor's version.
 */
const SHOWN_AS: Partial<Record<MessageKey, MessageKey>> = {
  'worker.clipNotShipped': 'visitor.clipNotShipped',
  'worker.noEngineVectorsClip': 'visitor.noEngineVectors',
  'worker.noEngineVectors': 'visitor.noEngineVectors',
};

interface Matcher { readonly key: MessageKey; readonly re: RegExp; readonly names: readonly string[] }

let matchers: Matcher[] | undefined;

function compile(key: MessageKey, template: string): Matcher {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    source += template.slice(last, m.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const seen = names.indexOf(m[1]);
    if (seen >= 0) source += `\\${seen + 1}`;
    else {
      names.push(m[1]);
      source += '([\\s\\S]*?)';
    }
    last = m.index + m[0].length;
  }
  source += template.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { key, re: new RegExp(`^${source}$`), names };
}

function all(): Matcher[] {
  matchers ??= (Object.keys(en) as MessageKey[])
    .filter((k) => k.startsWith('worker.') || k.startsWith('method.'))
    .map((k) => {
      const m = en[k];
      return compile(k, typeof m === 'string' ? m : m.other);
    });
  return matchers;
}

/** A sentence from a worker (or the core) as a Text; `file`, when the sentence starts with it, is kept apart. */
export function fromWorker(message: string, file?: string): Text {
  if (file && message.startsWith(`${file}: `)) return text('error.withFile', { file, message: fromWorker(message.slice(file.length + 2)) });
  for (const { key, re, names } of all()) {
    const m = re.exec(message);
    if (!m) continue;
    const params: Record<string, string | Text> = {};
    names.forEach((name, i) => {
      const v = m[i + 1];
      params[name] = NESTED.has(name) ? fromWorker(v) : v;
    });
    const shown = SHOWN_AS[key] ?? key;
    return names.length ? text(shown, params as Params) : text(shown);
  }
  return text('error.raw', { text: message });
}

/** A search's method ("exact, WebAssembly SIMD scan + IVF, nprobe 8"), part by part. */
export function methodTexts(method: string): Text[] {
  return method.split(' + ').map((part) => fromWorker(part));
}
