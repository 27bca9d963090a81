import { describe, expect, it } from 'vitest';
import { translator } from '../../src/lib/i18n/catalog.ts';
import { engineNaming, resultSummary } from '../../src/lib/search/status-text.ts';

const en = translator('en');
const say = (r: Parameters<typeof resultSummary>[0]) => {
  const s = resultSummary(r);
  return en(s.key, { ...s.params, engine: 'Classic', measure: 'Cosine', ms: '5 ms', method: 'spectral clusters' });
};

describe('the line that sums up a search', () => {
  it('an exact search says how many images it ranked', () => {
    expect(say({ hits: 20, scanned: 3812, total: 3812 })).toBe('Top 20 of 3,812 · Classic · Cosine · ranked in 5 ms');
  });
  it('an approximate one says how many were scanned out of how many, not "Top 20 of 100"', () => {
    expect(say({ hits: 20, scanned: 100, total: 3812, method: [{ kind: 'cluster', probed: 8 }] })).toBe('Top 20 · 100 of 3,812 images scanned · Classic · Cosine · ranked in 5 ms (spectral clusters)');
  });
});

describe('the engine the line names', () => {
  const name = (used: 'clip' | 'classic', choice?: 'auto' | 'clip' | 'classic') => {
    const n = engineNaming(used, choice);
    const own = n.engine === 'clip' ? 'CLIP' : 'Classic';
    return n.key ? en(n.key, { engine: own }) : own;
  };
  it('is the engine that ranked, after "Best available →" when that choice picked it', () => {
    expect(name('clip', 'auto')).toBe('Best available → CLIP');
    expect(name('classic', 'auto')).toBe('Best available → Classic');
  });
  it('is the engine alone when the person chose it', () => {
    expect(name('classic', 'classic')).toBe('Classic');
    expect(name('clip', undefined)).toBe('CLIP');
  });
  it('is said in Vietnamese too', () => {
    expect(translator('vi')('status.bestEngine', { engine: 'CLIP' })).toBe('Tốt nhất hiện có → CLIP');
  });
});
