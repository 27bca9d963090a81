import { chooseGalleryUrl, parseGalleriesIndex, type GalleriesIndex } from '../lib/gallery/galleries.ts';
import { site } from './site.ts';

/** The site's root URL, ending in "/". */
export const siteUrl = new URL(import.meta.env.BASE_URL, document.baseURI).href;

let index: Promise<GalleriesIndex | null> | undefined;
let resolved = site.galleryUrl;

/** galleries/index.json of the site, fetched once; null when the site ships no other gallery. */
export function galleriesIndex(): Promise<GalleriesIndex | null> {
  index ??= fetch(new URL('galleries/index.json', siteUrl))
    .then(async (r) => (r.ok ? parseGalleriesIndex(await r.json()) : null))
    .catch((e: unknown) => {
      console.warn(`[galleries] galleries/index.json: ${(e as Error).message}`);
      return null;
    });
  return index;
}

/** The gallery folder the page opens: ?gallery=<name> from the index, else the folder ?gallery= names, else the site's. */
export async function resolveGalleryUrl(): Promise<string> {
  if (site.galleryName) resolved = chooseGalleryUrl(site.galleryName, site.galleryUrl, siteUrl, await galleriesIndex());
  return resolved;
}

/** The folder resolved so far (final once the manifest has loaded). */
export function currentGalleryUrl(): string {
  return resolved;
}
