/**
 * Imports a collection archive in a worker of its own (workers/archive.worker.ts), started for this
 * import and terminated when it ends: cancelling stops the work itself, not just the wait, and a
 * hostile zip costs the page nothing but the wait.
 */
import { proxy } from 'comlink';
import type { ArchiveApi, ImportedCollection, ImportProgressListener } from '../protocol/archive.ts';
import { WorkerBridge } from './worker-bridge.ts';

export async function importArchiveInWorker(
  file: File,
  target: { id: string; now: number },
  onProgress: ImportProgressListener,
  signal?: AbortSignal,
): Promise<ImportedCollection> {
  const bridge = new WorkerBridge<ArchiveApi>(
    'archive',
    () => new Worker(new URL('../../workers/archive.worker.ts', import.meta.url), { type: 'module', name: 'archive' }),
  );
  try {
    return await bridge.call((w) => w.importArchive(file, target, proxy(onProgress)), signal);
  } finally {
    bridge.terminate();
  }
}
