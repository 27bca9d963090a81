/** How many images one query may hold, and which of some newly given files fit. Pure. */
import { text, type Text } from '../i18n/types.ts';

export const MAX_QUERY_IMAGES = 5;

export interface Admission<T> {
  /** the files taken, in the order given */
  readonly accepted: readonly T[];
  /** the files refused because the query is full */
  readonly refused: readonly T[];
}

/** `used`: images already in the query plus those still being read. */
export function admit<T>(files: readonly T[], used: number, max = MAX_QUERY_IMAGES): Admission<T> {
  const room = Math.max(0, max - used);
  return { accepted: files.slice(0, room), refused: files.slice(room) };
}

/** Why files were refused (null when none were): says the limit and names what was left out. Shown translated. */
export function refusalMessage(names: readonly string[], max = MAX_QUERY_IMAGES): Text | null {
  if (names.length === 0) return null;
  const list = names.length <= 3 ? names.join(', ') : text('query.refusalMore', { names: names.slice(0, 3).join(', '), count: names.length - 3 });
  return text('query.refusal', { max, names: list, count: names.length });
}

/** What the drop zone offers (i18n keys): a full query invites no more images — no paste hint, no active picker. */
export interface DropOffer {
  readonly lead: 'drop.active' | 'drop.full' | 'drop.another' | 'drop.here';
  /** the "or paste one with Ctrl+V" line */
  readonly paste: boolean;
  /** the picker's label, or null while the query is full (shown disabled, with how to make room) */
  readonly pick: 'drop.add' | 'drop.choose' | null;
  readonly hint: 'drop.hint' | 'drop.fullHint' | null;
}

export function dropOffer(state: { readonly full: boolean; readonly compact: boolean; readonly active: boolean }): DropOffer {
  if (state.full) return { lead: 'drop.full', paste: false, pick: null, hint: 'drop.fullHint' };
  return {
    lead: state.active ? 'drop.active' : state.compact ? 'drop.another' : 'drop.here',
    paste: true,
    pick: state.compact ? 'drop.add' : 'drop.choose',
    hint: state.compact ? null : 'drop.hint',
  };
}
