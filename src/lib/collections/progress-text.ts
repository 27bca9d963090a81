/** The detail line of an indexing run (pure): counts, speed, time left, and a run with nothing to do said as such. */
import { text, type Text } from '../i18n/types.ts';

export interface RunCounts {
  readonly state: string;
  readonly done: number;
  readonly total: number;
  readonly unchanged: number;
  readonly removed: number;
  readonly rate: number;
  readonly etaMs?: number;
}

/** Each part of the line; `rate`/`time` hold the raw numbers for the page to format in its language. */
export type RunPart =
  | { readonly kind: 'text'; readonly text: Text }
  | { readonly kind: 'rate'; readonly rate: number }
  | { readonly kind: 'eta'; readonly ms: number };

export function runDetail(p: RunCounts): RunPart[] {
  // Everything was already stored: "0 of 0" says nothing; say that nothing was new.
  if (p.total === 0 && p.unchanged > 0 && p.state !== 'planning') {
    const parts: RunPart[] = [{ kind: 'text', text: text('index.nothingNew', { count: p.unchanged }) }];
    if (p.removed) parts.push({ kind: 'text', text: text('index.removed', { count: p.removed }) });
    return parts;
  }
  const parts: RunPart[] = [{ kind: 'text', text: text('common.ofTotal', { part: p.done, total: p.total }) }];
  if (p.rate > 0 && p.state === 'running') parts.push({ kind: 'rate', rate: p.rate });
  if (p.etaMs !== undefined && p.state === 'running') parts.push({ kind: 'eta', ms: p.etaMs });
  if (p.unchanged) parts.push({ kind: 'text', text: text('index.unchanged', { count: p.unchanged }) });
  if (p.removed) parts.push({ kind: 'text', text: text('index.removed', { count: p.removed }) });
  return parts;
}
