/**
 * The memory of every Chromium process below this Node process, from /proc: VmRSS and PSS, by
 * Chromium process type, and the page's renderer (the one running dedicated workers).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { descendants, hasWorkerThreads, procKb } from './proc.ts';

/**
 * Memory of the run's Chromium processes at one moment, in bytes; Pss is absent where smaps_rollup
 * cannot be read. "renderer" is the page's renderer process: the one running dedicated workers (or,
 * before any worker starts, the largest content renderer); headless Chromium also keeps a spare
 * renderer and a WebUI renderer, counted in "all" and in byType.
 */
export interface MemoryReading {
  rendererRss: number;
  rendererPss?: number;
  allRss: number;
  allPss?: number;
  /** content renderer processes (not WebUI) */
  renderers: number;
  processes: number;
  /** RSS by Chromium process type ("browser", "renderer", "gpu-process", "utility:network"…) */
  byType: Record<string, number>;
}

/**
 * Chromium's process type from its command line: "browser", "renderer", "renderer:webui",
 * "gpu-process", "utility:network"… Child processes rewrite their title, so the command line is
 * one space-separated string rather than NUL-separated arguments.
 */
async function chromiumType(pid: number): Promise<string | undefined> {
  let argv: string[];
  try {
    argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split(/[\0 ]/);
  } catch { return undefined; }
  if (!/chrom|headless_shell/i.test(basename(argv[0] ?? ''))) return undefined;
  if (/crashpad/i.test(basename(argv[0]))) return 'crashpad';
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const type = arg('type');
  if (!type) return 'browser';
  if (type === 'renderer' && argv.includes('--top-chrome-webui')) return 'renderer:webui';
  if (type === 'utility') {
    const sub = arg('utility-sub-type') ?? '';
    return `utility:${sub.replace(/\.mojom\..*$/, '').replace(/^.*\./, '') || '?'}`;
  }
  return type;
}

/** Samples the memory of every Chromium process below this Node process. */
export class ChromiumMemory {
  private types = new Map<number, string | null>();
  private pssReadable = true;
  /** renderers seen running dedicated workers: the page's */
  private pageRenderers = new Set<number>();

  private descendants: number[] = [];
  private listedAt = -Infinity;

  /** This process's descendants; the whole process table is walked at most every 2 s. */
  private async tree(): Promise<number[]> {
    if (performance.now() - this.listedAt < 2000) return this.descendants;
    this.descendants = await descendants(process.pid);
    this.listedAt = performance.now();
    return this.descendants;
  }

  async read(): Promise<MemoryReading> {
    const descendants = await this.tree();
    const r: MemoryReading = { rendererRss: 0, allRss: 0, renderers: 0, processes: 0, byType: {}, ...(this.pssReadable ? { rendererPss: 0, allPss: 0 } : {}) };
    const renderers: { pid: number; rss: number; pss?: number }[] = [];
    await Promise.all(descendants.map(async (pid) => {
      if (!this.types.has(pid)) this.types.set(pid, (await chromiumType(pid)) ?? null);
      const type = this.types.get(pid);
      if (!type) return;
      const rss = await procKb(`/proc/${pid}/status`, 'VmRSS');
      if (rss === undefined) return; // exited, or a zombie
      const pss = this.pssReadable ? await procKb(`/proc/${pid}/smaps_rollup`, 'Pss') : undefined;
      if (this.pssReadable && pss === undefined && existsSync(`/proc/${pid}`)) this.pssReadable = false;
      r.processes++;
      r.allRss += rss;
      r.byType[type] = (r.byType[type] ?? 0) + rss;
      if (r.allPss !== undefined && pss !== undefined) r.allPss += pss;
      if (type === 'renderer') {
        renderers.push({ pid, rss, pss });
        if (!this.pageRenderers.has(pid) && await hasWorkerThreads(pid)) this.pageRenderers.add(pid);
      }
    }));
    if (!this.pssReadable) {
      delete r.rendererPss;
      delete r.allPss;
    }
    r.renderers = renderers.length;
    const page = renderers.filter((x) => this.pageRenderers.has(x.pid));
    const hosts = page.length ? page : renderers.sort((a, b) => b.rss - a.rss).slice(0, 1);
    for (const h of hosts) {
      r.rendererRss += h.rss;
      if (r.rendererPss !== undefined && h.pss !== undefined) r.rendererPss += h.pss;
    }
    return r;
  }
}

