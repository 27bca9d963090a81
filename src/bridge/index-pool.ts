/**
 * The workers that index a folder: a small pool of embed workers sized to the machine (each
 * decodes one file at a time, so memory is bounded by the pool size, not the folder), and the
 * CLIP worker when its model is loaded. Workers are ended after each run to give memory back.
 */
import { clipClient } from './clients.ts';
import { WorkerBridge } from './worker-bridge.ts';
import { startBoundWorker } from './bound-worker.ts';
import embedWorkerUrl from '../../workers/embed.worker.ts?worker&url';
import type { Embedder, ClipEmbedder } from '../indexing/indexer.ts';
import type { EmbedApi } from '../protocol/embed.ts';

/** Leave a core for the page and the search worker; more than 4 decoders gains little and costs memory. */
export function poolSize(cores = navigator.hardwareConcurrency || 2): number {
  return Math.max(1, Math.min(4, cores - 1));
}

export interface IndexPool {
  readonly embedders: Embedder[];
  dispose(): void;
}

export function createIndexPool(size = poolSize()): IndexPool {
  const bridges = Array.from({ length: size }, (_, i) =>
    new WorkerBridge<EmbedApi>('indexing', () => startBoundWorker(embedWorkerUrl, `index-${i + 1}`)),
  );
  return {
    embedders: bridges.map((b): Embedder => (file, path, signal) => b.call((w) => w.index(file, path), signal)),
    dispose: () => bridges.forEach((b) => b.terminate()),
  };
}

export const clipFileEmbedder: ClipEmbedder = (file, path, signal) => clipClient.embedFile(signal, file, path).then((r) => r.vector);
