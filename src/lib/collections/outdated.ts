/**
 * A collection whose classic vectors were made by an earlier version of the classic engine (its
 * vectors would be compared with a query's of another version). Indexing the same folder again
 * recomputes them (src/lib/collections/plan.ts, `classicOutdated`); the page offers it.
 */
import type { CollectionRecord } from './types.ts';

export function classicOutdated(c: Pick<CollectionRecord, 'count' | 'state' | 'engines'>, currentVersion: number): boolean {
  return c.count > 0 && c.state !== 'indexing' && c.engines.classic.version !== currentVersion;
}
