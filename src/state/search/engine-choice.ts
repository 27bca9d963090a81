/**
 * The engine choice and the engine it searches with. An explicit engine searches as it is;
 * "Best available" is resolved before each search by its rule (src/lib/search/best-engine.ts)
 * from what this gathers on the page: the model's state (loading it first when the sources could
 * use it, as a text search would) and which searched sources have CLIP vectors of that model.
 * Each engine that comes into use has its gallery vectors fetched (`prepare`).
 */
import type { SearchEngineId } from '../../lib/engines/types.ts';
import { bestEngine, clipCoversAll, engineOf, modelReadiness, type EngineChoice, type SourceCoverage } from '../../lib/search/best-engine.ts';
import type { GalleryManifest } from '../../lib/gallery/manifest.ts';
import type { SearchSettings } from '../../lib/search/settings.ts';
import type { ClipStatus } from '../../protocol/clip.ts';
import type { SearchSettingsState } from './settings.svelte.ts';

/** The gallery's CLIP vectors made in this browser (src/state/gallery-clip-indexing.svelte.ts), as far as coverage goes. */
export interface LocalClipProgress {
  readonly phase: string;
  /** the model whose set is open, if any */
  readonly model: string | null;
}

/** The page's sources as the choice sees them (GalleryState, ClipState, CollectionsState fit). */
export interface EngineChoiceSources {
  readonly gallery: { load(): Promise<unknown>; readonly manifest: Pick<GalleryManifest, 'engines'> | null };
  readonly clip: { readonly status: ClipStatus; readonly prefs: { readonly modelId: string }; load(): Promise<void> };
  readonly collections?: {
    /** the demo gallery is ticked */
    readonly gallery: boolean;
    sources(): { readonly collections: readonly { readonly id: string }[] };
    collection(id: string): { readonly engines: { readonly clip?: { readonly model?: string } } } | undefined;
  };
  readonly localClip?: LocalClipProgress;
}

export class EngineChooser {
  /** latest resolution wins */
  #resolving = 0;

  constructor(
    private readonly sources: EngineChoiceSources,
    private readonly settings: SearchSettingsState,
    /** fetches an engine's gallery vectors (GalleryState.prepare) */
    private readonly prepare: (engine: SearchEngineId) => void,
  ) {}

  /**
   * The person (or a submitted text) picks an engine choice; says whether it changed. An explicit
   * engine's vectors are fetched now; "Best available" is resolved now too (the search that
   * follows, if any, resolves again and overtakes this), so the map and the vectors follow it
   * even with no query.
   */
  choose(choice: EngineChoice): boolean {
    if (!this.settings.set('engine', choice)) return false;
    if (choice !== 'auto') this.prepare(choice);
    else void this.resolve(false);
    return true;
  }

  /** Settings put back from a history turn or a link (not kept for the next visit). */
  restore(s: SearchSettings): void {
    if (s.engine !== 'auto' && s.engine !== this.settings.engine) this.prepare(s.engine);
    this.settings.restore(s);
  }

  /**
   * Before a search: the engine in use becomes the one the choice resolves to now. False when a
   * later call overtook this one (its search runs instead).
   */
  async resolve(text: boolean): Promise<boolean> {
    const call = ++this.#resolving;
    const engine = await this.engineFor(this.settings.choice, text);
    if (call !== this.#resolving) return false;
    if (this.settings.use(engine)) this.prepare(engine);
    return true;
  }

  /**
   * The engine `choice` searches with: an explicit one as it is; 'auto' by the rule. `text`: the
   * query has text that CLIP was found able to search.
   */
  async engineFor(choice: EngineChoice, text: boolean): Promise<SearchEngineId> {
    if (choice !== 'auto') return choice;
    const { clip } = this.sources;
    await this.sources.gallery.load().catch(() => undefined); // a gallery that fails is the search's error to show
    let coverage = this.coverage();
    if ((text || clipCoversAll(coverage)) && modelReadiness(clip.status) === 'loadable') {
      await clip.load();
      coverage = this.coverage(); // the model that loaded may not be the one the vectors were made with
    }
    return engineOf(choice, bestEngine({ model: modelReadiness(clip.status), sources: coverage, text }));
  }

  /** Each searched source, and whether it has vectors of the model (the loaded one, else the one that would load). */
  coverage(): SourceCoverage[] {
    const { gallery, clip, collections, localClip } = this.sources;
    const model = 'modelId' in clip.status ? clip.status.modelId : clip.prefs.modelId;
    const out: SourceCoverage[] = [];
    if (!collections || collections.gallery) {
      const built = gallery.manifest?.engines.clip;
      const shipped = !!built && (!built.model || built.model === model);
      const madeHere = localClip?.phase === 'done' && localClip.model === model;
      out.push({ clipVectors: shipped || madeHere });
    }
    for (const c of collections?.sources().collections ?? []) {
      out.push({ clipVectors: collections?.collection(c.id)?.engines.clip?.model === model });
    }
    return out;
  }
}
