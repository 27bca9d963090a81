import { MessageError } from '../messages/message-error.ts';
import { message } from '../messages/sentence.ts';
import type { SearchEngineId } from '../engines/types.ts';
import type { VectorDtype } from '../format/vectors.ts';
import { isFolderRelativePath } from '../site/safe-urls.ts';
import type { GalleryCredit, ItemCredit } from './credits.ts';

/** The seeds' four categories, where an image belongs to one of them. */
export type SeedCategory = 'animal' | 'plant' | 'furniture' | 'scenery';

export interface GalleryItem {
  /** stable id, also the `data-id` of a result: `<source>/<codepoints>` */
  readonly id: string;
  /** image path relative to the gallery folder */
  readonly file: string;
  readonly name: string;
  readonly category: string;
  readonly subcategory: string;
  readonly seedCategory?: SeedCategory;
  /** key into `GalleryManifest.sources` */
  readonly source: string;
  /** a small version of the image (galleries built with --from), relative to the gallery folder */
  readonly thumb?: string;
  /** per-image credits (galleries built with --from --credits); links are http(s) only */
  readonly credit?: ItemCredit;
}

export interface GallerySource {
  readonly name: string;
  readonly package: string;
  readonly licence: string;
  readonly attribution: string;
  readonly url: string;
}

export interface GalleryEngineFile {
  /** vector file path relative to the gallery folder (docs/FORMAT.md) */
  readonly file: string;
  readonly version: number;
  readonly dim: number;
  readonly dtype: VectorDtype;
  readonly bytes: number;
  /** for model engines (clip): the model id the vectors were computed with */
  readonly model?: string;
  /** a prebuilt IVF index of these vectors (docs/INDEX.md), for the IVF index mode */
  readonly ivf?: GalleryIndexFile;
}

export interface GalleryIndexFile {
  /** path relative to the gallery folder */
  readonly file: string;
  /** IVF_VERSION of the file */
  readonly version: number;
  readonly nlist: number;
  readonly bytes: number;
}

export interface GalleryManifest {
  readonly formatVersion: 1;
  readonly title: string;
  readonly items: readonly GalleryItem[];
  readonly sources: Readonly<Record<string, GallerySource>>;
  readonly engines: Partial<Record<SearchEngineId, GalleryEngineFile>>;
  /** the gallery-level credit line (galleries built with --from --credits), shown in the footer */
  readonly credit?: GalleryCredit;
}

const SEED_BY_SUBCATEGORY: Record<string, SeedCategory> = {
  'animal-mammal': 'animal', 'animal-bird': 'animal', 'animal-amphibian': 'animal', 'animal-reptile': 'animal',
  'animal-marine': 'animal', 'animal-bug': 'animal',
  'plant-flower': 'plant', 'plant-other': 'plant',
  household: 'furniture',
  'place-geographic': 'scenery', 'place-map': 'scenery', 'sky & weather': 'scenery', 'place-other': 'scenery',
};

export function seedCategoryOf(subcategory: string): SeedCategory | undefined {
  return SEED_BY_SUBCATEGORY[subcategory];
}

/** Checks the shape of a manifest read from the network or disk; throws a readable error. */
export function parseManifest(json: unknown): GalleryManifest {
  const m = json as Partial<GalleryManifest> | null;
  if (!m || typeof m !== 'object') throw new Error('gallery manifest is not a JSON object');
  if (m.formatVersion !== 1) throw new Error(`gallery manifest version ${String(m.formatVersion)} is not supported (expected 1)`);
  if (!Array.isArray(m.items)) throw new Error('gallery manifest has no items list');
  if (!m.engines || typeof m.engines !== 'object') throw new Error('gallery manifest has no engines');
  return m as GalleryManifest;
}

/**
 * Every file a gallery manifest fetched from a site names must be a path inside the gallery's
 * folder: an absolute URL, a `//host/…` or a `../` would make the app fetch (or show) another
 * site's files. Throws before anything is requested. (An imported collection's archive checks
 * its own paths, src/lib/collections/archive.ts.)
 */
export function checkManifestFiles(m: GalleryManifest): void {
  // Only names given: a missing one is a shape error for the reader that needs it.
  const check = (file: unknown) => {
    if (typeof file === 'string' && !isFolderRelativePath(file)) throw new MessageError(message('worker.fileOutsideGallery', { file: String(file).slice(0, 200) }));
  };
  for (const entry of Object.values(m.engines)) {
    if (!entry || typeof entry !== 'object') continue;
    check(entry.file);
    if (entry.ivf) check(entry.ivf.file);
  }
  for (const item of m.items) check((item as Partial<GalleryItem> | null)?.file);
}
