import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GITHUB_PAGES_LIMITS, checkSite, formatReport, formatSize, listSiteFiles, type SiteFile } from '../../scripts/check-site.ts';

const MB = 1e6;

describe('checkSite (pure)', () => {
  it('passes a site within the limits and lists the largest files first, ties by path', () => {
    const files: SiteFile[] = [
      { path: 'index.html', bytes: 900 },
      { path: 'gallery/vectors/pixels.ivec', bytes: 73_190_464 },
      { path: 'b.js', bytes: 5 * MB },
      { path: 'a.js', bytes: 5 * MB },
    ];
    const r = checkSite(files, GITHUB_PAGES_LIMITS, 3);
    expect(r.problems).toEqual([]);
    expect(r.files).toBe(4);
    expect(r.totalBytes).toBe(900 + 73_190_464 + 10 * MB);
    expect(r.largest.map((f) => f.path)).toEqual(['gallery/vectors/pixels.ivec', 'a.js', 'b.js']);
  });

  it('accepts a file exactly at the limit and rejects one byte more, naming the file', () => {
    const limits = { maxFileBytes: 100, maxTotalBytes: 10_000 };
    expect(checkSite([{ path: 'x.bin', bytes: 100 }], limits).problems).toEqual([]);
    const [p, ...rest] = checkSite([{ path: 'x.bin', bytes: 101 }, { path: 'y.bin', bytes: 50 }], limits).problems;
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ kind: 'file-too-large', path: 'x.bin', bytes: 101, limit: 100 });
    expect(p!.message).toContain('x.bin');
  });

  it('reports every oversized file, biggest first, with advice that fits where it lives', () => {
    const r = checkSite([
      { path: 'models/Xenova/clip-vit-base-patch32/onnx/text_model_fp16.onnx', bytes: 127 * MB },
      { path: 'models/Xenova/clip-vit-base-patch32/onnx/vision_model_fp16.onnx', bytes: 176 * MB },
      { path: 'models/Xenova/clip-vit-base-patch32/onnx/vision_model_quantized.onnx', bytes: 89.1 * MB },
    ]);
    expect(r.problems.map((p) => p.path)).toEqual([
      'models/Xenova/clip-vit-base-patch32/onnx/vision_model_fp16.onnx',
      'models/Xenova/clip-vit-base-patch32/onnx/text_model_fp16.onnx',
    ]);
    expect(r.problems[0]!.message).toMatch(/176\.0 MB.*100\.0 MB.*--dtype q8/);
  });

  it('rejects a site over the total limit even when every file is small', () => {
    const files = Array.from({ length: 11 }, (_, i) => ({ path: `models/part-${i}.onnx`, bytes: 95 * MB }));
    const r = checkSite(files);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ kind: 'site-too-large', bytes: 1045 * MB, limit: 1e9 });
    expect(r.problems[0]!.message).toContain('1.04 GB');
  });

  it('warns about leftover .part downloads without failing', () => {
    const r = checkSite([{ path: 'models/a/onnx/x.onnx.part', bytes: 10 }]);
    expect(r.problems).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('x.onnx.part');
  });

  it('handles an empty site', () => {
    expect(checkSite([])).toEqual({ files: 0, totalBytes: 0, largest: [], problems: [], warnings: [] });
  });

  it('formats sizes and the report', () => {
    expect(formatSize(999)).toBe('999 B');
    expect(formatSize(1500)).toBe('1.5 kB');
    expect(formatSize(73_190_464)).toBe('73.2 MB');
    expect(formatSize(1.2e9)).toBe('1.20 GB');
    const bad = formatReport('dist', checkSite([{ path: 'big.bin', bytes: 101 * MB }]));
    expect(bad).toContain('error: big.bin is 101.0 MB');
    expect(bad).toMatch(/FAILED/);
    expect(formatReport('dist', checkSite([{ path: 'a', bytes: 1 }]))).toMatch(/ok: within/);
  });
});

describe('listSiteFiles (fs walk)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('lists nested files with forward-slash paths and sizes, following symbolic links', async () => {
    dir = await mkdtemp(join(tmpdir(), 'check-site-'));
    await mkdir(join(dir, 'gallery', 'vectors'), { recursive: true });
    await writeFile(join(dir, 'index.html'), 'x'.repeat(10));
    await writeFile(join(dir, 'gallery', 'vectors', 'a.ivec'), new Uint8Array(1234));
    await symlink(join(dir, 'index.html'), join(dir, 'link.html'));
    const files = (await listSiteFiles(dir)).sort((a, b) => a.path.localeCompare(b.path));
    expect(files).toEqual([
      { path: 'gallery/vectors/a.ivec', bytes: 1234 },
      { path: 'index.html', bytes: 10 },
      { path: 'link.html', bytes: 10 },
    ]);
  });
});
