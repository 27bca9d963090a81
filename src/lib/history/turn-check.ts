/**
 * A stored history turn, checked field by field on read (src/storage/history-db.ts), so that one
 * bad turn is skipped alone instead of breaking the whole history when it is drawn or re-run.
 */
import type { TextQueryVector } from '../engines/clip/text-query.ts';
import { SEARCH_ENGINE_IDS } from '../engines/types.ts';
import { MEASURES } from '../ranking/measures.ts';
import { INDEX_MODES } from '../search/index-mode.ts';
import { checkedFilters, sortOf } from '../search/filter-url.ts';
import { list, num, oneOf, optional, record, RecordError, str, vector, type Fields } from '../validate/fields.ts';
import type { HistoryTurn, TurnHit, TurnImage, TurnImageSource, TurnRef } from './turns.ts';

const index = (o: Fields, key: string, where: string): number => {
  const n = num(o, key, where);
  if (!Number.isInteger(n) || n < 0) throw new RecordError(`${where}.${key} is not a row number`);
  return n;
};

function source(value: unknown, where: string): TurnImageSource {
  const o = record(value, where);
  switch (o.kind) {
    case 'gallery':
      return { kind: 'gallery', index: index(o, 'index', where), id: str(o, 'id', where) };
    case 'collection':
      return { kind: 'collection', collection: str(o, 'collection', where), index: index(o, 'index', where), path: str(o, 'path', where) };
    case 'file': {
      if (!(o.pixels instanceof Uint8Array)) throw new RecordError(`${where}.pixels is not a Uint8Array`);
      const clip = optional(o, 'clip', (x, k) => vector(x, k, where));
      return {
        kind: 'file', width: num(o, 'width', where), height: num(o, 'height', where), format: str(o, 'format', where),
        classic: vector(o, 'classic', where), pixels: o.pixels, ...(clip ? { clip } : {}),
      };
    }
    default:
      throw new RecordError(`${where}.kind is not gallery, collection or file`);
  }
}

function image(value: unknown, where: string): TurnImage {
  const o = record(value, where);
  if (o.thumb !== undefined && !(o.thumb instanceof Blob)) throw new RecordError(`${where}.thumb is not an image`);
  return { name: str(o, 'name', where), source: source(o.source, `${where}.source`), ...(o.thumb ? { thumb: o.thumb } : {}) };
}

function ref(value: unknown, where: string): TurnRef {
  const o = record(value, where);
  const collection = optional(o, 'collection', (x, k) => str(x, k, where));
  return { item: index(o, 'item', where), id: str(o, 'id', where), ...(collection === undefined ? {} : { collection }) };
}

function hit(value: unknown, where: string): TurnHit {
  const o = record(value, where);
  const collection = optional(o, 'collection', (x, k) => str(x, k, where));
  return { id: str(o, 'id', where), index: index(o, 'index', where), score: num(o, 'score', where), name: str(o, 'name', where), ...(collection === undefined ? {} : { collection }) };
}

function textQuery(value: unknown, where: string): TextQueryVector {
  const o = record(value, where);
  vector(o, 'vector', where);
  str(o, 'searchedText', where);
  return o as unknown as TextQueryVector;
}

export function checkTurn(value: unknown): HistoryTurn {
  const where = 'turn';
  const o = record(value, where);
  const textQueryValue = o.textQuery === undefined ? undefined : textQuery(o.textQuery, `${where}.textQuery`);
  const mode = optional(o, 'index', (x, k) => oneOf(x, k, where, INDEX_MODES));
  const items = <T>(key: string, read: (v: unknown, w: string) => T) => list(o[key], `${where}.${key}`).map((v, i) => read(v, `${where}.${key}[${i}]`));
  return {
    id: str(o, 'id', where),
    created: num(o, 'created', where),
    updated: num(o, 'updated', where),
    text: str(o, 'text', where),
    ...(textQueryValue ? { textQuery: textQueryValue } : {}),
    images: items('images', image),
    engine: oneOf(o, 'engine', where, SEARCH_ENGINE_IDS),
    measure: oneOf(o, 'measure', where, MEASURES),
    k: num(o, 'k', where),
    ...(mode ? { index: mode } : {}),
    alpha: num(o, 'alpha', where),
    // filters and sort are absent in turns stored before they were recorded (put back with none);
    // an unknown value in them is dropped, not the turn
    ...(o.filters === undefined ? {} : { filters: checkedFilters(o.filters) }),
    ...(o.sort === undefined ? {} : { sort: sortOf(o.sort) }),
    positive: items('positive', ref),
    negative: items('negative', ref),
    hits: items('hits', hit),
  };
}
