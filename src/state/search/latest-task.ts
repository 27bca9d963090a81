/**
 * "Latest request wins" for the page: starting a task aborts the one before (its signal) and
 * marks it overtaken, so an answer that arrives late is dropped by whoever awaited it. Used by
 * the search runner, the map and the duplicates view.
 */
export interface TaskTicket {
  readonly signal: AbortSignal;
  /** still the newest task (not overtaken, not cancelled) */
  readonly current: boolean;
}

export class LatestTask {
  #seq = 0;
  #abort?: AbortController;

  /** Begins a new task: the previous one is aborted and no longer current. */
  start(): TaskTicket {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const seq = ++this.#seq;
    const isNewest = (): boolean => seq === this.#seq;
    return {
      signal: abort.signal,
      get current() {
        return isNewest() && !abort.signal.aborted;
      },
    };
  }

  /** Aborts the task under way, if any; its answer will be dropped. */
  cancel(): void {
    this.#abort?.abort();
    this.#seq++;
  }
}

/** Errors that only mean "someone else's answer counts now": never shown. */
export const isQuietError = (e: { readonly code: string }): boolean => e.code === 'aborted' || e.code === 'superseded';
