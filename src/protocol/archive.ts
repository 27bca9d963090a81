/**
 * The archive worker's contract: a collection archive (docs/FORMAT.md) is checked and unpacked
 * off the page's thread, so a hostile or merely big zip cannot freeze it. The page starts one
 * worker per import and terminates it when the import ends or is cancelled.
 */
import type { ImportedCollection, ImportProgress, ImportProgressListener } from '../lib/collections/archive.ts';

export type { ImportedCollection, ImportProgress, ImportProgressListener };

export interface ArchiveApi {
  /**
   * Reads the zip file in the worker (refused unread when it is larger than MAX_ARCHIVE_FILE_BYTES),
   * checks every part and returns the records to store; rejects with a sentence naming what is wrong.
   */
  importArchive(file: Blob, target: { id: string; now: number }, onProgress: ImportProgressListener): Promise<ImportedCollection>;
}
