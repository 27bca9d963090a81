import { afterEach, describe, expect, it, vi } from 'vitest';
import { StartHold } from '../../src/bridge/start-hold.ts';

describe('holding a worker back while the first search runs', () => {
  afterEach(() => vi.useRealTimers());

  it('holds nothing unless asked', () => {
    expect(new StartHold().current()).toBeUndefined();
  });

  it('releases when the awaited event happens, failed or not', async () => {
    for (const outcome of [Promise.resolve('answer'), Promise.reject(new Error('no vectors'))]) {
      const hold = new StartHold();
      let fire!: () => void;
      hold.holdUntil(new Promise<void>((resolve) => (fire = resolve)).then(() => outcome), 60_000);
      const held = hold.current();
      expect(held).toBeInstanceOf(Promise);
      fire();
      await held;
      await Promise.resolve();
      expect(hold.current()).toBeUndefined();
    }
  });

  it('releases after the cap even if the event never happens', async () => {
    vi.useFakeTimers();
    const hold = new StartHold();
    hold.holdUntil(new Promise(() => {}), 5000);
    const held = hold.current();
    let released = false;
    void held?.then(() => (released = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(released).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(released).toBe(true);
  });

  it('lets the held calls go at once when the page turns out to need the worker', async () => {
    const hold = new StartHold();
    hold.holdUntil(new Promise(() => {}), 60_000);
    const held = hold.current();
    hold.release();
    await held;
    await Promise.resolve();
    expect(hold.current()).toBeUndefined();
  });
});
