/**
 * Progress on stderr: a redrawn line on a TTY, plain lines (every 10 % or 5 s) otherwise.
 * The formatting and the rate meter are pure; `ProgressReporter` only writes to its stream.
 */
import type { DownloadEvent } from './download.ts';

/** Decimal units, like the Hub's file listings: 88.7 MB. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '-- MB/s';
  return `${(bytesPerSecond / 1e6).toFixed(bytesPerSecond >= 1e8 ? 0 : 1)} MB/s`;
}

/** `45.2%`, or `?%` when the total is unknown; never above 100. */
export function formatPercent(done: number, total: number | undefined): string {
  if (total === undefined || total <= 0) return total === 0 ? '100.0%' : '?%';
  return `${Math.min(100, (100 * done) / total).toFixed(1)}%`;
}

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}

/** `[#####-----]` for a fraction in [0, 1]; all dashes when unknown. */
export function bar(fraction: number | undefined, width = 20): string {
  const f = fraction === undefined || !Number.isFinite(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}

/** Bytes per second over the last `windowMs` of samples (time in ms, cumulative bytes). */
export class RateMeter {
  private samples: { t: number; bytes: number }[] = [];
  constructor(private readonly windowMs = 3000) {}
  push(t: number, cumulativeBytes: number): void {
    this.samples.push({ t, bytes: cumulativeBytes });
    while (this.samples.length > 2 && t - this.samples[1]!.t > this.windowMs) this.samples.shift();
  }
  rate(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0]!;
    const b = this.samples[this.samples.length - 1]!;
    return b.t > a.t ? ((b.bytes - a.bytes) * 1000) / (b.t - a.t) : 0;
  }
}

export interface LineState {
  path: string;
  fileBytes: number;
  fileSize?: number;
  doneBytes: number;
  totalBytes?: number;
  rate: number;
}

/** One progress line: file bar, file bytes and %, total bytes and %, rate. */
export function progressLine(s: LineState, opts: { bar: boolean; maxWidth?: number }): string {
  const file = `${formatBytes(s.fileBytes)}/${s.fileSize === undefined ? '?' : formatBytes(s.fileSize)} ${formatPercent(s.fileBytes, s.fileSize)}`;
  const total = `total ${formatBytes(s.doneBytes)}/${s.totalBytes === undefined ? '?' : formatBytes(s.totalBytes)} ${formatPercent(s.doneBytes, s.totalBytes)}`;
  const head = opts.bar ? `${bar(s.fileSize ? s.fileBytes / s.fileSize : undefined)} ` : '';
  let line = `${head}${s.path} ${file} · ${total} · ${formatRate(s.rate)}`;
  if (opts.maxWidth && line.length > opts.maxWidth) {
    const cut = line.length - opts.maxWidth + 1;
    const name = s.path.length > cut + 3 ? `…${s.path.slice(cut + 1)}` : s.path;
    line = `${head}${name} ${file} · ${total} · ${formatRate(s.rate)}`.slice(0, opts.maxWidth);
  }
  return line;
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Turns download events into progress output. */
export class ProgressReporter {
  private readonly meter = new RateMeter();
  private lastDraw = 0;
  private lastPlainPct = -1;
  private lastPlainAt = 0;
  private drawn = false;
  private readonly tty: boolean;

  constructor(private readonly out: ProgressStream, private readonly now: () => number = () => performance.now(), tty?: boolean) {
    this.tty = tty ?? Boolean(out.isTTY);
  }

  handle(e: DownloadEvent): void {
    switch (e.type) {
      case 'plan': {
        const known = e.totalBytes === undefined ? ' (sizes partly unknown)' : ` (${formatBytes(e.totalBytes)})`;
        this.println(`models: ${e.modelId}@${e.revision}: ${e.files.length} file(s)${known} → ${e.outDir}`);
        break;
      }
      case 'file-start':
        this.lastPlainPct = -1;
        this.lastPlainAt = this.now();
        if (e.resumeFrom > 0) this.println(`  ${e.path}: resuming at ${formatBytes(e.resumeFrom)}${e.size ? ` of ${formatBytes(e.size)}` : ''}`);
        break;
      case 'progress': {
        const t = this.now();
        this.meter.push(t, e.sessionBytes);
        const state: LineState = { path: e.path, fileBytes: e.fileBytes, fileSize: e.fileSize, doneBytes: e.doneBytes, totalBytes: e.totalBytes, rate: this.meter.rate() };
        if (this.tty) {
          if (t - this.lastDraw < 100 && e.fileBytes !== e.fileSize) return;
          this.lastDraw = t;
          const width = Math.max(40, (this.out.columns ?? 100) - 1);
          this.out.write(`\r${progressLine(state, { bar: true, maxWidth: width })}\x1b[K`);
          this.drawn = true;
        } else {
          const pct = e.fileSize ? Math.floor((10 * e.fileBytes) / e.fileSize) : -1;
          if ((pct > this.lastPlainPct && pct < 10) || t - this.lastPlainAt >= 5000) {
            this.lastPlainPct = Math.max(pct, this.lastPlainPct);
            this.lastPlainAt = t;
            this.out.write(`  ${progressLine(state, { bar: false })}\n`);
          }
        }
        break;
      }
      case 'file-done': {
        const how = e.status === 'downloaded'
          ? `${formatBytes(e.bytes)} in ${formatDuration(e.ms)}${e.checked === 'nothing' ? ' (not verified: no size or hash known)' : `, ${e.checked} ok`}`
          : e.status === 'skipped' ? `already here (${formatBytes(e.bytes)}, ${e.checked} ok)` : 'not in the repository (optional, skipped)';
        this.println(`  ${e.status === 'missing' ? '-' : '✓'} ${e.path}: ${how}`);
        break;
      }
      case 'retry':
        this.println(`  ! ${e.path}: ${e.reason}; retry ${e.attempt} in ${formatDuration(e.delayMs)}`);
        break;
      case 'note':
        this.println(`  ${e.message}`);
        break;
    }
  }

  /** Ends a pending TTY line so that what follows starts on a fresh one. */
  finish(): void {
    if (this.drawn) { this.out.write('\r\x1b[K'); this.drawn = false; }
  }

  private println(s: string): void {
    this.finish();
    this.out.write(`${s}\n`);
  }
}
