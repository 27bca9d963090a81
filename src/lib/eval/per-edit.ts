import { summarise, type QueryResult, type Summary } from './metrics.ts';

/**
 * The edit a near-duplicate set file stands for: its file name without folder or extension
 * (scripts/make-neardup-set.ts writes OUT/<group>/<edit>.jpg, e.g. "crop", "mirror", "orig").
 */
export function editTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * mAP and P@1 of the queries of each edit type, so a change that helps crops but hurts mirrors
 * shows up. Edit types are sorted by name; queries skipped in the means stay skipped here.
 */
export function summaryByEditType(perQuery: readonly QueryResult[], editTypes: readonly string[]): Map<string, Summary> {
  if (perQuery.length !== editTypes.length) throw new RangeError(`${editTypes.length} edit types for ${perQuery.length} queries`);
  const buckets = new Map<string, QueryResult[]>();
  perQuery.forEach((q, i) => {
    const list = buckets.get(editTypes[i]);
    if (list) list.push(q);
    else buckets.set(editTypes[i], [q]);
  });
  return new Map([...buckets.keys()].sort().map((k) => [k, summarise(buckets.get(k)!)]));
}
