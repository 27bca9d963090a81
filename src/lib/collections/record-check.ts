/** A stored CollectionRecord, checked field by field on read (src/storage/collections-db.ts). */
import { num, oneOf, optional, record, RecordError, str, bool, type Fields } from '../validate/fields.ts';
import type { CollectionEngine, CollectionRecord } from './types.ts';

function engine(value: unknown, where: string): CollectionEngine {
  const o = record(value, where);
  const model = optional(o, 'model', (x, k) => str(x, k, where));
  const dim = num(o, 'dim', where);
  if (!Number.isInteger(dim) || dim < 1) throw new RecordError(`${where}.dim is not a positive whole number`);
  return { version: num(o, 'version', where), dim, ...(model === undefined ? {} : { model }) };
}

export function checkCollectionRecord(value: unknown): CollectionRecord {
  const where = 'collection';
  const o: Fields = record(value, where);
  const engines = record(o.engines, `${where}.engines`);
  const clip = engines.clip === undefined ? undefined : engine(engines.clip, `${where}.engines.clip`);
  return {
    id: str(o, 'id', where),
    name: str(o, 'name', where),
    created: num(o, 'created', where),
    updated: num(o, 'updated', where),
    engines: { classic: engine(engines.classic, `${where}.engines.classic`), ...(clip ? { clip } : {}) },
    count: num(o, 'count', where),
    skipped: num(o, 'skipped', where),
    bytes: num(o, 'bytes', where),
    state: oneOf(o, 'state', where, ['indexing', 'ready'] as const),
    pending: num(o, 'pending', where),
    hasHandle: bool(o, 'hasHandle', where),
  };
}
