/**
 * Reading records that were stored earlier (IndexedDB, localStorage): whatever is there may be
 * from an older version, a bug, another tab, or a person with the devtools open. These checks
 * turn an unknown value into a typed one or throw a RecordError naming the wrong field, and
 * `keepValid` drops the bad records one by one, so one bad record never hides the good ones.
 */
import { MessageError } from '../messages/message-error.ts';
import { asText, message, type Sentence } from '../messages/sentence.ts';

export class RecordError extends MessageError {
  constructor(what: Sentence) {
    super(asText(what));
    this.name = 'RecordError';
  }
}

export type Fields = Readonly<Record<string, unknown>>;

export function record(value: unknown, where: string): Fields {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RecordError(message('worker.notObject', { where }));
  return value as Fields;
}

export function list(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new RecordError(message('worker.notList', { where }));
  return value;
}

export function str(o: Fields, key: string, where: string): string {
  const value = o[key];
  if (typeof value !== 'string') throw new RecordError(message('worker.notString', { where: `${where}.${key}` }));
  return value;
}

export function num(o: Fields, key: string, where: string): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RecordError(message('worker.notNumber', { where: `${where}.${key}` }));
  return value;
}

export function bool(o: Fields, key: string, where: string): boolean {
  const value = o[key];
  if (typeof value !== 'boolean') throw new RecordError(`${where}.${key} is not true or false`);
  return value;
}

export function oneOf<T extends string>(o: Fields, key: string, where: string, allowed: readonly T[]): T {
  const value = o[key];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RecordError(`${where}.${key} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A Float32Array of finite numbers (IndexedDB keeps typed arrays as they were put). */
export function vector(o: Fields, key: string, where: string): Float32Array {
  const value = o[key];
  if (!(value instanceof Float32Array)) throw new RecordError(`${where}.${key} is not a Float32Array`);
  for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i])) throw new RecordError(`${where}.${key} holds a non-finite number`);
  return value;
}

export function optional<T>(o: Fields, key: string, read: (o: Fields, key: string) => T): T | undefined {
  return o[key] === undefined ? undefined : read(o, key);
}

/**
 * The rows that pass `check`, in order; each one that does not is reported through `report`
 * (the console, in the app) with why, and left out.
 */
export function keepValid<T>(rows: readonly unknown[], check: (row: unknown) => T, what: string, report: (message: string) => void): T[] {
  const kept: T[] = [];
  rows.forEach((row, i) => {
    try {
      kept.push(check(row));
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      const key = row && typeof row === 'object' && 'id' in row ? ` "${String((row as { id: unknown }).id)}"` : ` ${i}`;
      report(`A stored ${what}${key} was skipped: ${e.message}.`);
    }
  });
  return kept;
}
