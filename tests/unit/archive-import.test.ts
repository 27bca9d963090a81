/**
 * Importing a collection from a zip (src/state/archive-import.svelte.ts), with the worker
 * replaced: the imported collection is stored under a free name, a cancelled import stores
 * nothing and shows no error, and a failure says which file and why.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CollectionRecord } from '../../src/lib/collections/types.ts';

type Progress = (p: { phase: 'reading' | 'checking' | 'thumbnails'; done: number; total: number }) => void;
const worker = vi.hoisted(() => ({ run: undefined as undefined | ((onProgress: Progress, signal: AbortSignal) => Promise<unknown>) }));
vi.mock('../../src/bridge/archive-client.ts', () => ({
  importArchiveInWorker: (_file: File, _target: unknown, onProgress: Progress, signal: AbortSignal) => worker.run!(onProgress, signal),
}));
const { ArchiveImport } = await import('../../src/state/archive-import.svelte.ts');

const collection = (name: string) => ({ id: 'new', name }) as CollectionRecord;
const zip = new File(['zip'], 'trip.zip');

function store() {
  const puts: string[] = [];
  return { puts, db: { put: async (c: CollectionRecord) => void puts.push(c.name) } };
}

describe('importing a collection archive', () => {
  it('stores it under a name not yet in use, showing progress while it runs', async () => {
    const { db, puts } = store();
    const job = new ArchiveImport(db);
    const seen: unknown[] = [];
    worker.run = async (onProgress) => {
      onProgress({ phase: 'checking', done: 1, total: 3 });
      seen.push(job.importing);
      return { collection: collection('Trip'), images: [], skipped: [] };
    };
    expect(await job.run(zip, ['Trip', 'Trip (imported)'])).toBeNull();
    expect(puts).toEqual(['Trip (imported) (imported)']);
    expect(seen).toEqual([{ phase: 'checking', done: 1, total: 3 }]);
    expect(job.importing).toBeNull();
  });

  it('stores nothing and reports nothing when cancelled', async () => {
    const { db, puts } = store();
    const job = new ArchiveImport(db);
    worker.run = (_p, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('terminated'))));
    const running = job.run(zip, []);
    expect(job.importing).toMatchObject({ phase: 'reading' });
    job.cancel();
    expect(await running).toBeNull();
    expect(puts).toEqual([]);
    expect(job.importing).toBeNull();
  });

  it('says which file failed and why', async () => {
    const { db, puts } = store();
    worker.run = async () => { throw new Error('not a zip'); };
    const failed = await new ArchiveImport(db).run(zip, []);
    expect(failed).toMatchObject({ key: 'photos.importFailed', params: { file: 'trip.zip' } });
    expect(puts).toEqual([]);
  });
});
