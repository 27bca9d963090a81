import { importArchiveInWorker } from '../bridge/archive-client.ts';
import type { ImportProgress } from '../lib/collections/archive.ts';
import { text, type Text } from '../lib/i18n/types.ts';
import { sentenceOf } from '../lib/messages/message-error.ts';
import { StorageFullError, type CollectionsDb } from '../storage/collections-db.ts';

/**
 * Importing a collection from an exported zip: the archive is checked in a worker (its progress
 * shown, Cancel terminates it), then stored under a name not yet in use. Nothing is stored from
 * a cancelled or failed import.
 */
export class ArchiveImport {
  /** the import under way, for its progress bar and Cancel */
  importing = $state.raw<ImportProgress | null>(null);
  #abort?: AbortController;

  constructor(private readonly db: Pick<CollectionsDb, 'put'>) {}

  /**
   * Imports `file`; a name already among `names` gets " (imported)". Resolves with what went
   * wrong (to show), null when stored or cancelled.
   */
  async run(file: File, names: readonly string[]): Promise<Text | null> {
    const abort = new AbortController();
    this.#abort?.abort();
    this.#abort = abort;
    this.importing = { phase: 'reading', done: 0, total: file.size };
    try {
      const target = { id: crypto.randomUUID(), now: Date.now() };
      // Progress comes through its own message channel and may arrive after the answer: only the current import's counts.
      const imported = await importArchiveInWorker(file, target, (p) => { if (this.#abort === abort && !abort.signal.aborted) this.importing = p; }, abort.signal);
      if (abort.signal.aborted) return null;
      const { collection, images, skipped } = imported;
      await this.db.put({ ...collection, name: freeName(collection.name, names) }, images, skipped);
      return null;
    } catch (e) {
      if (abort.signal.aborted) return null; // cancelled: nothing was stored
      const why = e instanceof StorageFullError ? text('photos.storageFull') : sentenceOf(e);
      return text('photos.importFailed', { file: file.name, reason: why });
    } finally {
      if (this.#abort === abort) {
        this.#abort = undefined;
        this.importing = null;
      }
    }
  }

  /** Stops the import under way (its worker is terminated); nothing of it is stored. */
  cancel(): void {
    this.#abort?.abort();
  }
}

function freeName(name: string, names: readonly string[]): string {
  const taken = new Set(names);
  while (taken.has(name)) name = `${name} (imported)`;
  return name;
}

