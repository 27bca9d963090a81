/** "12/340 images · 3.1/s · ETA 1 min 46 s" lines on stdout, at most about once a second. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const rate = done / Math.max(elapsedMs / 1000, 1e-3);
  const eta = done > 0 ? (total - done) / rate : Infinity;
  return `${label} ${done}/${total} · ${rate.toFixed(1)}/s · ${done >= total ? `done in ${formatDuration(elapsedMs / 1000)}` : `ETA ${formatDuration(eta)}`}`;
}

export class Progress {
  readonly #t0 = performance.now();
  #last = performance.now();
  #done = 0;
  constructor(readonly label: string, readonly total: number, readonly write: (line: string) => void = (l) => console.log(l)) {}

  tick(n = 1): void {
    this.#done += n;
    const now = performance.now();
    if (this.#done >= this.total || now - this.#last >= 1000) {
      this.#last = now;
      this.write(progressLine(this.label, this.#done, this.total, now - this.#t0));
    }
  }
}
