/**
 * What the page's URL asks for, for embedding the app in an <iframe> on another page:
 *   ?embed=1                 compact layout: query and results only
 *   &gallery=<folder>        another gallery folder of this site (e.g. an exported collection):
 *                            a path relative to the site (or from the root, `/<base>/…`) that
 *                            stays under the site's base path: on a shared origin such as
 *                            user.github.io/<repo>/, `../other/` would be another project's.
 *                            No absolute URL, no `//host`.
 *                            A bare name (`holiday`) is also offered as `galleryName`: the page opens
 *                            galleries/<name>/ when galleries/index.json lists it, else the folder.
 *   &engine=classic|pixels|clip   &k=<1..200>
 * Anything else, or a gallery outside the base path, is ignored (and said why in `ignored`).
 */
import { isSearchEngineId, type SearchEngineId } from '../engines/types.ts';
import { isInsideFolder, resolveInFolder } from './safe-urls.ts';
import { isGalleryName } from '../gallery/galleries.ts';

export interface SiteParams {
  readonly embed: boolean;
  /** absolute URL of the gallery folder, ending in "/" */
  readonly galleryUrl: string;
  /** ?gallery=<name>: a gallery of galleries/index.json, when it lists that name (src/lib/gallery/galleries.ts) */
  readonly galleryName?: string;
  readonly engine?: SearchEngineId;
  readonly k?: number;
  readonly ignored: readonly string[];
}

const MAX_K = 200;

export function parseSiteParams(search: string, siteUrl: string): SiteParams {
  const q = new URLSearchParams(search);
  const ignored: string[] = [];
  const site = new URL(siteUrl);
  const embed = ['1', 'true', 'yes'].includes((q.get('embed') ?? '').toLowerCase());

  let galleryUrl = new URL('gallery/', site).href;
  const g = q.get('gallery');
  if (g) {
    const folder = g.endsWith('/') ? g : `${g}/`;
    // A path from the root is resolved from the origin's root, then held to the base path like any other.
    const url = /^\/(?![\\/])/.test(folder) ? resolveInFolder(`${site.origin}/`, folder.slice(1)) : resolveInFolder(site.href, folder);
    if (url && isInsideFolder(new URL(url), site)) galleryUrl = url;
    else ignored.push(`gallery "${g}" is not a folder of this site`);
  }

  const e = q.get('engine');
  let engine: SearchEngineId | undefined;
  if (e) {
    if (isSearchEngineId(e)) engine = e;
    else ignored.push(`engine "${e}" is not one of pixels, classic, clip`);
  }

  const kText = q.get('k');
  let k: number | undefined;
  if (kText) {
    const n = Number(kText);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_K) k = n;
    else ignored.push(`k "${kText}" is not a whole number from 1 to ${MAX_K}`);
  }
  const galleryName = g && isGalleryName(g) ? g : undefined;
  return { embed, galleryUrl, ...(galleryName ? { galleryName } : {}), ...(engine ? { engine } : {}), ...(k ? { k } : {}), ignored };
}
