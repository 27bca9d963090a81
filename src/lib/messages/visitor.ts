/**
 * Some worker messages are written for whoever builds the site (they name build commands such as
 * "npm run models"): they stay in the console and the CLIs, and the page shows a visitor's
 * version instead, nested messages included.
 */
import type { MessageKey } from '../i18n/en.ts';
import { isText, type Param, type Params, type Text } from '../i18n/types.ts';
import type { Sentence } from './sentence.ts';

const FOR_VISITORS: Partial<Record<MessageKey, MessageKey>> = {
  'worker.clipNotShipped': 'visitor.clipNotShipped',
  'worker.noEngineVectorsClip': 'visitor.noEngineVectors',
  'worker.noEngineVectors': 'visitor.noEngineVectors',
};

function param(p: Param): Param {
  return isText(p) ? forVisitors(p) : p;
}

export function forVisitors<S extends Sentence>(s: S): S {
  if (typeof s === 'string') return s;
  const t: Text = s;
  const key = FOR_VISITORS[t.key] ?? t.key;
  if (!t.params) return (key === t.key ? t : { key }) as S;
  const params: Record<string, Param> = {};
  for (const [name, value] of Object.entries(t.params)) params[name] = param(value);
  return { key, params: params as Params } as S;
}
