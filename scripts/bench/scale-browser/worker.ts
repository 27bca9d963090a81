/**
 * The scale bench worker: generates the data itself (same seed → same rows as in Node) and runs
 * the same measurement code as Node (scale-core.ts), then posts the result.
 */
import { runScale, type FloatRowStore, type ScaleOptions, type ScaleResult } from '../scale-core.ts';

export type ToWorker =
  | { type: 'run'; options: ScaleOptions }
  | { type: 'memory'; id: number; value: number | undefined };

export type FromWorker =
  | { type: 'memory'; id: number; stage: string }
  | { type: 'log'; message: string }
  | { type: 'result'; result: ScaleResult }
  | { type: 'error'; message: string };

const post = (m: FromWorker) => self.postMessage(m);

/** FileSystemSyncAccessHandle (dedicated workers only), declared here: scripts are type-checked without the WebWorker lib. */
interface SyncAccessHandle {
  read(into: ArrayBufferView, options: { at: number }): number;
  write(from: ArrayBufferView, options: { at: number }): number;
  truncate(size: number): void;
  close(): void;
}

/** Float rows in an OPFS file (deleted on close), through a sync access handle (workers only). */
async function opfsFloatStore(n: number, dim: number): Promise<FloatRowStore | undefined> {
  const root = await navigator.storage.getDirectory();
  const name = `scale-f32-${n}x${dim}.bin`;
  const file = await root.getFileHandle(name, { create: true });
  const handle = await (file as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> }).createSyncAccessHandle();
  handle.truncate(0);
  const rowBytes = dim * 4;
  let end = 0;
  return {
    where: 'OPFS file',
    append(rows) {
      end += handle.write(rows, { at: end });
    },
    read(row, into) {
      handle.read(into, { at: row * rowBytes });
    },
    async close() {
      handle.close();
      await root.removeEntry(name);
    },
  };
}
const pending = new Map<number, (value: number | undefined) => void>();
let nextId = 0;

self.addEventListener('message', async (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'memory') {
    pending.get(m.id)?.(m.value);
    pending.delete(m.id);
    return;
  }
  try {
    const result = await runScale(m.options, {
      floatStore: opfsFloatStore,
      memory: (stage) => new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        post({ type: 'memory', id, stage });
      }),
      log: (message) => post({ type: 'log', message }),
    });
    post({ type: 'result', result });
  } catch (err) {
    post({ type: 'error', message: String((err as Error)?.stack ?? err) });
  }
});
