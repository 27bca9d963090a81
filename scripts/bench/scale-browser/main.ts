/**
 * The scale bench page (built by `vite build --config vite.bench.config.ts` into
 * .cache/bench-scale/): `window.runScale(options)` starts a fresh dedicated worker that runs
 * scale-core.ts and resolves with its result. Memory readings the worker asks for at each stage
 * are relayed to `window.scaleMemory(stage)`, which the driver (scale-section.ts) exposes with
 * Playwright and answers from /proc; log lines go to `window.scaleLog`.
 */
import type { ScaleOptions, ScaleResult } from '../scale-core.ts';
import type { FromWorker, ToWorker } from './worker.ts';

interface BenchWindow {
  runScale(options: ScaleOptions): Promise<ScaleResult>;
  scaleMemory?(stage: string): Promise<number | undefined>;
  scaleLog?(message: string): Promise<void>;
}

const win = window as unknown as BenchWindow;

win.runScale = (options) => new Promise((resolve, reject) => {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const send = (m: ToWorker) => worker.postMessage(m);
  worker.onmessage = async (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'memory') {
      send({ type: 'memory', id: m.id, value: await win.scaleMemory?.(m.stage) });
    } else if (m.type === 'log') {
      if (win.scaleLog) await win.scaleLog(m.message);
      else console.log(m.message);
    } else if (m.type === 'result') {
      worker.terminate();
      resolve(m.result);
    } else {
      worker.terminate();
      reject(new Error(m.message));
    }
  };
  worker.onerror = (e) => {
    worker.terminate();
    reject(new Error(`scale worker failed: ${e.message}`));
  };
  send({ type: 'run', options });
});

document.body.dataset.ready = 'true';
