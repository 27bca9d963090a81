import { ArchiveError, importCollection, MAX_ARCHIVE_FILE_BYTES } from '../../src/lib/collections/archive.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { ArchiveApi } from '../../src/protocol/archive.ts';

const mib = (n: number) => `${Math.round(n / 1024 ** 2)} MiB`;

/** The worker side of an import: the file's bytes never reach the page. Pure apart from Blob reading. */
export function createArchiveApi(): ArchiveApi {
  return {
    async importArchive(file, target, onProgress) {
      if (!(file instanceof Blob)) throw new WorkerError({ code: 'bad-request', message: 'importArchive expects a File or Blob' });
      if (file.size > MAX_ARCHIVE_FILE_BYTES) {
        throw new ArchiveError(message('worker.archiveFileTooBig', { size: mib(file.size), limit: mib(MAX_ARCHIVE_FILE_BYTES) }));
      }
      onProgress({ phase: 'reading', done: 0, total: file.size });
      const bytes = new Uint8Array(await file.arrayBuffer());
      onProgress({ phase: 'reading', done: file.size, total: file.size });
      return importCollection(bytes, target, onProgress);
    },
  };
}
