/**
 * Resume decisions for `<file>.part`: what to do with a partial file before a request, which
 * Range to ask for, and what a response means for it. Pure: no I/O.
 */

/** What to do with an existing `.part` of `partSize` bytes when the file should be `expectedSize`. */
export type PartAction = 'fresh' | 'resume' | 'verify' | 'discard';

export function partAction(partSize: number, expectedSize: number | undefined): PartAction {
  if (partSize <= 0) return 'fresh';
  if (expectedSize === undefined) return 'resume';
  if (partSize < expectedSize) return 'resume';
  if (partSize === expectedSize) return 'verify';
  return 'discard';
}

/** The Range header for a request that continues after `partSize` bytes (none for a fresh start). */
export function rangeHeader(partSize: number): string | undefined {
  return partSize > 0 ? `bytes=${partSize}-` : undefined;
}

export type ContentRange =
  | { kind: 'range'; start: number; end: number; total?: number }
  | { kind: 'unsatisfied'; total?: number };

/** `bytes 100-199/1000`, `bytes 100-199/*`, `bytes *\/1000` → parsed; anything else → undefined. */
export function parseContentRange(value: string | null | undefined): ContentRange | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(v);
  if (m) {
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (end < start) return undefined;
    return { kind: 'range', start, end, total: m[3] === '*' ? undefined : Number(m[3]) };
  }
  m = /^bytes\s+\*\/(\d+|\*)$/i.exec(v);
  if (m) return { kind: 'unsatisfied', total: m[1] === '*' ? undefined : Number(m[1]) };
  return undefined;
}

/**
 * What a download response means for the `.part` we asked to continue:
 * - `append`: 206 starting exactly at `partSize`: add the body to the part.
 * - `restart`: 200 (the server ignored or does not support Range): write the body from byte 0.
 * - `complete`: 416 and the server says the file is `partSize` long: the part is whole.
 * - `discard`: the part does not fit what the server has (bad 206 start, 416 of another size):
 *   delete it and ask again without Range.
 * - `error`: any other status (the caller reports or retries it).
 */
export type ResponseAction = 'append' | 'restart' | 'complete' | 'discard' | 'error';

export function responseAction(status: number, partSize: number, contentRange: string | null | undefined): ResponseAction {
  if (status === 200) return 'restart';
  if (status === 206) {
    if (partSize <= 0) {
      // We sent no Range; a 206 from byte 0 still carries the whole file only if it covers it.
      const cr = parseContentRange(contentRange);
      return cr?.kind === 'range' && cr.start === 0 && cr.total !== undefined && cr.end === cr.total - 1 ? 'restart' : 'error';
    }
    const cr = parseContentRange(contentRange);
    return cr?.kind === 'range' && cr.start === partSize ? 'append' : 'discard';
  }
  if (status === 416 && partSize > 0) {
    const cr = parseContentRange(contentRange);
    return cr && cr.total === partSize ? 'complete' : 'discard';
  }
  return 'error';
}

/** HTTP statuses worth retrying. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Backoff before retry `attempt` (1-based): base·2^(attempt-1), capped, with ±20 % jitter from `rand`. */
export function backoffMs(attempt: number, baseMs: number, capMs = 15_000, rand: () => number = Math.random): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * rand()));
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds from `now`; undefined when absent or bad. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
