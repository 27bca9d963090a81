/**
 * Holds back a worker that the page's first search does not need (CLIP: 600 KB of script, and a
 * model to load), so that on a machine with few cores it does not compete with that search. Not
 * held unless asked (src/bridge/early-start.ts); released when the awaited event happens, when the
 * page asks for what only that worker can do (`release`: the first search turned out to need it),
 * or after `capMs` at the latest, so nothing waits for it forever.
 */
export class StartHold {
  #held?: Promise<void>;

  /** The promise that calls wait for, or undefined when nothing is held. */
  readonly current = (): Promise<void> | undefined => this.#held;

  #release?: () => void;

  holdUntil(event: Promise<unknown>, capMs: number): void {
    const held = new Promise<void>((resolve) => {
      const release = () => resolve();
      this.#release = release;
      event.then(release, release);
      setTimeout(release, capMs);
    });
    this.#held = held;
    void held.then(() => { if (this.#held === held) this.#held = undefined; });
  }

  /** Lets the held calls go now. */
  release(): void {
    this.#release?.();
  }
}
