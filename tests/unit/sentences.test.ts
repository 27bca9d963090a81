import { describe, expect, it } from 'vitest';
import { renderText, translator } from '../../src/lib/i18n/catalog.ts';
import { mapLegend } from '../../src/lib/map/legend.ts';
import { runDetail } from '../../src/lib/collections/progress-text.ts';

const en = translator('en');

describe('sentences people read', () => {
  it('under the map: whole sentences, whatever is marked', () => {
    expect(mapLegend({ query: true, results: 0 }, en).join(' ')).toBe(
      'Each dot is an image, coloured by cluster; similar images lie close together. The cross-hair is your query. Click a dot to search with it.',
    );
    expect(mapLegend({ query: true, results: 12 }, en)[1]).toBe('The cross-hair is your query; ringed dots are its results (12 on this map).');
    expect(mapLegend({ query: false, results: 3 }, en)[1]).toBe('Ringed dots are the results (3 on this map).');
    for (const q of [true, false]) for (const r of [0, 5]) {
      for (const line of mapLegend({ query: q, results: r }, en)) expect(line).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('the measure menu marks the default without doubled brackets', () => {
    const label = en('controls.measureDefault', { measure: en('measure.l2') });
    expect(label).toBe('L2 (Euclidean) · default');
    expect(label).not.toMatch(/\)\s*\(/);
  });

  it('re-adding a folder with nothing new says so instead of "0 of 0"', () => {
    const line = runDetail({ state: 'done', done: 0, total: 0, unchanged: 392, removed: 0, rate: 0 }).map((p) => (p.kind === 'text' ? renderText('en', p.text) : ''));
    expect(line).toEqual(['Nothing new: 392 already indexed']);
    const running = runDetail({ state: 'running', done: 3, total: 10, unchanged: 392, removed: 0, rate: 2, etaMs: 3500 });
    expect(running.map((p) => p.kind)).toEqual(['text', 'rate', 'eta', 'text']);
  });
});
