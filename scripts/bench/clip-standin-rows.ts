/** The real-size CLIP section's rows in the bench's printed table (figures from clip-standin-section.ts). */
import type { StandinFigures, StandinTarget } from './clip-standin-section.ts';
import { indexingRows } from './indexing-section.ts';
import { fmt } from './stats.ts';

const MB = 1024 * 1024;
const where = (device: string, threads: number) => (device === 'wasm' ? `WASM ${threads} thread${threads === 1 ? '' : 's'}` : device === 'webgpu' ? 'WebGPU (SwiftShader)' : device);
const ms = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
const mark = (met: boolean) => (met ? '✅ met' : '❌ not met');
const speedKey = (s: { dtype: string; device: string; threads: number }, what: 'image' | 'text') => `${what}:${s.dtype}:${s.device}:${s.threads}`;
const loadKey = (l: { dtype: string; device: string; threads: number; visit: string }) => `load:${l.visit}:${l.dtype}:${l.device}:${l.threads}`;

/** The issue's targets (benchmarks, not timed tests), each with the figure measured against it. */
export function standinTargets(f: StandinFigures): StandinTarget[] {
  const out: StandinTarget[] = [];
  const q8 = f.speed.filter((s) => s.dtype === 'q8' && s.device === 'wasm');
  const one = q8.find((s) => s.threads === 1);
  const many = q8.find((s) => s.threads > 1);
  if (one) {
    out.push({ key: speedKey(one, 'image'), figure: 'q8 image, WASM 1 thread, ms (median)', value: one.image.medianMs, target: '≤ 250 ms', met: one.image.medianMs <= 250 });
    out.push({ key: speedKey(one, 'text'), figure: 'q8 text, WASM 1 thread, ms (median)', value: one.text.medianMs, target: '≤ 30 ms', met: one.text.medianMs <= 30 });
  }
  if (many) out.push({ key: speedKey(many, 'text'), figure: `q8 text, WASM ${many.threads} threads, ms (median)`, value: many.text.medianMs, target: '≤ 30 ms', met: many.text.medianMs <= 30 });
  if (one && many) {
    const speedup = one.image.medianMs / many.image.medianMs;
    out.push({ key: 'speed-up', figure: `q8 image speed-up, ${many.threads} threads over 1`, value: speedup, target: '≥ 1.6×', met: speedup >= 1.6 });
  }
  for (const l of f.loads.filter((x) => x.visit === 'warm' && x.device === 'wasm')) {
    out.push({ key: loadKey(l), figure: `${l.dtype} warm load (Cache API), WASM ${l.threads} thread${l.threads > 1 ? 's' : ''}, ms`, value: l.loadMs, target: '≤ 3,000 ms', met: l.loadMs <= 3000 });
  }
  return out;
}

export function standinRows(f: StandinFigures): string[] {
  const at = 'Chromium, CLIP stand-in';
  const rows: string[] = [];
  const targets = standinTargets(f);
  const against = (key: string) => targets.filter((t) => t.key === key).map((t) => `target ${t.target}: ${mark(t.met)}`);
  for (const l of f.loads) {
    const wire = l.wire.requests ? `, ${fmt(l.wire.bytes / MB, 1)} MB on the wire` : ', nothing on the wire';
    const target = against(loadKey(l));
    rows.push(`| ${at} | ${l.dtype} ${l.visit} load on ${where(l.device, l.threads)}, ms (worker · page) | **${ms(l.loadMs)}** · ${ms(l.wallMs)}${wire}${target.length ? ` (${target.join(', ')})` : ''} |`);
  }
  for (const s of f.speed) {
    const target = [...against(speedKey(s, 'image')).map((t) => `image ${t}`), ...against(speedKey(s, 'text')).map((t) => `text ${t}`)];
    const notes = [s.capped ? 'stopped by the time cap' : '', s.fallback ? `fell back: ${s.fallback}` : ''].filter(Boolean).join('; ');
    rows.push(`| ${at} | ${s.dtype} on ${where(s.device, s.threads)}, batch 1: image · text, ms (median of ${s.image.n} · ${s.text.n}; first image ${ms(s.firstImageMs)}) | **${fmt(s.image.medianMs, 0)}** · **${fmt(s.text.medianMs, 1)}**${target.length ? ` (${target.join(', ')})` : ''}${notes ? ` — ${notes}` : ''} |`);
  }
  for (const t of targets.filter((x) => x.key === 'speed-up')) rows.push(`| ${at} | ${t.figure} | **${fmt(t.value)}×** (target ${t.target}: ${mark(t.met)}) |`);
  for (const v of f.firstVisit) {
    const estimate = v.stored.usage !== undefined ? `; storage.estimate() usage ${fmt(v.stored.usage / MB, 0)} MB of ${fmt((v.stored.quota ?? NaN) / MB / 1024, 0)} GB quota` : '';
    rows.push(`| ${at} | ${v.dtype} first visit: bytes on the wire · in the Cache API (${v.stored.entries.length} entries) | ${fmt(v.wireBytes / MB, 1)} MB · ${fmt(v.stored.cacheBytes / MB, 1)} MB${estimate} |`);
  }
  if (f.indexing) {
    rows.push(...indexingRows(f.indexing));
    for (const r of f.indexing.runs) {
      rows.push(`| Chromium | index ${r.images.toLocaleString('en-US')} images, ${r.engines}: ms per image within the run (1 image per CLIP call) | ${ms(1000 / r.imagesPerSecond)} |`);
    }
  }
  for (const p of f.problems) rows.push(`| ${at} | not measured | ${p} |`);
  return rows;
}
