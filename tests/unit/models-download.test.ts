/**
 * `npm run models` (scripts/models.ts, scripts/models/*) against a local fake Hub
 * (tests/unit/fake-hub.ts) serving tests/fixtures/models/tiny-clip as "Xenova/tiny-clip".
 * Nothing here touches the internet.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../scripts/models/args.ts';
import { downloadModel, type DownloadEvent, type DownloadOptions } from '../../scripts/models/download.ts';
import { clipFiles, parseDtype, parseFilesOption } from '../../scripts/models/files.ts';
import { metaFromHeaders, nextLink, normaliseEtag, parseTree, resolveUrl, treeUrl } from '../../scripts/models/hub.ts';
import { bar, formatBytes, formatPercent, formatRate, progressLine, ProgressReporter, RateMeter } from '../../scripts/models/progress.ts';
import { backoffMs, parseContentRange, partAction, rangeHeader, responseAction } from '../../scripts/models/resume.ts';
import { compare, gitBlobSha1, sha256 } from '../../scripts/models/verify.ts';
import { startFakeHub, type FakeHub } from './fake-hub.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'tests/fixtures/models/tiny-clip');
const MT_FIXTURE = join(ROOT, 'tests/fixtures/models/tiny-opus-mt-vi-en');
const MT = 'Xenova/tiny-opus-mt-vi-en';
/** The translation fixture belongs to another part of the project; its test is skipped without it. */
const HAVE_MT = existsSync(join(MT_FIXTURE, 'config.json'));
const MODEL = 'Xenova/tiny-clip';
const Q8 = clipFiles(['q8']);
const VISION = 'onnx/vision_model_quantized.onnx';
const TEXT = 'onnx/text_model_quantized.onnx';

// ------------------------------------------------------------------------------------------
// Pure parts
// ------------------------------------------------------------------------------------------

describe('file lists and arguments', () => {
  it('builds the CLIP file list per dtype', () => {
    const paths = (d: Parameters<typeof clipFiles>[0]) => clipFiles(d).map((f) => f.path);
    expect(paths(['q8'])).toEqual([
      'config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json',
      'onnx/vision_model_quantized.onnx', 'onnx/text_model_quantized.onnx',
    ]);
    expect(paths(['fp16']).slice(5)).toEqual(['onnx/vision_model_fp16.onnx', 'onnx/text_model_fp16.onnx']);
    expect(paths(['fp32']).slice(5)).toEqual(['onnx/vision_model.onnx', 'onnx/text_model.onnx']);
    expect(paths(parseDtype('all'))).toHaveLength(11);
    expect(clipFiles(['q8']).filter((f) => f.optional).map((f) => f.path)).toEqual(['special_tokens_map.json']);
    expect(() => parseDtype('int4')).toThrow(/unknown --dtype "int4"/);
  });

  it('parses --files with optional marks and rejects escaping paths', () => {
    expect(parseFilesOption('config.json, onnx/encoder_model_quantized.onnx,generation_config.json?')).toEqual([
      { path: 'config.json', optional: false },
      { path: 'onnx/encoder_model_quantized.onnx', optional: false },
      { path: 'generation_config.json', optional: true },
    ]);
    expect(() => parseFilesOption('../etc/passwd')).toThrow(/bad file path/);
    expect(() => parseFilesOption('/abs.json')).toThrow(/bad file path/);
    expect(() => parseFilesOption(' , ')).toThrow(/at least one/);
  });

  it('parses the command line', () => {
    const d = parseCliArgs([]);
    expect(d).toMatchObject({ modelId: 'Xenova/clip-vit-base-patch32', outDir: 'public/models', revision: 'main', retries: 3, customFiles: false });
    expect(d.files.map((f) => f.path)).toContain('onnx/vision_model_quantized.onnx');
    const o = parseCliArgs(['--', 'Xenova/mobileclip_s1', '--dtype=fp16', '--out', '/tmp/x', '--revision', 'refs/pr/1']);
    expect(o).toMatchObject({ modelId: 'Xenova/mobileclip_s1', dtypes: ['fp16'], outDir: '/tmp/x', revision: 'refs/pr/1' });
    expect(parseCliArgs(['m/x', '--files', 'a.json,b.onnx?']).files).toEqual([{ path: 'a.json', optional: false }, { path: 'b.onnx', optional: true }]);
    expect(() => parseCliArgs(['--nope'])).toThrow(/unknown option --nope/);
    expect(() => parseCliArgs(['--out'])).toThrow(/--out needs a value/);
    expect(() => parseCliArgs(['../../x'])).toThrow(/bad model id/);
  });
});

