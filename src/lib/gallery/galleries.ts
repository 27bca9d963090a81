/**
 * The galleries a site ships besides the default one (public/galleries/<name>/, built with
 * `npm run gallery -- --from DIR --name NAME`), listed in public/galleries/index.json for the
 * page's gallery switcher. `?gallery=<name>` opens one (src/lib/site/params.ts).
 */

export interface GalleryEntry {
  /** folder name under galleries/, also the value of ?gallery= */
  readonly name: string;
  readonly title: string;
  readonly count: number;
}

export interface GalleriesIndex {
  readonly formatVersion: 1;
  readonly galleries: readonly GalleryEntry[];
}

/** A gallery name: a single folder name, safe in a URL and a path (no "/", no "..", no dots at all). */
export const GALLERY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isGalleryName(name: string): boolean {
  return GALLERY_NAME.test(name);
}

/** The index as read from the network; entries with a bad name are dropped. */
export function parseGalleriesIndex(json: unknown): GalleriesIndex {
  const o = json as Partial<GalleriesIndex> | null;
  if (!o || typeof o !== 'object' || o.formatVersion !== 1 || !Array.isArray(o.galleries)) throw new Error('galleries/index.json is not a galleries index (formatVersion 1)');
  const galleries = o.galleries.filter((g): g is GalleryEntry => !!g && typeof g.name === 'string' && isGalleryName(g.name) && typeof g.title === 'string');
  return { formatVersion: 1, galleries };
}

/** galleries/<name>/ of the site, when the index lists `name`; otherwise `fallbackUrl` (an older link's folder). */
export function chooseGalleryUrl(name: string | undefined, fallbackUrl: string, siteUrl: string, index: GalleriesIndex | null): string {
  if (!name || !index?.galleries.some((g) => g.name === name)) return fallbackUrl;
  return new URL(`galleries/${name}/`, siteUrl).href;
}

/** The index with one gallery added or replaced, sorted by name. */
export function withGallery(index: GalleriesIndex | undefined, entry: GalleryEntry): GalleriesIndex {
  const others = (index?.galleries ?? []).filter((g) => g.name !== entry.name);
  return { formatVersion: 1, galleries: [...others, entry].sort((a, b) => a.name.localeCompare(b.name)) };
}
