import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syntheticPhoto } from './synthetic-photos.ts';

/**
 * A folder the project has never seen, for the --from gallery of the test site: a dozen
 * synthetic photos in two subfolders and the top level, three bad files (zero bytes, text named
 * .jpg, a truncated JPEG), and a credits CSV beside it (not inside).
 */
export async function writeSampleFolder(root: string): Promise<{ dir: string; credits: string; photos: string[] }> {
  const dir = join(root, 'photos');
  await rm(root, { recursive: true, force: true });
  const photos = Array.from({ length: 12 }, (_, i) => (i < 5 ? `harbour/photo-${i + 1}.jpg` : i < 10 ? `forest/photo-${i + 1}.jpg` : `photo-${i + 1}.jpg`));
  for (const [i, p] of photos.entries()) {
    await mkdir(dirname(join(dir, p)), { recursive: true });
    await writeFile(join(dir, p), await syntheticPhoto(5000 + i, 640, 480));
  }
  await mkdir(join(dir, 'broken'), { recursive: true });
  await writeFile(join(dir, 'broken/empty.jpg'), new Uint8Array());
  await writeFile(join(dir, 'broken/readme.jpg'), 'not a photo');
  await writeFile(join(dir, 'broken/truncated.jpg'), (await syntheticPhoto(6000, 320, 240)).subarray(0, 300));
  const credits = join(root, 'credits.csv');
  await writeFile(credits, [
    'file,title,author,licence,url',
    'harbour/photo-1.jpg,Harbour at dawn,Test Photographer,CC-BY-4.0,https://example.org/harbour-1',
    'forest/photo-6.jpg,Forest path,Test Photographer,CC0-1.0,javascript:alert(1)',
    '*,Sample photos: synthetic test images,,,https://example.org/sample',
  ].join('\n'));
  return { dir, credits, photos };
}