describe('hub conventions', () => {
  it('builds resolve and tree URLs', () => {
    expect(resolveUrl('https://huggingface.co', 'Xenova/clip-vit-base-patch32', 'main', 'onnx/vision_model_quantized.onnx'))
      .toBe('https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/onnx/vision_model_quantized.onnx');
    expect(resolveUrl('http://h', 'a/b', 'refs/pr/1', 'x y.json')).toBe('http://h/a/b/resolve/refs%2Fpr%2F1/x%20y.json');
    expect(treeUrl('http://h', 'a/b', 'main', '')).toBe('http://h/api/models/a/b/tree/main');
    expect(treeUrl('http://h', 'a/b', 'main', 'onnx')).toBe('http://h/api/models/a/b/tree/main/onnx');
  });

  it('reads the tree listing: sha256 for LFS files, git sha1 for others', () => {
    const sha = 'a'.repeat(64);
    const sha1 = 'b'.repeat(40);
    const m = parseTree([
      { type: 'directory', path: 'onnx', oid: sha1, size: 0 },
      { type: 'file', path: 'config.json', oid: sha1, size: 10 },
      { type: 'file', path: 'onnx/m.onnx', oid: sha1, size: 5, lfs: { oid: sha, size: 99, pointerSize: 132 } },
    ]);
    expect([...m.keys()]).toEqual(['config.json', 'onnx/m.onnx']);
    expect(m.get('config.json')).toEqual({ size: 10, gitSha1: sha1 });
    expect(m.get('onnx/m.onnx')).toEqual({ size: 99, sha256: sha, lfs: true });
    expect(() => parseTree({ error: 'x' })).toThrow();
  });

  it('reads metadata from resolve headers and Link paging', () => {
    const h = (o: Record<string, string>) => (n: string) => o[n] ?? null;
    const sha = 'c'.repeat(64);
    expect(metaFromHeaders(h({ 'x-linked-size': '123', 'x-linked-etag': `"${sha}"`, etag: 'W/"zz"' }), { useContentLength: false }))
      .toEqual({ size: 123, sha256: sha, lfs: true });
    expect(metaFromHeaders(h({ 'content-length': '7', etag: `W/"${'d'.repeat(40)}"` }), { useContentLength: true }))
      .toEqual({ size: 7, gitSha1: 'd'.repeat(40) });
    expect(metaFromHeaders(h({ etag: '"not-a-hash"' }), { useContentLength: true })).toEqual({});
    expect(normaliseEtag('W/"ABC"')).toBe('abc');
    expect(nextLink('<https://h/api/x?cursor=2>; rel="next"', 'https://h/api/x')).toBe('https://h/api/x?cursor=2');
    expect(nextLink('</p2>; rel="prev"', 'https://h/')).toBeUndefined();
  });
});

