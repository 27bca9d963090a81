import type { EngineId } from '../lib/engines/types.ts';
import type { ImageSearchPageApi } from './page-test-api.ts';
import { CollectionsDb } from '../storage/collections-db.ts';
import { clipClient, embedClient, searchClient } from './clients.ts';

declare global {
  interface Window {
    /** Documented in docs/TESTING.md: embed a file through the real worker. */
    imageSearch: ImageSearchPageApi;
  }
}

/** window.imageSearch: the same embed worker the UI uses, vectors as plain arrays. */
export function installPageApi(): void {
  const api: ImageSearchPageApi = {
    async embed(bytes, name) {
      const copy = bytes.slice(0); // the caller keeps its buffer
      const { vectors } = await embedClient.embed(undefined, copy, name);
      const out = {} as Record<EngineId, number[]>;
      for (const [id, v] of Object.entries(vectors) as [EngineId, Float32Array][]) out[id] = Array.from(v);
      return out;
    },
    async inspect(bytes, name) {
      const { vectors: _vectors, ...info } = await embedClient.embed(undefined, bytes.slice(0), name);
      return info;
    },
    search(vector, options) {
      return searchClient.query(undefined, { images: [{ vector: Float32Array.from(vector) }] }, options);
    },
    collections: {
      async list() {
        return (await new CollectionsDb().list()).map(({ id, name, count, skipped, state, pending }) => ({ id, name, count, skipped, state, pending }));
      },
      async paths(name) {
        const db = new CollectionsDb();
        const c = await db.findByName(name);
        return c ? (await db.images(c.id)).map((r) => r.path) : [];
      },
    },
    clip: {
      async embedImage(bytes, name) {
        return Array.from((await clipClient.embedImage(undefined, bytes.slice(0), name)).vector);
      },
      async embedText(text) {
        const r = await clipClient.embedText(undefined, text);
        return { ...r, vector: Array.from(r.vector) };
      },
    },
  };
  window.imageSearch = api;
}
