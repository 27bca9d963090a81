import { basename, extname } from 'node:path';
import type { ItemCredit } from '../../src/lib/gallery/credits.ts';

/** Where a file of the source folder sits in the gallery: its first folder is the category, the rest the subcategory. */
export function placeOf(relPath: string, rootCategory: string): { category: string; subcategory: string; name: string } {
  const parts = relPath.split('/');
  const file = parts.pop()!;
  const name = basename(file, extname(file)).replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim() || file;
  return { category: parts[0] ?? rootCategory, subcategory: parts.slice(1).join(' › '), name };
}

/** The display name: the credit's title when there is one. */
export function displayName(place: { name: string }, credit: ItemCredit | undefined): string {
  return credit?.title ?? place.name;
}