describe('resume and verification logic', () => {
  it('decides what to do with a partial file', () => {
    expect(partAction(0, 100)).toBe('fresh');
    expect(partAction(40, 100)).toBe('resume');
    expect(partAction(40, undefined)).toBe('resume');
    expect(partAction(100, 100)).toBe('verify');
    expect(partAction(101, 100)).toBe('discard');
    expect(rangeHeader(0)).toBeUndefined();
    expect(rangeHeader(40)).toBe('bytes=40-');
  });

  it('reads Content-Range and decides on responses', () => {
    expect(parseContentRange('bytes 40-99/100')).toEqual({ kind: 'range', start: 40, end: 99, total: 100 });
    expect(parseContentRange('bytes */100')).toEqual({ kind: 'unsatisfied', total: 100 });
    expect(parseContentRange('garbage')).toBeUndefined();
    expect(responseAction(206, 40, 'bytes 40-99/100')).toBe('append');
    expect(responseAction(206, 40, 'bytes 0-99/100')).toBe('discard');
    expect(responseAction(200, 40, null)).toBe('restart');
    expect(responseAction(200, 0, null)).toBe('restart');
    expect(responseAction(416, 100, 'bytes */100')).toBe('complete');
    expect(responseAction(416, 120, 'bytes */100')).toBe('discard');
    expect(responseAction(404, 0, null)).toBe('error');
    expect(responseAction(503, 40, null)).toBe('error');
  });

  it('backs off exponentially with bounded jitter', () => {
    expect(backoffMs(1, 1000, 15_000, () => 0.5)).toBe(1000);
    expect(backoffMs(3, 1000, 15_000, () => 0.5)).toBe(4000);
    expect(backoffMs(10, 1000, 15_000, () => 0.5)).toBe(15_000);
    expect(backoffMs(1, 1000, 15_000, () => 0)).toBe(800);
  });

  it('hashes like git and compares size then hash', () => {
    // `printf 'hello world\n' | git hash-object --stdin`
    expect(gitBlobSha1(new TextEncoder().encode('hello world\n'))).toBe('3b18e512dba79e4c8300dd08aeb37f8e728b8dad');
    const bytes = new TextEncoder().encode('abc');
    expect(sha256(bytes)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(compare({ size: 3 }, 4)).toEqual({ ok: false, what: 'size', expected: '3 bytes', got: '4 bytes' });
    expect(compare({ size: 3, sha256: 'x'.repeat(64) }, 3, { kind: 'sha256', got: 'y'.repeat(64) })).toMatchObject({ ok: false, what: 'sha256' });
    expect(compare({ size: 3 }, 3)).toEqual({ ok: true, checked: 'size' });
  });
});

describe('progress formatting', () => {
  it('formats bytes, rates, percentages and bars', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(88_700_000)).toBe('88.7 MB');
    expect(formatBytes(1_500_000_000)).toBe('1.5 GB');
    expect(formatRate(12_345_678)).toBe('12.3 MB/s');
    expect(formatRate(0)).toBe('-- MB/s');
    expect(formatPercent(1, 4)).toBe('25.0%');
    expect(formatPercent(5, undefined)).toBe('?%');
    expect(bar(0.5, 10)).toBe('[#####-----]');
    const line = progressLine({ path: 'onnx/v.onnx', fileBytes: 44_350_000, fileSize: 88_700_000, doneBytes: 50_000_000, totalBytes: 154_000_000, rate: 10_000_000 }, { bar: false });
    expect(line).toBe('onnx/v.onnx 44.4 MB/88.7 MB 50.0% · total 50.0 MB/154 MB 32.5% · 10.0 MB/s');
    expect(progressLine({ path: 'x'.repeat(200), fileBytes: 1, fileSize: 2, doneBytes: 1, totalBytes: 2, rate: 0 }, { bar: true, maxWidth: 80 }).length).toBeLessThanOrEqual(80);
  });

  it('measures the rate over a window', () => {
    const m = new RateMeter(1000);
    m.push(0, 0);
    m.push(500, 5_000_000);
    expect(m.rate()).toBe(10_000_000);
  });

  it('prints plain lines when not a TTY and redraws one line on a TTY', () => {
    const plain: string[] = [];
    let t = 0;
    const r = new ProgressReporter({ write: (s) => plain.push(s) }, () => t, false);
    r.handle({ type: 'file-start', path: 'f', size: 1000, resumeFrom: 0 });
    for (let b = 100; b <= 1000; b += 100) { t += 10; r.handle({ type: 'progress', path: 'f', fileBytes: b, fileSize: 1000, doneBytes: b, totalBytes: 1000, sessionBytes: b }); }
    r.handle({ type: 'file-done', path: 'f', status: 'downloaded', bytes: 1000, ms: 100, checked: 'sha256' });
    expect(plain.every((s) => !s.includes('\r'))).toBe(true);
    expect(plain.filter((s) => s.includes('total')).length).toBeGreaterThanOrEqual(5);
    expect(plain.at(-1)).toContain('✓ f: 1.0 kB');
    const tty: string[] = [];
    const r2 = new ProgressReporter({ write: (s) => tty.push(s), columns: 100 }, () => (t += 200), true);
    r2.handle({ type: 'progress', path: 'f', fileBytes: 500, fileSize: 1000, doneBytes: 500, totalBytes: 1000, sessionBytes: 500 });
    expect(tty[0]).toMatch(/^\r\[#{10}-{10}\] f 500 B\/1\.0 kB 50\.0%/);
  });
});

// ------------------------------------------------------------------------------------------
// Against the fake Hub
// ------------------------------------------------------------------------------------------

describe('downloads from a fake Hub', () => {
  let hub: FakeHub;
  let out: string;
  const modelDir = () => join(out, 'Xenova', 'tiny-clip');
  const local = (p: string) => join(modelDir(), ...p.split('/'));
  const same = (p: string) => expect(readFileSync(local(p)).equals(hub.content(MODEL, p)), `${p} differs`).toBe(true);

  function run(extra: Partial<DownloadOptions> = {}, events: DownloadEvent[] = []) {
    return downloadModel({
      modelId: MODEL, files: Q8, outDir: out, endpoint: hub.endpoint, token: '', retries: 0, retryBaseMs: 5,
      onEvent: (e) => events.push(e), ...extra,
    });
  }

  beforeAll(async () => {
    hub = await startFakeHub({ repos: { [MODEL]: FIXTURE, ...(HAVE_MT ? { [MT]: MT_FIXTURE } : {}) } });
  });
  afterAll(async () => {
    await hub.close();
  });
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'models-test-'));
    hub.log.length = 0;
    hub.faults.clear();
    hub.treeApi = true;
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('downloads every file, follows the CDN redirect, verifies and reports progress', async () => {
    const events: DownloadEvent[] = [];
    const r = await run({}, events);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => f.status)).toEqual(Array(7).fill('downloaded'));
    for (const f of Q8) same(f.path);
    expect(existsSync(`${local(VISION)}.part`)).toBe(false);
    // LFS files come from the CDN (another origin) after a 302 from resolve.
    expect(hub.requestsFor(VISION).map((q) => `${q.server} ${q.status}`)).toEqual(['hub 302', 'cdn 200']);
    expect(hub.log.filter((q) => q.url.startsWith('/api/models/')).map((q) => q.url)).toEqual([
      '/api/models/Xenova/tiny-clip/tree/main', '/api/models/Xenova/tiny-clip/tree/main/onnx',
    ]);

    const plan = events.find((e) => e.type === 'plan');
    const total = Q8.reduce((s, f) => s + hub.content(MODEL, f.path).length, 0);
    expect(plan).toMatchObject({ type: 'plan', totalBytes: total });
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(7);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ path: TEXT, doneBytes: total, totalBytes: total, sessionBytes: total });
    const done = progress.map((e) => e.doneBytes);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const checked = Object.fromEntries(events.flatMap((e) => (e.type === 'file-done' ? [[e.path, e.checked]] : [])));
    expect(checked).toMatchObject({ 'config.json': 'git-sha1', [VISION]: 'sha256', [TEXT]: 'sha256' });
  });

  it('resumes after a cut: the .part is kept, the next run sends Range and ends byte-identical', async () => {
    const size = hub.content(MODEL, TEXT).length;
    hub.setFault(TEXT, { cutAfter: 5000 });
    const first = await run();
    expect(first.ok).toBe(false);
    expect(first.errors.join('\n')).toMatch(new RegExp(`${TEXT}: download interrupted after .*partial file .*\\.part is kept and the next run resumes`));
    expect(first.files.find((f) => f.path === TEXT)?.status).toBe('failed');
    const part = `${local(TEXT)}.part`;
    expect(existsSync(part)).toBe(true);
    const partSize = statSync(part).size;
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThan(size);
    expect(existsSync(local(TEXT))).toBe(false);

    hub.log.length = 0;
    const events: DownloadEvent[] = [];
    const second = await run({}, events);
    expect(second.errors).toEqual([]);
    same(TEXT);
    expect(existsSync(part)).toBe(false);
    const cdn = hub.requestsFor(TEXT).filter((q) => q.server === 'cdn');
    expect(cdn).toEqual([expect.objectContaining({ range: `bytes=${partSize}-`, status: 206 })]);
    expect(events).toContainEqual({ type: 'file-start', path: TEXT, size, resumeFrom: partSize });
    // Only the missing bytes travelled again; the finished files were checked and skipped.
    expect(second.receivedBytes).toBe(size - partSize);
    expect(second.files.filter((f) => f.status === 'skipped').map((f) => f.path)).toEqual(Q8.map((f) => f.path).filter((p) => p !== TEXT));
  });

  it('retries within one run: a cut and a 503 are recovered, the cut with a Range request', async () => {
    hub.setFault(VISION, { cutAfter: 1000 });
    hub.setFault('tokenizer.json', { status: 503 });
    const events: DownloadEvent[] = [];
    const r = await run({ retries: 2 }, events);
    expect(r.errors).toEqual([]);
    same(VISION);
    same('tokenizer.json');
    expect(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.path)).toEqual(['tokenizer.json', VISION]);
    const cdn = hub.requestsFor(VISION).filter((q) => q.server === 'cdn');
    expect(cdn.map((q) => q.status)).toEqual([200, 206]);
    expect(cdn[1]!.range).toMatch(/^bytes=\d+-$/);
  });

  it('starts over when the server ignores Range (200 instead of 206)', async () => {
    hub.setFault(TEXT, { cutAfter: 3000, ignoreRange: true });
    expect((await run()).ok).toBe(false);
    const r = await run();
    expect(r.errors).toEqual([]);
    same(TEXT);
    expect(hub.requestsFor(TEXT).filter((q) => q.server === 'cdn').at(-1)).toMatchObject({ status: 200 });
  });

  it('rejects a corrupted LFS file: deleted, error names it with expected vs got sha256', async () => {
    hub.setFault(VISION, { corrupt: true });
    const r = await run();
    expect(r.ok).toBe(false);
    const sha = readFileSync(join(FIXTURE, VISION));
    const expected = (await import('node:crypto')).createHash('sha256').update(sha).digest('hex');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(new RegExp(`^${VISION}: sha256 mismatch: expected ${expected}, got [0-9a-f]{64}; the download was deleted$`));
    expect(existsSync(local(VISION))).toBe(false);
    expect(existsSync(`${local(VISION)}.part`)).toBe(false);
    // The other files still arrive.
    same(TEXT);
    expect(r.files.find((f) => f.path === TEXT)?.status).toBe('downloaded');
  });

  it('rejects a corrupted small file by its git blob sha1', async () => {
    hub.setFault('tokenizer.json', { corrupt: true });
    const r = await run();
    expect(r.errors).toEqual([expect.stringMatching(/^tokenizer\.json: git-sha1 mismatch: expected [0-9a-f]{40}, got [0-9a-f]{40}/)]);
    expect(existsSync(local('tokenizer.json'))).toBe(false);
  });

  it('skips a missing optional file with a note and fails clearly on a missing required one', async () => {
    hub.setFault('special_tokens_map.json', { missing: true });
    const events: DownloadEvent[] = [];
    const ok = await run({}, events);
    expect(ok.ok).toBe(true);
    expect(ok.files.find((f) => f.path === 'special_tokens_map.json')?.status).toBe('missing');
    expect(events).toContainEqual(expect.objectContaining({ type: 'file-done', path: 'special_tokens_map.json', status: 'missing' }));
    expect(existsSync(local('special_tokens_map.json'))).toBe(false);
    expect(hub.requestsFor('special_tokens_map.json')).toEqual([]); // the listing said so; no request made

    const bad = await run({ files: clipFiles(['q8']).concat({ path: 'onnx/vision_model_q4.onnx', optional: false }) });
    expect(bad.ok).toBe(false);
    expect(bad.errors).toEqual([expect.stringMatching(/^onnx\/vision_model_q4\.onnx: required file not found in Xenova\/tiny-clip@main; onnx\/ has: .*vision_model_quantized\.onnx/)]);
  });

  it('fails clearly for an unknown repository or revision', async () => {
    const r = await run({ modelId: 'Xenova/no-such-model' });
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^config\.json: required file not found in Xenova\/no-such-model@main/);
    const rev = await run({ revision: 'v9' });
    expect(rev.ok).toBe(false);
    expect(rev.errors[0]).toMatch(/@v9/);
  });

  it('skips files that are already complete and replaces a damaged local copy', async () => {
    expect((await run()).ok).toBe(true);
    await writeFile(local('config.json'), '{"tampered": true}');
    hub.log.length = 0;
    const events: DownloadEvent[] = [];
    const r = await run({}, events);
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => [f.path, f.status])).toEqual(Q8.map((f) => [f.path, f.path === 'config.json' ? 'downloaded' : 'skipped']));
    expect(hub.log.filter((q) => q.url.includes('/resolve/') || q.server === 'cdn').map((q) => q.file)).toEqual(['config.json']);
    expect(events).toContainEqual({ type: 'note', message: expect.stringMatching(/^config\.json: the local copy differs \(size:/) });
    same('config.json');
  });

  it('falls back to resolve headers when the tree API is missing, and still catches corruption', async () => {
    hub.treeApi = false;
    const events: DownloadEvent[] = [];
    const r = await run({}, events);
    expect(r.errors).toEqual([]);
    for (const f of Q8) same(f.path);
    expect(events).toContainEqual({ type: 'note', message: expect.stringMatching(/tree API not usable/) });
    expect(hub.requestsFor(VISION, 'HEAD')).toEqual([expect.objectContaining({ server: 'hub', status: 302 })]);
    const checked = Object.fromEntries(events.flatMap((e) => (e.type === 'file-done' ? [[e.path, e.checked]] : [])));
    expect(checked).toMatchObject({ 'config.json': 'git-sha1', [VISION]: 'sha256' });

    await rm(out, { recursive: true, force: true });
    hub.setFault(TEXT, { corrupt: true });
    hub.setFault('special_tokens_map.json', { missing: true });
    const bad = await run();
    expect(bad.errors).toEqual([expect.stringMatching(new RegExp(`^${TEXT}: sha256 mismatch`))]);
    expect(bad.files.find((f) => f.path === 'special_tokens_map.json')?.status).toBe('missing');
  });

  it('pages through long tree listings', async () => {
    const paged = await startFakeHub({ repos: { [MODEL]: FIXTURE }, treePageSize: 2 });
    try {
      const r = await downloadModel({ modelId: MODEL, files: Q8, outDir: out, endpoint: paged.endpoint, token: '', retries: 0 });
      expect(r.errors).toEqual([]);
      expect(paged.log.filter((q) => q.url.includes('cursor=')).length).toBeGreaterThanOrEqual(3);
    } finally {
      await paged.close();
    }
  });

  it('sends HF_TOKEN to the Hub only, never to the CDN', async () => {
    const r = await run({ token: 'hf_secret' });
    expect(r.ok).toBe(true);
    const hubReqs = hub.log.filter((q) => q.server === 'hub');
    const cdnReqs = hub.log.filter((q) => q.server === 'cdn');
    expect(hubReqs.length).toBeGreaterThan(0);
    expect(cdnReqs.length).toBe(2);
    expect(hubReqs.every((q) => q.authorization === 'Bearer hf_secret')).toBe(true);
    expect(cdnReqs.every((q) => q.authorization === undefined)).toBe(true);
  });

  it('downloads a custom --files layout', async () => {
    const files = parseFilesOption('config.json,onnx/text_model_fp16.onnx,generation_config.json?');
    const r = await run({ files });
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => f.status)).toEqual(['downloaded', 'downloaded', 'missing']);
    same('onnx/text_model_fp16.onnx');
  });

  it.skipIf(!HAVE_MT)('downloads a translation model with --files', async () => {
    const files = parseFilesOption(
      'config.json,generation_config.json,tokenizer.json,tokenizer_config.json,special_tokens_map.json?,' +
      'onnx/encoder_model_quantized.onnx,onnx/decoder_model_merged_quantized.onnx,sentencepiece.bpe.model?',
    );
    const r = await run({ modelId: MT, files });
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.status)).toEqual([...Array(7).fill('downloaded'), 'missing']);
    for (const f of files.slice(0, 7)) {
      expect(readFileSync(join(out, 'Xenova', 'tiny-opus-mt-vi-en', ...f.path.split('/'))).equals(hub.content(MT, f.path))).toBe(true);
    }
  });

  describe('the CLI', () => {
    function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
      return new Promise((resolvePromise, reject) => {
        const child = spawn('npx', ['--no-install', 'tsx', 'scripts/models.ts', ...args], {
          cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.stdout.resume();
        child.on('error', reject);
        child.on('exit', (code) => resolvePromise({ code, stderr }));
      });
    }

    it('honours HF_ENDPOINT: exits 0 and the files match', async () => {
      const { code, stderr } = await cli([MODEL, '--out', out], { HF_ENDPOINT: hub.endpoint, HF_TOKEN: '' });
      expect(stderr).toMatch(/models: done: 7 file\(s\): 7 downloaded/);
      expect(code).toBe(0);
      for (const f of Q8) same(f.path);
      expect(hub.log.some((q) => q.url === '/api/models/Xenova/tiny-clip/tree/main')).toBe(true);
    }, 20_000);

    it('exits 1 with a summary when a required file is missing', async () => {
      const { code, stderr } = await cli([MODEL, '--out', out, '--dtype', 'fp16', '--files', 'config.json,onnx/nope.onnx', '--retries', '0'], { HF_ENDPOINT: hub.endpoint });
      expect(code).toBe(1);
      expect(stderr).toMatch(/✗ onnx\/nope\.onnx: required file not found/);
      expect(stderr).toMatch(/models: FAILED: 2 file\(s\): 1 downloaded .* 1 failed/);
    }, 20_000);
  });
});
