/** The evaluation maths behind `npm run eval`: AP, P@1, the folder layout, leave-one-out. */
import { describe, expect, it } from 'vitest';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { layoutFromPaths } from '../../src/lib/eval/groups.ts';
import { leaveOneOut } from '../../src/lib/eval/leave-one-out.ts';
import { averagePrecision, precisionAt1, summarise } from '../../src/lib/eval/metrics.ts';

describe('average precision', () => {
  it('is 1 when every relevant item comes first', () => {
    expect(averagePrecision([true, true, false, false], 2)).toBe(1);
  });

  it('averages the precision at each relevant rank', () => {
    // relevant at ranks 2 and 4: (1/2 + 2/4) / 2
    expect(averagePrecision([false, true, false, true], 2)).toBeCloseTo(0.5);
  });

  it('counts relevant items missing from a truncated list as precision 0', () => {
    expect(averagePrecision([true, false], 2)).toBeCloseTo(0.5);
  });

  it('is undefined (NaN) when nothing is relevant, and such queries are skipped', () => {
    expect(averagePrecision([false, false], 0)).toBeNaN();
    expect(summarise([{ ap: NaN, pAt1: 0 }, { ap: 0.5, pAt1: 1 }])).toEqual({ queries: 1, skipped: 1, mAP: 0.5, pAt1: 1 });
  });

  it('P@1 is whether the first result is relevant', () => {
    expect(precisionAt1([true, false], 1)).toBe(1);
    expect(precisionAt1([false, true], 1)).toBe(0);
  });
});

describe('the evaluation folder layout DIR/<group>/<file>', () => {
  it('labels files by their folder and ignores everything else, saying why', () => {
    const layout = layoutFromPaths(['b/2.png', 'a/1.png', 'loose.png', 'a/.hidden.png', 'a/deep/3.png']);
    expect(layout.files).toEqual([{ path: 'a/1.png', group: 'a' }, { path: 'b/2.png', group: 'b' }]);
    expect(layout.ignored.map((i) => i.reason).sort()).toEqual(['hidden', 'nested deeper than DIR/<group>/<file>', 'not inside a group folder']);
  });
});

describe('leave-one-out', () => {
  it('gives mAP 1 when each image is nearest to its own group', () => {
    const m: VectorMatrix = { kind: 'f32', dim: 2, count: 4, data: Float32Array.of(1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9) };
    const r = leaveOneOut(m, ['x', 'x', 'y', 'y'], 'cosine');
    expect(r.mAP).toBe(1);
    expect(r.pAt1).toBe(1);
  });

  it('gives a lower mAP when groups are swapped', () => {
    const m: VectorMatrix = { kind: 'f32', dim: 2, count: 4, data: Float32Array.of(1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9) };
    const r = leaveOneOut(m, ['x', 'y', 'x', 'y'], 'cosine');
    expect(r.mAP).toBeLessThan(1);
    expect(r.pAt1).toBe(0);
  });
});
