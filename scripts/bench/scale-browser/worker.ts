/**
 * The scale bench worker: generates the data itself (same seed → same rows as in Node) and runs
 * the same measurement code as Node (scale-core.ts), then posts the result.
 */
import { runScale, type ScaleOptions, type ScaleResult } from '../scale-core.ts';

export type ToWorker =
  | { type: 'run'; options: ScaleOptions }
  | { type: 'memory'; id: number; value: number | undefined };

export type FromWorker =
  | { type: 'memory'; id: number; stage: string }
  | { type: 'log'; message: string }
  | { type: 'result'; result: ScaleResult }
  | { type: 'error'; message: string };

const post = (m: FromWorker) => self.postMessage(m);
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
