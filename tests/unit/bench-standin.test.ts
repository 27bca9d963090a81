/**
 * The real-size CLIP bench's own arithmetic: the proxy that counts the model's bytes on the wire,
 * and the targets marked met / not met from the measured figures.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { standinRows, standinTargets } from '../../scripts/bench/clip-standin-rows.ts';
import type { StandinFigures, StandinLoad, StandinSpeed } from '../../scripts/bench/clip-standin-section.ts';
import { CountingProxy } from '../../scripts/bench/counting-proxy.ts';
import { summarize } from '../../scripts/bench/stats.ts';

describe('CountingProxy', () => {
  let origin: Server | undefined;
  let proxy: CountingProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await new Promise((r) => (origin ? origin.close(r) : r(undefined)));
  });

  it('passes responses through and counts the bytes of counted paths only, headers included', async () => {
    const body = Buffer.alloc(300_000, 7);
    origin = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-path': req.url ?? '' });
      res.end(req.url?.startsWith('/models/') ? body : 'shell');
    });
    await new Promise<void>((r) => origin!.listen(0, '127.0.0.1', r));
    proxy = new CountingProxy((origin.address() as AddressInfo).port, (path) => path.startsWith('/models/'));
    await proxy.listen(0);
    const port = (proxy as unknown as { server: Server }).server.address() as AddressInfo;
    const get = (path: string) => fetch(`http://127.0.0.1:${port.port}${path}`).then(async (r) => ({ headers: r.headers, bytes: (await r.arrayBuffer()).byteLength }));

    const outer = proxy.start();
    const model = await get('/models/m/onnx/vision_model_quantized.onnx?x=1');
    const inner = proxy.start();
    const shell = await get('/index.html');
    await get('/models/m/config.json');

    expect(model.bytes).toBe(body.length);
    expect(model.headers.get('x-path')).toBe('/models/m/onnx/vision_model_quantized.onnx?x=1');
    expect(shell.bytes).toBe(5);
    const both = inner();
    const all = outer();
    expect(all.requests).toBe(2);
    expect(both.requests).toBe(1);
    // the body plus the status line's headers (a few hundred bytes), once per counted response
    const headers = (bytes: number, bodyBytes: number) => bytes - bodyBytes;
    expect(headers(both.bytes, body.length)).toBeGreaterThan(50);
    expect(headers(both.bytes, body.length)).toBeLessThan(500);
    expect(headers(all.bytes - both.bytes, body.length)).toBeGreaterThan(50);
    expect(headers(all.bytes - both.bytes, body.length)).toBeLessThan(500);
  });
});

const timing = (ms: number) => summarize([ms, ms, ms]);
const speed = (dtype: string, threads: number, imageMs: number, textMs: number): StandinSpeed =>
  ({ device: 'wasm', threads, dtype, firstImageMs: imageMs * 2, image: timing(imageMs), text: timing(textMs), capped: false });
const load = (dtype: string, threads: number, visit: 'cold' | 'warm', loadMs: number): StandinLoad =>
  ({ dtype, device: 'wasm', threads, visit, loadMs, wallMs: loadMs + 100, wire: { bytes: 0, requests: 0 } });
const figures = (speed: StandinSpeed[], loads: StandinLoad[]): StandinFigures =>
  ({ model: 'm', site: 'dist-standin', loads, speed, firstVisit: [], targets: [], problems: [] });

describe('standinTargets', () => {
  it('marks each target met or not from the q8 figures on WASM', () => {
    const f = figures(
      [speed('q8', 1, 240, 35), speed('q8', 2, 160, 20), speed('fp16', 1, 900, 80)],
      [load('q8', 1, 'cold', 9000), load('q8', 1, 'warm', 2500), load('q8', 2, 'warm', 3100), load('fp16', 1, 'warm', 5000)],
    );
    const byFigure = Object.fromEntries(standinTargets(f).map((t) => [t.figure, t]));
    expect(byFigure['q8 image, WASM 1 thread, ms (median)']).toMatchObject({ value: 240, met: true });
    expect(byFigure['q8 text, WASM 1 thread, ms (median)']).toMatchObject({ value: 35, met: false });
    expect(byFigure['q8 text, WASM 2 threads, ms (median)']).toMatchObject({ value: 20, met: true });
    expect(byFigure['q8 image speed-up, 2 threads over 1']).toMatchObject({ value: 1.5, met: false });
    expect(byFigure['q8 warm load (Cache API), WASM 1 thread, ms']).toMatchObject({ met: true });
    expect(byFigure['q8 warm load (Cache API), WASM 2 threads, ms']).toMatchObject({ met: false });
    expect(byFigure['fp16 warm load (Cache API), WASM 1 thread, ms']).toMatchObject({ met: false });
    expect(Object.keys(byFigure).some((k) => k.includes('cold'))).toBe(false);
  });

  it('prints each figure next to its target in the table', () => {
    const rows = standinRows(figures([speed('q8', 1, 300, 10), speed('q8', 2, 150, 9)], [load('q8', 2, 'warm', 1200)]));
    expect(rows.find((r) => r.includes('q8 on WASM 1 thread'))).toMatch(/image target ≤ 250 ms: ❌ not met, text target ≤ 30 ms: ✅ met/);
    expect(rows.find((r) => r.includes('speed-up'))).toMatch(/2\.00×\*\* \(target ≥ 1\.6×: ✅ met\)/);
    expect(rows.find((r) => r.includes('warm load'))).toMatch(/target ≤ 3,000 ms: ✅ met/);
  });

  it('leaves out the speed-up when one of the two WASM runs is missing', () => {
    expect(standinTargets(figures([speed('q8', 1, 200, 10)], [])).map((t) => t.key)).not.toContain('speed-up');
  });
});
