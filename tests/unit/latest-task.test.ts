import { describe, expect, it } from 'vitest';
import { LatestTask } from '../../src/state/search/latest-task.ts';

describe('the latest task wins', () => {
  it('a new task aborts the one before and makes it not current', () => {
    const latest = new LatestTask();
    const first = latest.start();
    expect(first.current).toBe(true);
    const second = latest.start();
    expect(first.signal.aborted).toBe(true);
    expect(first.current).toBe(false);
    expect(second.current).toBe(true);
    expect(second.signal.aborted).toBe(false);
  });

  it('an answer that arrives after it was overtaken is dropped by its awaiter', async () => {
    const latest = new LatestTask();
    const shown: string[] = [];
    const run = async (name: string, ms: number) => {
      const t = latest.start();
      await new Promise((r) => setTimeout(r, ms));
      if (t.current) shown.push(name);
    };
    await Promise.all([run('slow, older', 30), run('fast, newer', 1)]);
    expect(shown).toEqual(['fast, newer']);
  });

  it('cancel ends the task under way without starting another', () => {
    const latest = new LatestTask();
    const t = latest.start();
    latest.cancel();
    expect(t.current).toBe(false);
    expect(t.signal.aborted).toBe(true);
    expect(latest.start().current).toBe(true);
  });
});
