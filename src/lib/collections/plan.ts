import type { FileEntry } from './types.ts';

/** What is stored for a path (see CollectionsDb.known). */
export interface StoredFile extends FileEntry {
  readonly kind: 'image' | 'skipped';
  readonly hasClip: boolean;
}

export interface IndexPlan {
  /** files to read and embed: new, changed, or stored with vectors this app no longer uses */
  readonly todo: readonly FileEntry[];
  /** stored paths that are gone from the folder (only when the listing is the whole folder) */
  readonly removed: readonly string[];
  /** files already stored as they are */
  readonly unchanged: number;
}

export interface PlanOptions {
  /** the listing is the whole folder, so stored paths missing from it were deleted */
  readonly wholeFolder: boolean;
  /** the stored classic vectors are another engine version: every image is embedded again */
  readonly classicOutdated: boolean;
  /** CLIP vectors are being made now: stored images without one are embedded again */
  readonly wantClip: boolean;
}

/**
 * Incremental indexing: which files of a listing need work. A file is the same when its size and
 * modification time are (as rsync and most photo managers assume); skipped files stay skipped
 * until they change. Pure, so resume and re-index behaviour is tested without a browser.
 */
export function planIndex(listing: readonly FileEntry[], stored: ReadonlyMap<string, StoredFile>, options: PlanOptions): IndexPlan {
  const todo: FileEntry[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const entry of listing) {
    if (seen.has(entry.path)) continue;
    seen.add(entry.path);
    const old = stored.get(entry.path);
    const same = !!old && old.size === entry.size && old.mtime === entry.mtime;
    const stale = !!old && old.kind === 'image' && (options.classicOutdated || (options.wantClip && !old.hasClip));
    if (same && !stale) unchanged++;
    else todo.push(entry);
  }
  const removed = options.wholeFolder ? [...stored.keys()].filter((p) => !seen.has(p)) : [];
  return { todo, removed, unchanged };
}
