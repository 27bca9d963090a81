/**
 * The upgrade pass for collections indexed before dates taken were read: each stored image's
 * EXIF date is read from its file — no decoding, no embedding — when the file can be reached
 * (the folder added again, or a stored folder handle the browser still lets us read).
 */
import type { CollectionsDb, TakenDate } from '../storage/collections-db.ts';
import { readTakenDate } from './taken-date.ts';

/** Opens a stored path's file; throws (NotFoundError) when the file is gone. */
export type FileOpener = (path: string) => Promise<Blob>;

/**
 * The dates of `paths`. A file that is gone gets null: it will never have a date taken, so its
 * stored file date (`mtime`) stands. A file that cannot be read now (permission, a busy disk) is
 * left out, to be tried again on a later visit.
 */
export async function readDates(paths: readonly string[], open: FileOpener, signal?: AbortSignal): Promise<TakenDate[]> {
  const out: TakenDate[] = [];
  for (const path of paths) {
    if (signal?.aborted) break;
    let file: Blob;
    try {
      file = await open(path);
    } catch (e) {
      if ((e as Error)?.name === 'NotFoundError') out.push({ path, taken: null });
      continue;
    }
    out.push({ path, taken: await readTakenDate(file) });
  }
  return out;
}

/** The file at a "/"-separated path of a folder handle (NotFoundError when it is gone). */
export async function openInFolder(folder: FileSystemDirectoryHandle, path: string): Promise<File> {
  const parts = path.split('/');
  let dir = folder;
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  return (await dir.getFileHandle(parts.at(-1)!)).getFile();
}

/** A stored folder handle; asking for its permission is Chromium-only (src/indexing/fs-access.d.ts). */
interface ReadableFolder extends FileSystemDirectoryHandle {
  queryPermission?(descriptor?: { mode?: 'read' | 'readwrite' }): Promise<PermissionState>;
}

/**
 * Fills the missing dates of a collection through its stored folder handle, when the browser
 * still lets it be read without asking. Resolves true when dates were stored.
 */
export async function fillDatesFromStoredFolder(db: Pick<CollectionsDb, 'handle' | 'undated' | 'setTaken'>, collectionId: string): Promise<boolean> {
  const folder: ReadableFolder | undefined = await db.handle(collectionId);
  if (!folder || (await folder.queryPermission?.({ mode: 'read' })) !== 'granted') return false;
  const paths = await db.undated(collectionId);
  if (!paths.length) return false;
  await db.setTaken(collectionId, await readDates(paths, (p) => openInFolder(folder, p)));
  return true;
}
