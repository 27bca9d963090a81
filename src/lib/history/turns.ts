/**
 * The search history: each search the person makes (its query and its top results) is a turn.
 * These are the records kept in IndexedDB (src/storage/history-db.ts) and the pure rules for
 * keeping them: newest first, one record per turn id, at most HISTORY_CAP turns. No DOM, no I/O.
 */
import type { SearchEngineId } from '../engines/types.ts';
import type { TextQueryVector } from '../engines/clip/text-query.ts';
import type { MeasureId } from '../ranking/measures.ts';
import type { IndexMode } from '../search/index-mode.ts';
import type { SearchFilters, SortOrder } from '../search/filters.ts';
import type { Translate } from '../i18n/types.ts';
import type { StoredImageRef } from '../images/image-ref.ts';

/** Turns kept; the oldest are dropped beyond it. */
export const HISTORY_CAP = 100;
/** Longer side of a query image's stored thumbnail, px. */
export const HISTORY_THUMB_SIDE = 128;
/** Results kept per turn (ids, scores and names only). */
export const HISTORY_HITS = 50;

/** What a turn needs to run an image again: a stored image's place, or the file's vectors. */
export type TurnImageSource =
  | StoredImageRef
  | {
      readonly kind: 'file';
      readonly width: number;
      readonly height: number;
      readonly format: string;
      readonly classic: Float32Array;
      /** raw-pixel vector as bytes (its values are byte / 255, so this is lossless) */
      readonly pixels: Uint8Array;
      /** the CLIP vector, when one was computed while the file was at hand */
      readonly clip?: Float32Array;
    };

export interface TurnImage {
  readonly name: string;
  /** ≤ HISTORY_THUMB_SIDE px preview made in the page; absent when it could not be made */
  readonly thumb?: Blob;
  readonly source: TurnImageSource;
}

/** A result marked good or bad (relevance feedback), by its place in its source. */
export interface TurnRef {
  readonly item: number;
  readonly collection?: string;
  readonly id: string;
}

export interface TurnHit {
  readonly id: string;
  readonly index: number;
  readonly score: number;
  readonly collection?: string;
  readonly name: string;
}

export interface HistoryTurn {
  /** random, stable: a re-run or a change of settings updates the same turn */
  readonly id: string;
  readonly created: number;
  /** last time this turn was searched; the list is ordered by it, newest first */
  readonly updated: number;
  readonly text: string;
  /** what the CLIP text tower made of the text (its vector, translation, truncation), so a re-run needs no encoding */
  readonly textQuery?: TextQueryVector;
  readonly images: readonly TurnImage[];
  readonly engine: SearchEngineId;
  readonly measure: MeasureId;
  readonly k: number;
  /** the index mode it was ranked with (absent in turns stored before index modes: exact) */
  readonly index?: IndexMode;
  readonly alpha: number;
  /**
   * the filters it was searched with, as they filtered ({}: none); absent in turns stored before
   * filters were recorded, which are put back with none
   */
  readonly filters?: SearchFilters;
  /** the order its results were shown in (absent, as in turns stored before it was recorded: relevance) */
  readonly sort?: SortOrder;
  readonly positive: readonly TurnRef[];
  readonly negative: readonly TurnRef[];
  readonly hits: readonly TurnHit[];
}

/** Newest first (by `updated`, then `created`, then id, so the order is total). */
export function byNewest(a: HistoryTurn, b: HistoryTurn): number {
  return b.updated - a.updated || b.created - a.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Splits turns into those kept (newest first, at most `cap`) and those dropped (the oldest). */
export function trimTurns(turns: readonly HistoryTurn[], cap = HISTORY_CAP): { keep: HistoryTurn[]; drop: HistoryTurn[] } {
  const sorted = [...turns].sort(byNewest);
  const n = Math.max(0, Math.floor(cap));
  return { keep: sorted.slice(0, n), drop: sorted.slice(n) };
}

/** The list with `turn` put in (replacing a turn of the same id), newest first, trimmed to `cap`. */
export function upsertTurn(turns: readonly HistoryTurn[], turn: HistoryTurn, cap = HISTORY_CAP): { keep: HistoryTurn[]; drop: HistoryTurn[] } {
  return trimTurns([turn, ...turns.filter((t) => t.id !== turn.id)], cap);
}

export function packPixels(v: Float32Array): Uint8Array {
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, v[i])) * 255);
  return out;
}

export function unpackPixels(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] / 255;
  return out;
}

/** How many image names a turn's line shows before "and N more". */
const NAMES_SHOWN = 3;

/** One line for people, naming what was searched: "cat.jpg, dog.png + “red”", "“a dog”", "cat.jpg · refined (+1 −2)" (in the language of `t`). */
export function describeTurn(turn: Pick<HistoryTurn, 'text' | 'images' | 'positive' | 'negative'>, t: Translate): string {
  const parts: string[] = [];
  const names = turn.images.map((im) => im.name.split('/').at(-1) || im.name);
  if (names.length > NAMES_SHOWN) parts.push(t('turn.namesMore', { names: names.slice(0, NAMES_SHOWN).join(', '), count: names.length - NAMES_SHOWN }));
  else if (names.length) parts.push(names.join(', '));
  if (turn.text) parts.push(t('turn.text', { text: turn.text }));
  const line = parts.join(' + ') || t('turn.empty');
  if (turn.positive.length || turn.negative.length) return t('turn.refined', { line, good: String(turn.positive.length), bad: String(turn.negative.length) });
  return line;
}

/** What changed in the query since its last search. */
export type QueryChange = 'images-added' | 'images-removed' | 'text' | 'replaced' | 'refined' | 'marks-cleared';

/**
 * Whether a change starts a new history turn: one turn per search the person submits, updated
 * while they compose it (adding or removing images, clearing marks, adding a text to images).
 * A new query (an example, "find similar", a different text in place of another) and a Refine
 * start one; so does editing a query put back from the history, which keeps the stored turn as it was.
 */
export function startsNewTurn(change: QueryChange, context: { readonly previousText: string; readonly text: string; readonly restored: boolean }): boolean {
  if (change === 'replaced' || change === 'refined') return true;
  if (context.restored) return true;
  if (change === 'text') return !!context.previousText && !!context.text && context.previousText !== context.text;
  return false;
}
