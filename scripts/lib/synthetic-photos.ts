import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** Deterministic pseudo-random numbers (so every run makes the same images). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * A photo-like test image: a sky-to-ground gradient, soft shapes, and fine noise (so JPEG
 * decoding costs what a real photo costs). Rendered by sharp from SVG, then encoded as JPEG.
 */
export async function syntheticPhoto(seed: number, width = 640, height = 480, quality = 85): Promise<Buffer> {
  const r = seededRandom(seed);
  const hue = () => Math.floor(r() * 360);
  const shapes = Array.from({ length: 12 }, () => {
    const cx = r() * width, cy = r() * height, rx = 20 + r() * width / 4, ry = 20 + r() * height / 4;
    return `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="hsl(${hue()},${40 + r() * 50}%,${30 + r() * 50}%)" fill-opacity="${0.4 + r() * 0.6}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue()},60%,70%)"/><stop offset="1" stop-color="hsl(${hue()},40%,30%)"/>
    </linearGradient><filter id="n"><feTurbulence baseFrequency="0.9" numOctaves="2" seed="${seed % 1000}"/>
    <feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.25"/></feComponentTransfer></filter></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}<rect width="100%" height="100%" filter="url(#n)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality }).toBuffer();
}

/** Writes `count` synthetic photos as `photo-0000.jpg`… into `dir`; returns their paths. */
export async function writeSyntheticPhotos(dir: string, count: number, width = 640, height = 480): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `photo-${String(i).padStart(4, '0')}.jpg`);
    await writeFile(path, await syntheticPhoto(i + 1, width, height));
    paths.push(path);
  }
  return paths;
}
