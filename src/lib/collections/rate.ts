/**
 * Images per second over a sliding window, and the time left at that rate. The window keeps the
 * figure honest after a pause or a slow file without averaging over the whole run.
 */
export class RateMeter {
  readonly #samples: { t: number; done: number }[] = [];

  constructor(private readonly windowMs = 5000) {}

  /** Records that `done` files were finished by time `t` (ms). */
  add(t: number, done: number): void {
    this.#samples.push({ t, done });
    while (this.#samples.length > 2 && t - this.#samples[1].t >= this.windowMs) this.#samples.shift();
  }

  /** Forget the history (after a pause, so the idle time does not count). */
  reset(): void {
    this.#samples.length = 0;
  }

  /** files per second, 0 until two samples exist */
  rate(): number {
    const s = this.#samples;
    if (s.length < 2) return 0;
    const first = s[0], last = s[s.length - 1];
    const dt = last.t - first.t;
    return dt > 0 ? ((last.done - first.done) * 1000) / dt : 0;
  }

  /** ms until `remaining` files are done at the current rate; undefined while unknown */
  eta(remaining: number): number | undefined {
    const r = this.rate();
    return r > 0 ? (remaining / r) * 1000 : undefined;
  }
}
