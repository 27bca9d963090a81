/**
 * What a CLIP search needs before it can run: the model ready and gallery (or collection)
 * vectors made by that model; and each file image's CLIP vector, embedded once on first need.
 */
import { clipClient } from '../bridge/clients.ts';
import { text as msg } from '../lib/i18n/types.ts';
import { english } from '../lib/messages/english.ts';
import type { ClipState } from './clip.svelte.ts';
import type { CollectionsState } from './collections.svelte.ts';
import type { GalleryState } from './gallery.svelte.ts';
import { isErrorData, pageError, type Query } from './search/query.ts';

/** The gallery's CLIP vectors made in this browser (gallery-clip-indexing.svelte.ts): true once usable for the ready model. */
export interface LocalClipGate {
  ensureOpen(): Promise<boolean>;
}

/** What a search ranks and with which model. */
export interface SearchSources {
  readonly gallery: GalleryState;
  readonly clip: ClipState;
  readonly collections?: CollectionsState;
  /** the gallery's CLIP vectors made in this browser, where it ships none of the model's */
  readonly localClip?: LocalClipGate;
}

/**
 * Loads the model if needed; throws a 'model-unavailable' SearchError saying why CLIP cannot
 * search (`'text-part'`: the query also has images, so the message says only its text needs CLIP).
 */
export async function requireClipReady({ clip, gallery, collections, localClip: local }: SearchSources, asked: 'query' | 'text-part'): Promise<void> {
  if (!clip.ready) await clip.load();
  const s = clip.status;
  if (s.state !== 'ready') {
    const reason = s.state === 'unavailable' ? s.reason : s.state === 'failed' ? s.error.text : msg('search.clipLoading');
    throw pageError('model-unavailable', asked === 'text-part' ? msg('search.textPartNeedsClip', { reason }) : reason);
  }
  const inCollections = collections?.sources().collections.some((c) => collections?.collection(c.id)?.engines.clip?.model === s.modelId);
  if (inCollections && !collections?.gallery) return;
  const built = gallery.manifest?.engines.clip;
  if ((!built || (built.model && built.model !== s.modelId)) && (await local?.ensureOpen())) return; // searched over the part made so far
  if (!built && inCollections) return; // the worker searches the collections and notes the gallery was skipped
  if (!built) {
    throw pageError('model-unavailable', msg('search.noClipVectors'));
  }
  if (built.model && built.model !== s.modelId) {
    throw pageError('model-unavailable', msg('search.clipMismatch', { built: built.model, model: s.modelId }));
  }
}

/** Whether CLIP can search a text now; the deployer's reason when not (it may name build commands) goes to the console, not the page. */
export async function clipUsable(sources: SearchSources): Promise<boolean> {
  try {
    await sources.gallery.load();
    await requireClipReady(sources, 'query');
    return true;
  } catch (e) {
    console.info('[text search]', isErrorData(e) ? english(e.text) : e);
    return false;
  }
}

/** The CLIP vectors of a query's file images: one embedding per image, shared by every search that needs it. */
export class ClipImageVectors {
  readonly #pending = new WeakMap<Query, Promise<Float32Array>>();
  readonly #resolved = new WeakMap<Query, Float32Array>();

  /** The vector if it has been computed (for the history). */
  resolved(query: Query): Float32Array | undefined {
    return this.#resolved.get(query);
  }

  /** The image's CLIP vector (restored, cached, or embedded now: `onEmbedding` is told); `signal` abandons the wait, not the work. */
  of(query: Extract<Query, { kind: 'file' }>, signal: AbortSignal, onEmbedding: () => void): Promise<Float32Array> {
    let vector = this.#pending.get(query);
    if (!vector) {
      const file = query.file;
      if (query.clip) vector = Promise.resolve(query.clip);
      else if (!file) {
        return Promise.reject(pageError('bad-request', msg('search.noClipVector', { name: query.name }), query.name));
      } else {
        onEmbedding();
        vector = file.arrayBuffer().then((bytes) => clipClient.embedImage(undefined, bytes, query.name)).then((r) => r.vector);
      }
      const pending = vector;
      this.#pending.set(query, pending);
      pending.then((v) => this.#resolved.set(query, v), () => { if (this.#pending.get(query) === pending) this.#pending.delete(query); });
    }
    const pending = vector;
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject({ code: 'aborted', message: 'the request was cancelled' }), { once: true });
      pending.then(resolve, reject);
    });
  }
}
