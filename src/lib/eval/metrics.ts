/**
 * Retrieval metrics over ranked lists. Pure: no I/O, no engine knowledge.
 *
 * A ranking is the list of result labels in rank order (best first); an item is relevant to a
 * query when its label equals the query's label.
 */

/**
 * Average precision of one ranked list: the mean, over every relevant item, of the precision at
 * the rank where it appears. Relevant items that never appear in the list count as precision 0
 * (so a truncated list is penalised, not flattered). Returns NaN when there is nothing relevant,
 * because such a query says nothing about the ranking; callers skip it.
 */
export function averagePrecision(relevantAt: readonly boolean[], totalRelevant: number): number {
  if (totalRelevant <= 0) return NaN;
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < relevantAt.length && hits < totalRelevant; i++) {
    if (relevantAt[i]) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / totalRelevant;
}

/** Precision at 1: is the first result relevant? NaN when the list is empty or nothing is relevant. */
export function precisionAt1(relevantAt: readonly boolean[], totalRelevant: number): number {
  if (totalRelevant <= 0 || relevantAt.length === 0) return NaN;
  return relevantAt[0] ? 1 : 0;
}

export interface QueryResult {
  readonly ap: number;
  readonly pAt1: number;
}

export interface Summary {
  /** queries that had at least one relevant item and entered the means */
  readonly queries: number;
  /** queries left out because no other item shares their label */
  readonly skipped: number;
  /** mean average precision over the counted queries (NaN if none) */
  readonly mAP: number;
  /** mean precision at 1 over the counted queries (NaN if none) */
  readonly pAt1: number;
}

/** Means over the queries whose AP is defined; the others are counted as skipped. */
export function summarise(results: readonly QueryResult[]): Summary {
  let queries = 0, skipped = 0, ap = 0, p1 = 0;
  for (const r of results) {
    if (Number.isNaN(r.ap)) { skipped++; continue; }
    queries++;
    ap += r.ap;
    p1 += r.pAt1;
  }
  return { queries, skipped, mAP: queries ? ap / queries : NaN, pAt1: queries ? p1 / queries : NaN };
}

/** Scores one query from its ranked result labels. */
export function scoreQuery<L>(queryLabel: L, rankedLabels: readonly L[], totalRelevant: number): QueryResult {
  const rel = rankedLabels.map((l) => l === queryLabel);
  return { ap: averagePrecision(rel, totalRelevant), pAt1: precisionAt1(rel, totalRelevant) };
}

/** How many items carry each label. */
export function labelCounts<L>(labels: readonly L[]): Map<L, number> {
  const counts = new Map<L, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return counts;
}
