import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { seedCategoryOf, type GalleryItem, type GallerySource } from '../../src/lib/gallery/manifest.ts';

const require = createRequire(import.meta.url);

interface EmojiRow { unified: string; name: string | null; short_name: string; category: string; subcategory: string; image: string; has_img_google: boolean; has_img_twitter: boolean }

/** The two artists of the demo gallery, as the npm packages ship them (64-px PNGs). */
export const SOURCES: Record<string, GallerySource & { dir: string; has: keyof EmojiRow }> = {
  noto: {
    name: 'Noto Emoji (Google)', package: 'emoji-datasource-google', licence: 'Apache-2.0',
    attribution: 'Noto Emoji by Google, Apache License 2.0', url: 'https://github.com/googlefonts/noto-emoji',
    dir: 'img/google/64', has: 'has_img_google',
  },
  twemoji: {
    name: 'Twemoji (Twitter)', package: 'emoji-datasource-twitter', licence: 'CC-BY-4.0',
    attribution: 'Twemoji by Twitter, Inc. and other contributors, CC BY 4.0', url: 'https://github.com/twitter/twemoji',
    dir: 'img/twitter/64', has: 'has_img_twitter',
  },
};

export type SourcedItem = GalleryItem & { readonly path: string };

/** Every emoji image of both packages (skin-tone variants and components left out), in a fixed order. */
export function emojiItems(): SourcedItem[] {
  const rows: EmojiRow[] = require('emoji-datasource-google/emoji.json');
  const items: SourcedItem[] = [];
  for (const [sourceId, src] of Object.entries(SOURCES)) {
    const root = dirname(require.resolve(`${src.package}/package.json`));
    for (const r of rows) {
      if (r.category === 'Component' || !r[src.has]) continue;
      const path = join(root, src.dir, r.image);
      if (!existsSync(path)) continue;
      items.push({
        id: `${sourceId}/${r.unified.toLowerCase()}`,
        file: `images/${sourceId}/${r.image}`,
        name: (r.name ?? r.short_name).toLowerCase(),
        category: r.category,
        subcategory: r.subcategory,
        seedCategory: seedCategoryOf(r.subcategory),
        source: sourceId,
        path,
      });
    }
  }
  return items;
}

export function publicSources(): Record<string, GallerySource> {
  return Object.fromEntries(Object.entries(SOURCES).map(([k, { dir: _d, has: _h, ...s }]) => [k, s]));
}
