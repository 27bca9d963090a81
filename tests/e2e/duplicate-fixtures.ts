/**
 * "Dupes": a folder with three byte-identical copies of one photo under different names and
 * subfolders, plus 20 other distinct photos (generated once per machine under the OS temp folder).
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticPhoto } from '../../scripts/lib/synthetic-photos.ts';

const ROOT = join(tmpdir(), 'image-search-e2e-dupes-v1');

export const COPIES = ['holiday/beach.jpg', 'backup/2024/beach (1).jpg', 'IMG_0042.jpg'] as const;

export async function dupesFolder(others = 20): Promise<{ dir: string; copies: readonly string[]; distinct: string[] }> {
  const base = join(ROOT, `dupes-${others}`);
  const dir = join(base, 'Dupes');
  const distinct = Array.from({ length: others }, (_, i) => `photos/photo-${String(i).padStart(2, '0')}.jpg`);
  const done = join(base, '.done');
  if (!existsSync(done)) {
    await rm(dir, { recursive: true, force: true });
    const copy = await syntheticPhoto(8888, 400, 300);
    for (const p of COPIES) {
      await mkdir(join(dir, p, '..'), { recursive: true });
      await writeFile(join(dir, p), copy);
    }
    for (const [i, p] of distinct.entries()) {
      await mkdir(join(dir, p, '..'), { recursive: true });
      await writeFile(join(dir, p), await syntheticPhoto(9000 + i, 320, 240));
    }
    await writeFile(done, '');
  }
  return { dir, copies: COPIES, distinct };
}
