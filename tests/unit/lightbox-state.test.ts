/**
 * The larger view's state (src/state/lightbox.svelte.ts), with its runes in Node: which result
 * is open, walking among the results shown, and the full picture of a person's image — released
 * when the view moves on, and never shown for a result that is no longer open.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LightboxState } from '../../src/state/lightbox.svelte.ts';
import type { OwnImage } from '../../src/state/own-image.ts';
import type { ImagePlace } from '../../src/lib/images/image-ref.ts';
import type { SearchHit } from '../../src/protocol/search.ts';

const hit = (id: string, index: number, collection?: string): SearchHit => ({ id, index, score: 1 - index / 10, ...(collection ? { collection } : {}) });
const shown = [hit('a', 0), hit('b.jpg', 1, 'c1'), hit('c', 2)];

/** A catalog whose person's images arrive when the test says so. */
function slowCatalog() {
  const waiting = new Map<string, (own: OwnImage | undefined) => void>();
  return {
    catalog: {
      ownImage: (place: ImagePlace) =>
        place.collection === undefined ? Promise.resolve(undefined) : new Promise<OwnImage | undefined>((resolve) => waiting.set(place.id, resolve)),
    },
    arrive: (id: string) => waiting.get(id)?.({ src: `blob:${id}`, fullSize: true, name: id, path: id, collection: 'Trip', width: 8, height: 8, bytes: 3, format: 'jpeg' }),
  };
}

afterEach(() => vi.restoreAllMocks());

describe('the lightbox', () => {
  it('opens a result at its rank and walks to its neighbours among the results shown', async () => {
    const box = new LightboxState(slowCatalog().catalog, () => shown);
    await box.open(shown[0], 1);
    expect(box.opened).toEqual({ hit: shown[0], rank: 1 });
    expect(box.neighbour(-1)).toBeUndefined(); // the first has no previous one
    box.neighbour(2)!();
    expect(box.opened?.hit.id).toBe('c');
    expect(box.neighbour(1)).toBeUndefined();
  });

  it("shows a person's image in full once read, and releases it on close, giving back the rank", async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { catalog, arrive } = slowCatalog();
    const box = new LightboxState(catalog, () => shown);
    const opening = box.open(shown[1], 2);
    expect(box.own).toBeNull(); // the stored preview shows until the file is read
    arrive('b.jpg');
    await opening;
    expect(box.own?.src).toBe('blob:b.jpg');
    expect(box.close()).toBe(2);
    expect(box.opened).toBeNull();
    expect(box.own).toBeNull();
    expect(revoke).toHaveBeenCalledWith('blob:b.jpg');
  });

  it('drops a full picture that arrives after another result was opened', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { catalog, arrive } = slowCatalog();
    const box = new LightboxState(catalog, () => shown);
    const first = box.open(shown[1], 2);
    await box.open(shown[2], 3);
    arrive('b.jpg');
    await first;
    expect(box.opened?.hit.id).toBe('c');
    expect(box.own).toBeNull();
    expect(revoke).toHaveBeenCalledWith('blob:b.jpg');
  });
});
