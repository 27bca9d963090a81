import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { seededRandom } from './synthetic-photos.ts';

/** The colours of the folder, as the tiny test model names them (docs/TINY_MODEL.md). */
export const COLOURS = { red: [220, 30, 30], green: [30, 180, 40], blue: [30, 60, 220], yellow: [235, 215, 30] } as const;
export type Colour = keyof typeof COLOURS;

/**
 * A folder of photos whose main colour is known, for the gallery the end-to-end tests index in
 * the browser with the tiny model (which sees only colour): `perColour` JPEGs of each colour, each
 * a noisy field of that colour with a few shapes of other colours, named `photo-<n>-<colour>.jpg`
 * so that the gallery's order (by path) mixes the colours.
 */
export async function writeColourFolder(root: string, perColour = 6, side = 200): Promise<{ dir: string; files: string[] }> {
  const dir = join(root, 'photos');
  await rm(root, { recursive: true, force: true });
  const files: string[] = [];
  let seed = 7000;
  await mkdir(dir, { recursive: true });
  for (let i = 1; i <= perColour; i++) {
    for (const [name, [r, g, b]] of Object.entries(COLOURS)) {
      const rand = seededRandom(seed++);
      const shade = (c: number) => Math.max(0, Math.min(255, Math.round(c + (rand() - 0.5) * 50)));
      const spots = Array.from({ length: 3 }, () => `<circle cx="${rand() * side}" cy="${rand() * side}" r="${8 + rand() * side / 10}" fill="hsl(${Math.floor(rand() * 360)},50%,50%)"/>`).join('');
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}"><rect width="100%" height="100%" fill="rgb(${shade(r)},${shade(g)},${shade(b)})"/>${spots}</svg>`;
      const file = `photo-${String(i).padStart(2, '0')}-${name}.jpg`;
      await writeFile(join(dir, file), await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer());
      files.push(file);
    }
  }
  return { dir, files };
}
