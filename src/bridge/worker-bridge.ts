/**
 * A typed, lazily started worker (after Squoosh's WorkerBridge): the worker starts on the first
 * call; every call may take an AbortSignal, and aborting rejects at once with 'aborted' (the
 * worker finishes its current job and the answer is dropped). If the worker dies, pending calls
 * reject with 'worker-crashed' and the next call starts a fresh worker. No call hangs forever.
 */
import { message as workerMessage } from '../lib/messages/sentence.ts';
import { wrap, releaseProxy, type Remote } from 'comlink';
import { WorkerError, installErrorTransfer } from '../protocol/errors.ts';

export class WorkerBridge<Api> {
  #worker?: Worker;
  #remote?: Remote<Api>;
  /** rejects when the current worker dies; every call races against it */
  #died?: Promise<never>;

  constructor(
    private readonly name: string,
    private readonly create: () => Worker,
    /** while it returns a promise, calls wait for it before the worker starts (the page's first search goes first) */
    private readonly held: () => Promise<void> | undefined = () => undefined,
  ) {
    installErrorTransfer();
  }

  #start(): { remote: Remote<Api>; died: Promise<never> } {
    if (!this.#worker || !this.#remote || !this.#died) {
      const worker = this.create();
      this.#died = new Promise<never>((_, reject) => {
        const fail = (message: string) => {
          reject(new WorkerError({ code: 'worker-crashed', message: workerMessage('worker.crashed', { name: this.name, reason: message }) }));
          if (this.#worker === worker) this.terminate();
        };
        worker.addEventListener('error', (e) => { e.preventDefault(); fail(e.message || 'script error'); });
        worker.addEventListener('messageerror', () => fail('a message could not be read'));
      });
      this.#died.catch(() => {}); // handled by whoever races against it
      this.#worker = worker;
      this.#remote = wrap<Api>(worker);
    }
    return { remote: this.#remote, died: this.#died };
  }

  /** Starts the worker now (if it is not running), so that its scripts load while the page does other work. */
  warm(): void {
    this.#start();
  }

  /** Runs `fn` against the worker; rejects with a WorkerError on abort, crash or worker error. */
  async call<R>(fn: (remote: Remote<Api>) => Promise<R>, signal?: AbortSignal): Promise<R> {
    const aborted = () => new WorkerError({ code: 'aborted', message: 'the request was cancelled' });
    if (signal?.aborted) throw aborted();
    let onAbort: (() => void) | undefined;
    const abort = new Promise<never>((_, reject) => {
      onAbort = () => reject(aborted());
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const held = this.held();
      if (held) await Promise.race([held, abort]);
      const { remote, died } = this.#start();
      return await Promise.race([fn(remote), died, abort]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Last resort: kills the worker (its state is lost); the next call starts a new one. */
  terminate(): void {
    this.#remote?.[releaseProxy]();
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#remote = undefined;
    this.#died = undefined;
  }
}
