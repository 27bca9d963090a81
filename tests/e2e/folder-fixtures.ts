/**
 * Folders for the collection tests, generated once per machine under the OS temp folder:
 * "Holiday" (N synthetic photos in two subfolders) and "Mixed" (good photos plus every bad-file
 * fixture, so ~5 % or more are not indexable).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticPhoto } from '../../scripts/lib/synthetic-photos.ts';
import { FIXTURES, fixturePath, type FixtureName } from '../fixtures/generate.ts';

const ROOT = join(tmpdir(), 'image-search-e2e-folders-v1');

/** Holiday/<day-k>/photo-NNNN.jpg, N photos of 480×360. */
export async function holidayFolder(count = 200): Promise<{ dir: string; paths: string[] }> {
  const dir = join(ROOT, `holiday-${count}`, 'Holiday');
  const paths = Array.from({ length: count }, (_, i) => `day-${(i % 2) + 1}/photo-${String(i).padStart(4, '0')}.jpg`);
  const done = join(ROOT, `holiday-${count}`, '.done');
  if (!existsSync(done)) {
    await rm(dir, { recursive: true, force: true });
    for (const [i, p] of paths.entries()) {
      await mkdir(join(dir, p, '..'), { recursive: true });
      await writeFile(join(dir, p), await syntheticPhoto(1000 + i, 480, 360));
    }
    await writeFile(done, '');
  }
  return { dir, paths };
}

/** Fixtures that must be reported as skipped, and those that are odd but valid (indexed). */
export const BAD: readonly FixtureName[] = ['empty', 'text', 'tiny', 'svg', 'heic', 'hostileName'];
export const ODD_BUT_VALID: readonly FixtureName[] = ['cmyk', 'png16', 'animated', 'huge', 'rotated', 'grayscale', 'transparent'];

/** Mixed/ with `good` photos, every BAD and ODD_BUT_VALID fixture, a truncated JPEG and an HTML-named fake .jpg. */
export async function mixedFolder(good = 60): Promise<{ dir: string; bad: string[]; valid: number }> {
  const dir = join(ROOT, `mixed-${good}`, 'Mixed');
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'odd'), { recursive: true });
  for (let i = 0; i < good; i++) await writeFile(join(dir, `good-${i}.jpg`), await syntheticPhoto(5000 + i, 320, 240));
  const bad: string[] = [];
  for (const name of BAD) {
    await copyFile(fixturePath(name), join(dir, FIXTURES[name].file));
    bad.push(FIXTURES[name].file);
  }
  for (const name of ODD_BUT_VALID) await copyFile(fixturePath(name), join(dir, 'odd', FIXTURES[name].file));
  const hostile = '<img src=x onerror=window.__pwned=1>.jpg';
  await writeFile(join(dir, hostile), 'this is text, not a JPEG');
  bad.push(hostile);
  return { dir, bad, valid: good + ODD_BUT_VALID.length };
}
