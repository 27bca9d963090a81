import { parseSiteParams, type SiteParams } from '../lib/site/params.ts';

/** The page's URL parameters, read once (src/lib/site/params.ts says which). */
export const site: SiteParams = parseSiteParams(location.search, new URL(import.meta.env.BASE_URL, document.baseURI).href);
if (site.ignored.length) console.warn(`[site] ignored URL parameters: ${site.ignored.join('; ')}`);
