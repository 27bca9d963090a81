import { describe, expect, it } from 'vitest';
import { MAX_QUERY_IMAGES, admit, dropOffer, refusalMessage } from '../../src/lib/query/composer.ts';
import { renderText } from '../../src/lib/i18n/catalog.ts';

const en = (names: string[]) => { const t = refusalMessage(names); return t && renderText('en', t); };

describe('the query composer holds up to 5 images', () => {
  it('takes files while there is room, refuses the rest', () => {
    expect(MAX_QUERY_IMAGES).toBe(5);
    expect(admit(['a', 'b'], 0)).toEqual({ accepted: ['a', 'b'], refused: [] });
    expect(admit(['a', 'b', 'c'], 3)).toEqual({ accepted: ['a', 'b'], refused: ['c'] });
    expect(admit(['f'], 5)).toEqual({ accepted: [], refused: ['f'] });
    expect(admit(['f'], 7)).toEqual({ accepted: [], refused: ['f'] });
  });
  it('says the limit and names what was left out', () => {
    expect(en(['six.png'])).toMatch(/up to 5 images, so six\.png was not added/);
    expect(en(['a', 'b', 'c', 'd', 'e'])).toMatch(/a, b, c and 2 more were not added/);
    expect(refusalMessage([])).toBeNull();
    const vi = refusalMessage(['a', 'b', 'c', 'd', 'e']);
    expect(vi && renderText('vi', vi)).toBe('Mỗi truy vấn chứa tối đa 5 ảnh, nên a, b, c và 2 ảnh khác chưa được thêm. Hãy bỏ bớt một ảnh để có chỗ.');
  });
});

describe('what the drop zone offers', () => {
  it('a full query invites no more: no paste hint, no active picker, and says how to make room', () => {
    expect(dropOffer({ full: true, compact: true, active: false })).toEqual({ lead: 'drop.full', paste: false, pick: null, hint: 'drop.fullHint' });
  });
  it('with room, images can be dropped, pasted or picked', () => {
    expect(dropOffer({ full: false, compact: false, active: false })).toEqual({ lead: 'drop.here', paste: true, pick: 'drop.choose', hint: 'drop.hint' });
    expect(dropOffer({ full: false, compact: true, active: true })).toMatchObject({ lead: 'drop.active', paste: true, pick: 'drop.add' });
  });
});
