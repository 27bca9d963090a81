/**
 * npx tsx scripts/make-icons.ts [--out DIR]
 * Renders the app's logo (the magnifier of index.html's favicon) into the icons the web app
 * manifest and iOS use, with sharp (librsvg): public/icons/{icon-192,icon-512,maskable-512,
 * apple-touch-icon-180}.png and favicon.svg. Deterministic; the PNGs are committed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

export const ACCENT = '#3f5fe0';

/** The logo in its 32×32 user space: a ring and a handle with round caps. */
const STROKE = 3.5;
const RING = { cx: 13, cy: 13, r: 8 };
const HANDLE = { x1: 19, y1: 19, x2: 27, y2: 27 };

/**
 * The farthest painted point from the centre (16,16) of the 32×32 box, in user units: the
 * handle's round cap (or the ring's outer edge, whichever is farther). Used to keep the maskable
 * icon inside the safe zone, a centred circle of radius 40 % of the icon.
 */
export function logoRadius(): number {
  const handle = Math.hypot(HANDLE.x2 - 16, HANDLE.y2 - 16) + STROKE / 2;
  const ring = Math.hypot(RING.cx - 16, RING.cy - 16) + RING.r + STROKE / 2;
  return Math.max(handle, ring);
}

export interface LogoOptions {
  /** Rendered width and height in pixels; omitted for the scalable favicon. */
  size?: number;
  /** Stroke colour. */
  fg: string;
  /** Solid background filling the square; omitted for transparent. */
  bg?: string;
  /** Scale of the logo about the centre of the box (1 = as in the favicon). */
  scale?: number;
}

/** The logo as an SVG document. */
export function logoSvg({ size, fg, bg, scale = 1 }: LogoOptions): string {
  const dims = size ? ` width="${size}" height="${size}"` : '';
  const back = bg ? `<rect width="32" height="32" fill="${bg}"/>` : '';
  const shapes =
    `<circle cx="${RING.cx}" cy="${RING.cy}" r="${RING.r}" fill="none" stroke="${fg}" stroke-width="${STROKE}"/>` +
    `<line x1="${HANDLE.x1}" y1="${HANDLE.y1}" x2="${HANDLE.x2}" y2="${HANDLE.y2}" stroke="${fg}" stroke-width="${STROKE}" stroke-linecap="round"/>`;
  const body = scale === 1 ? shapes : `<g transform="translate(16 16) scale(${round(scale)}) translate(-16 -16)">${shapes}</g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"${dims}>${back}${body}</svg>\n`;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Scale that puts the logo's farthest point at `fraction` of the icon's width from its centre. */
export function scaleForRadius(fraction: number): number {
  return (fraction * 32) / logoRadius();
}

interface IconSpec {
  file: string;
  size: number;
  options: LogoOptions;
}

/**
 * Maskable: solid accent, white logo whose farthest point is at 36 % of the width from the centre
 * (the safe zone is 40 %), i.e. the logo's bounding box is ~55 % of the icon. Apple touch icon:
 * iOS rounds the corners but does not crop to a circle, so the logo can be a little larger.
 */
export const ICONS: readonly IconSpec[] = [
  { file: 'icon-192.png', size: 192, options: { fg: ACCENT } },
  { file: 'icon-512.png', size: 512, options: { fg: ACCENT } },
  { file: 'maskable-512.png', size: 512, options: { fg: '#ffffff', bg: ACCENT, scale: scaleForRadius(0.36) } },
  { file: 'apple-touch-icon-180.png', size: 180, options: { fg: '#ffffff', bg: ACCENT, scale: scaleForRadius(0.4) } },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--out');
  const out = i >= 0 && args[i + 1] ? args[i + 1]! : 'public/icons';
  await mkdir(out, { recursive: true });
  const svg = logoSvg({ fg: ACCENT });
  await writeFile(join(out, 'favicon.svg'), svg);
  console.log(`icons: favicon.svg ${Buffer.byteLength(svg)} B`);
  for (const icon of ICONS) {
    const png = await sharp(Buffer.from(logoSvg({ ...icon.options, size: icon.size })))
      .resize(icon.size, icon.size)
      .png({ compressionLevel: 9, palette: true, effort: 10 })
      .toBuffer();
    await writeFile(join(out, icon.file), png);
    console.log(`icons: ${icon.file} ${icon.size}×${icon.size} ${png.length} B`);
  }
}

await main();
