/** The archive worker's API (workers/archive/api.ts), driven directly as the worker runs it. */
import { describe, expect, it } from 'vitest';
import { MAX_ARCHIVE_FILE_BYTES } from '../../src/lib/collections/archive.ts';
import { createArchiveApi } from '../../workers/archive/api.ts';
import { validArchive } from '../fixtures/hostile-archives.ts';

const target = { id: 'imported', now: 1 };

describe('archive worker', () => {
  it('refuses a file over the limit without reading it', async () => {
    let read = false;
    const huge = new Blob([new Uint8Array(8)]);
    Object.defineProperty(huge, 'size', { value: MAX_ARCHIVE_FILE_BYTES + 1 });
    huge.arrayBuffer = () => { read = true; return Promise.resolve(new ArrayBuffer(0)); };
    await expect(createArchiveApi().importArchive(huge, target, () => {})).rejects.toThrow('The archive is 288 MiB; archives over 288 MiB are not read.');
    expect(read).toBe(false);
  });

  it('imports a valid archive, reporting reading, checking and thumbnails', async () => {
    const phases = new Set<string>();
    const back = await createArchiveApi().importArchive(new Blob([(await validArchive()) as Uint8Array<ArrayBuffer>]), target, (p) => phases.add(p.phase));
    expect(back.collection).toMatchObject({ id: 'imported', name: 'Holiday', count: 3 });
    expect([...phases]).toEqual(['reading', 'checking', 'thumbnails']);
  });
});
