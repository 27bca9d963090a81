import { describe, expect, it } from 'vitest';
import { planIndex, type StoredFile } from '../../src/lib/collections/plan.ts';
import { RateMeter } from '../../src/lib/collections/rate.ts';

const file = (path: string, size = 100, mtime = 1) => ({ path, size, mtime });
const stored = (path: string, over: Partial<StoredFile> = {}): [string, StoredFile] => [path, { ...file(path), kind: 'image', hasClip: false, ...over }];
const whole = { wholeFolder: true, classicOutdated: false, wantClip: false };

describe('planning an index run', () => {
  it('a new folder: every file is to do', () => {
    const plan = planIndex([file('a.jpg'), file('b/c.png')], new Map(), whole);
    expect(plan.todo.map((f) => f.path)).toEqual(['a.jpg', 'b/c.png']);
    expect(plan).toMatchObject({ removed: [], unchanged: 0 });
  });

  it('resuming: files already stored are not read again', () => {
    const plan = planIndex([file('a.jpg'), file('b.jpg'), file('c.jpg')], new Map([stored('a.jpg'), stored('b.jpg')]), whole);
    expect(plan.todo.map((f) => f.path)).toEqual(['c.jpg']);
    expect(plan.unchanged).toBe(2);
  });

  it('re-adding: a changed size or time is done again, a vanished file is dropped', () => {
    const plan = planIndex([file('a.jpg', 100, 2), file('b.jpg', 120, 1), file('new.jpg')], new Map([stored('a.jpg'), stored('b.jpg'), stored('gone.jpg')]), whole);
    expect(plan.todo.map((f) => f.path)).toEqual(['a.jpg', 'b.jpg', 'new.jpg']);
    expect(plan.removed).toEqual(['gone.jpg']);
  });

  it('loose files (not a whole folder) never drop what is stored', () => {
    expect(planIndex([file('x.jpg')], new Map([stored('old.jpg')]), { ...whole, wholeFolder: false }).removed).toEqual([]);
  });

  it('a skipped file stays skipped until it changes', () => {
    const known = new Map([stored('bad.jpg', { kind: 'skipped' })]);
    expect(planIndex([file('bad.jpg')], known, whole).todo).toEqual([]);
    expect(planIndex([file('bad.jpg', 5)], known, whole).todo).toHaveLength(1);
  });

  it('outdated classic vectors, or a CLIP vector now wanted, mean embedding again', () => {
    const known = new Map([stored('a.jpg'), stored('b.jpg', { hasClip: true }), stored('bad.jpg', { kind: 'skipped' })]);
    const listing = [file('a.jpg'), file('b.jpg'), file('bad.jpg')];
    expect(planIndex(listing, known, { ...whole, classicOutdated: true }).todo.map((f) => f.path)).toEqual(['a.jpg', 'b.jpg']);
    expect(planIndex(listing, known, { ...whole, wantClip: true }).todo.map((f) => f.path)).toEqual(['a.jpg']);
  });

  it('a path listed twice is planned once', () => {
    expect(planIndex([file('a.jpg'), file('a.jpg')], new Map(), whole).todo).toHaveLength(1);
  });
});

describe('images per second and time left', () => {
  it('is unknown until there are two samples', () => {
    const m = new RateMeter();
    m.add(0, 0);
    expect(m.rate()).toBe(0);
    expect(m.eta(10)).toBeUndefined();
  });

  it('measures over the recent window only', () => {
    const m = new RateMeter(1000);
    m.add(0, 0);
    m.add(10_000, 10); // a slow start…
    m.add(10_500, 20);
    m.add(11_000, 30); // …then 20 files per second
    expect(m.rate()).toBeCloseTo(20, 5);
    expect(m.eta(40)).toBeCloseTo(2000, 5);
  });
});
