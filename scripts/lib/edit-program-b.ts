import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';

/**
 * The second edit program of the evaluation sets (scripts/eval-sets.ts), with other edits and
 * other parameters than scripts/make-neardup-set.ts, so the classic engine cannot be fitted to
 * one program. Every source becomes OUT/<name>/<edit>.jpg:
 *   orig            q90
 *   crop-70         70 % of the area kept (0.84 of each side), window placed per image
 *   rotate-90       a quarter turn (direction per image)
 *   letterbox       padded to a 2:1 frame (black or white bars, per image)
 *   watermark       a line of text and a translucent logo box drawn over a corner
 *   rotate-2deg     2° (sign per image), cropped to the inner rectangle
 *   downscale-8     an eighth of the width and height, then JPEG q60
 */
export type Raw = { data: Buffer; width: number; height: number };

const raw = (r: Raw) => sharp(r.data, { raw: { width: r.width, height: r.height, channels: 3 } });
const jpeg = (s: Sharp, quality = 90) => s.jpeg({ quality, mozjpeg: false }).toBuffer();

/** FNV-1a of the name: the per-image "random" choices, stable across runs. */
export function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

async function rotateInner(r: Raw, deg: number): Promise<Buffer> {
  const t = (Math.abs(deg) * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
  const k = Math.min(r.width / (r.width * c + r.height * s), r.height / (r.width * s + r.height * c));
  const turned = await raw(r).rotate(deg, { background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
  const w = Math.floor(r.width * k), h = Math.floor(r.height * k);
  const left = Math.floor((turned.info.width - w) / 2), top = Math.floor((turned.info.height - h) / 2);
  return jpeg(raw({ data: turned.data, width: turned.info.width, height: turned.info.height }).extract({ left, top, width: w, height: h }));
}

export const PROGRAM_B: Record<string, (r: Raw, h: number) => Promise<Buffer>> = {
  orig: (r) => jpeg(raw(r)),
  'crop-70': (r, h) => {
    const f = Math.sqrt(0.7), w = Math.round(r.width * f), ht = Math.round(r.height * f);
    const fx = [0.25, 0.75, 0.5][h % 3], fy = [0.75, 0.25, 0.5][Math.floor(h / 3) % 3];
    return jpeg(raw(r).extract({ left: Math.round((r.width - w) * fx), top: Math.round((r.height - ht) * fy), width: w, height: ht }));
  },
  'rotate-90': (r, h) => jpeg(raw(r).rotate(h % 2 ? 90 : 270)),
  letterbox: (r, h) => {
    const colour = h % 2 ? '#000000' : '#ffffff';
    const wide = r.width >= r.height * 2;
    const pad = wide ? { top: Math.round((r.width / 2 - r.height) / 2), bottom: Math.round((r.width / 2 - r.height) / 2), left: 0, right: 0 }
      : { left: Math.round((r.height * 2 - r.width) / 2), right: Math.round((r.height * 2 - r.width) / 2), top: 0, bottom: 0 };
    return jpeg(raw(r).extend({ ...pad, background: colour }));
  },
  watermark: (r, h) => {
    const size = Math.max(10, Math.round(r.height / 14)), right = h % 2 === 0;
    const x = right ? r.width - size * 9 : size, y = r.height - size;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${r.width}" height="${r.height}">
      <rect x="${right ? size : r.width - size * 4}" y="${size}" width="${size * 3}" height="${size * 3}" fill="#ffffff" fill-opacity="0.45"/>
      <text x="${Math.max(0, x)}" y="${y}" font-family="sans-serif" font-size="${size}" fill="#ffffff" stroke="#000000" stroke-width="1">© photo ${h % 1000}</text></svg>`;
    return jpeg(raw(r).composite([{ input: Buffer.from(svg) }]));
  },
  'rotate-2deg': (r, h) => rotateInner(r, h % 2 ? 2 : -2),
  'downscale-8': (r) => jpeg(raw(r).resize(Math.max(8, Math.round(r.width / 8)), Math.max(8, Math.round(r.height / 8)), { fit: 'fill' }), 60),
};

/** Writes OUT/<name>/<edit>.jpg for every edit of program B. */
export async function writeProgramB(r: Raw, name: string, out: string): Promise<void> {
  const dir = join(out, name);
  await mkdir(dir, { recursive: true });
  for (const [edit, make] of Object.entries(PROGRAM_B)) await writeFile(join(dir, `${edit}.jpg`), await make(r, nameHash(name)));
}
