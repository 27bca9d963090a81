import { describe, expect, it } from 'vitest';
import type { Remote } from 'comlink';
import { SearchStart } from '../../src/bridge/search-start.ts';
import type { WorkerBridge } from '../../src/bridge/worker-bridge.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import type { SearchApi, SearchEvent, SearchEventListener } from '../../src/protocol/search.ts';

/** A worker that records the messages it is sent, in order, and hands its listener back to the test. */
function fakeWorker() {
  const sent: string[] = [];
  let listener: SearchEventListener | undefined;
  const manifest = { title: 'demo', items: [] } as unknown as GalleryManifest;
  const remote = {
    init: (url: string, onEvent: SearchEventListener) => { sent.push(`init ${url}`); listener = onEvent; return Promise.resolve(manifest); },
    prepare: (engine: string) => { sent.push(`prepare ${engine}`); return Promise.resolve(); },
  } as unknown as Remote<SearchApi>;
  let started = 0;
  const bridge = {
    warm: () => { started++; },
    call: <R>(fn: (r: Remote<SearchApi>) => Promise<R>) => fn(remote),
  } as unknown as WorkerBridge<SearchApi>;
  return { bridge, sent, manifest, emit: (e: SearchEvent) => listener?.(e), started: () => started };
}

describe('starting the search worker once, early', () => {
  it('tells the worker its gallery once however often the page asks, and answers each ask with the manifest', async () => {
    const w = fakeWorker();
    const start = new SearchStart(w.bridge, () => Promise.resolve('http://site/gallery/'));
    const [a, b] = await Promise.all([start.init(undefined, () => {}), start.init(undefined, () => {})]);
    expect(a).toBe(w.manifest);
    expect(b).toBe(w.manifest);
    expect(w.sent).toEqual(['init http://site/gallery/']);
    expect(w.started()).toBe(2); // the worker is started at once on each ask (a no-op once running)
  });

  it('asks for the vectors right after the gallery, without waiting for the manifest', async () => {
    const w = fakeWorker();
    const start = new SearchStart(w.bridge, () => Promise.resolve('http://site/gallery/'));
    void start.init(undefined, () => {});
    await start.prepare('classic');
    expect(w.sent).toEqual(['init http://site/gallery/', 'prepare classic']);
  });

  it('gives a listener that comes late each engine’s vector state so far, then every event', async () => {
    const w = fakeWorker();
    const start = new SearchStart(w.bridge, () => Promise.resolve('http://site/gallery/'));
    await start.init(undefined, () => {});
    w.emit({ type: 'vectors-loading', engine: 'classic', loaded: 10, total: 100 });
    w.emit({ type: 'vectors-ready', engine: 'classic', count: 3, dim: 5, bytes: 100, ms: 1 });
    const heard: string[] = [];
    await start.init(undefined, (e) => heard.push(e.type));
    expect(heard).toEqual(['vectors-ready']);
    w.emit({ type: 'index-progress', index: 'ivf', engine: 'classic', fraction: 0.5 });
    expect(heard).toEqual(['vectors-ready', 'index-progress']);
  });
});
