/**
 * "Find duplicates" of a collection: the groups the search worker finds (workers/search/duplicates.ts)
 * at the chosen threshold; moving the threshold re-groups from the worker's cached neighbour lists.
 */
import { onSearchEvent } from '../bridge/search-events.ts';
import { LatestTask } from './search/latest-task.ts';
import { searchClient } from '../bridge/clients.ts';
import { DEFAULT_DUPLICATE_THRESHOLD, MIN_DUPLICATE_THRESHOLD } from '../lib/duplicates/groups.ts';
import type { CollectionRecord } from '../lib/collections/types.ts';
import type { DuplicateGroup, DuplicatesResult } from '../protocol/map.ts';
import { toWorkerErrorData, type WorkerErrorData } from '../protocol/errors.ts';

export type DuplicatesStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working'; readonly phase: string; readonly fraction: number }
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: WorkerErrorData };

export class DuplicatesState {
  /** the collection being looked at; null when the view is closed */
  collection = $state.raw<CollectionRecord | null>(null);
  threshold = $state(DEFAULT_DUPLICATE_THRESHOLD);
  status = $state.raw<DuplicatesStatus>({ kind: 'idle' });
  result = $state.raw<DuplicatesResult | null>(null);
  /** images the person chose to keep instead of a group's suggestion (paths; groups change with the threshold) */
  kept = $state.raw<readonly string[]>([]);
  readonly #latest = new LatestTask();

  constructor() {
    onSearchEvent((e) => {
      if (e.type === 'map-progress' && e.task === 'duplicates' && this.status.kind === 'working') {
        this.status = { kind: 'working', phase: e.phase, fraction: e.fraction };
      }
    });
  }

  open(c: CollectionRecord): void {
    this.collection = c;
    this.result = null;
    this.kept = [];
    void this.run();
  }

  close(): void {
    this.collection = null;
    this.#latest.cancel();
  }

  setThreshold(t: number): void {
    const v = Math.min(1, Math.max(MIN_DUPLICATE_THRESHOLD, t));
    if (v === this.threshold) return;
    this.threshold = v;
    void this.run();
  }

  /** The path kept in a group: the person's choice when exactly one of theirs is in it, else the suggestion. */
  keeperOf(group: DuplicateGroup): string {
    const mine = group.items.filter((it) => this.kept.includes(it.path));
    return mine.length === 1 ? mine[0].path : group.items[group.keeper.index].path;
  }

  /** Keeps `path` in its group (any earlier choice in that group is dropped). */
  keep(group: DuplicateGroup, path: string): void {
    const inGroup = new Set(group.items.map((it) => it.path));
    this.kept = [...this.kept.filter((p) => !inGroup.has(p)), path];
  }

  /** Every grouped image that is not kept, group by group: the list the person can act on. */
  notKept(): string[] {
    return (this.result?.groups ?? []).flatMap((g) => {
      const keeper = this.keeperOf(g);
      return g.items.filter((it) => it.path !== keeper).map((it) => it.path);
    });
  }

  async run(): Promise<void> {
    const c = this.collection;
    if (!c) return;
    const task = this.#latest.start();
    if (!this.result) this.status = { kind: 'working', phase: 'read', fraction: 0 };
    try {
      const r = await searchClient.duplicates(task.signal, c.id, { threshold: this.threshold, revision: c.updated });
      if (!task.current) return;
      this.result = r;
      this.status = { kind: 'ready' };
    } catch (e) {
      if (!task.current) return;
      this.status = { kind: 'failed', error: toWorkerErrorData(e) };
    }
  }
}
