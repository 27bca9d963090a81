/**
 * Downloads model files from a Hugging Face Hub (or a mirror) into `<outDir>/<model-id>/`:
 * metadata from the tree API (headers of `resolve` as fallback), resumable `.part` files,
 * manual redirects (the token never leaves the Hub's origin), retries with backoff, and a size
 * and hash check before a file takes its final name. All I/O of `npm run models` lives here.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import { checkModelId, checkRepoPath, dirOf, type WantedFile } from './files.ts';
import { DEFAULT_REVISION, explainStatus, metaFromHeaders, nextLink, normaliseEndpoint, parseTree, resolveUrl, treeUrl, type RemoteMeta } from './hub.ts';
import { formatBytes } from './progress.ts';
import { backoffMs, isTransientStatus, partAction, rangeHeader, responseAction, retryAfterMs } from './resume.ts';
import { verifyFile, type HashKind } from './verify.ts';

export type FileStatus = 'downloaded' | 'skipped' | 'missing' | 'failed' | 'not-attempted';

export type DownloadEvent =
  | { type: 'plan'; modelId: string; revision: string; outDir: string; files: { path: string; size?: number; optional: boolean; missing: boolean }[]; totalBytes?: number }
  | { type: 'file-start'; path: string; size?: number; resumeFrom: number }
  | { type: 'progress'; path: string; fileBytes: number; fileSize?: number; doneBytes: number; totalBytes?: number; sessionBytes: number }
  | { type: 'file-done'; path: string; status: 'downloaded' | 'skipped' | 'missing'; bytes: number; ms: number; checked: HashKind | 'size' | 'nothing' }
  | { type: 'retry'; path: string; attempt: number; delayMs: number; reason: string }
  | { type: 'note'; message: string };

export interface DownloadOptions {
  modelId: string;
  files: readonly WantedFile[];
  /** Root folder; the model goes to `<outDir>/<model-id>/`. */
  outDir: string;
  /** Defaults to HF_ENDPOINT, then https://huggingface.co. */
  endpoint?: string;
  revision?: string;
  /** Sent as `Authorization: Bearer …` to the Hub's own origin only. Defaults to HF_TOKEN. */
  token?: string;
  /** Retries per request for network errors and 408/429/5xx (default 3). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry (default 1000). */
  retryBaseMs?: number;
  /** Abort a transfer that receives nothing for this long (default 60 s). */
  stallTimeoutMs?: number;
  onEvent?: (e: DownloadEvent) => void;
  fetch?: typeof fetch;
}

export interface FileResult {
  path: string;
  status: FileStatus;
  bytes: number;
  optional: boolean;
  error?: string;
}

export interface DownloadResult {
  ok: boolean;
  modelDir: string;
  files: FileResult[];
  /** Bytes received over the network in this run. */
  receivedBytes: number;
  ms: number;
  errors: string[];
}

export type ErrorKind = 'network' | 'http' | 'missing' | 'mismatch';

export class ModelDownloadError extends Error {
  constructor(readonly kind: ErrorKind, message: string, readonly transient = false, readonly retryAfter?: number) {
    super(message);
    this.name = 'ModelDownloadError';
  }
}

const USER_AGENT = 'offline-image-search-models/1 (node)';
const MAX_REDIRECTS = 10;

interface Ctx {
  endpoint: string;
  origin: string;
  modelId: string;
  revision: string;
  token?: string;
  retries: number;
  retryBaseMs: number;
  stallTimeoutMs: number;
  emit: (e: DownloadEvent) => void;
  fetch: typeof fetch;
  sessionBytes: number;
}

export async function downloadModel(opts: DownloadOptions): Promise<DownloadResult> {
  const t0 = performance.now();
  checkModelId(opts.modelId);
  for (const f of opts.files) checkRepoPath(f.path);
  const endpoint = normaliseEndpoint(opts.endpoint ?? process.env.HF_ENDPOINT);
  const ctx: Ctx = {
    endpoint,
    origin: new URL(endpoint).origin,
    modelId: opts.modelId,
    revision: opts.revision ?? DEFAULT_REVISION,
    token: opts.token ?? (process.env.HF_TOKEN?.trim() || undefined),
    retries: Math.max(0, opts.retries ?? 3),
    retryBaseMs: opts.retryBaseMs ?? 1000,
    stallTimeoutMs: opts.stallTimeoutMs ?? 60_000,
    emit: opts.onEvent ?? (() => {}),
    fetch: opts.fetch ?? fetch,
    sessionBytes: 0,
  };
  const modelDir = join(opts.outDir, ...opts.modelId.split('/'));
  const results: FileResult[] = opts.files.map((f) => ({ path: f.path, status: 'not-attempted', bytes: 0, optional: f.optional }));
  const errors: string[] = [];
  const done = (): DownloadResult => ({ ok: errors.length === 0, modelDir, files: results, receivedBytes: ctx.sessionBytes, ms: performance.now() - t0, errors });

  // 1. What the Hub has: the tree API per folder, or HEAD requests when it is not available.
  let metas: Map<string, RemoteMeta | 'missing'>;
  let trees: Map<string, TreeResult>;
  try {
    ({ metas, trees } = await collectMetadata(ctx, opts.files));
  } catch (err) {
    errors.push(messageOf(err));
    return done();
  }

  const plan = opts.files.map((f) => {
    const m = metas.get(f.path);
    return { path: f.path, optional: f.optional, missing: m === 'missing', size: m && m !== 'missing' ? m.size : undefined };
  });
  const present = plan.filter((p) => !p.missing);
  const totalBytes = present.every((p) => p.size !== undefined) ? present.reduce((s, p) => s + p.size!, 0) : undefined;
  ctx.emit({ type: 'plan', modelId: ctx.modelId, revision: ctx.revision, outDir: modelDir, files: plan, totalBytes });

  // 2. The files, one after another.
  let doneBytes = 0;
  for (let i = 0; i < opts.files.length; i++) {
    const wanted = opts.files[i]!;
    const result = results[i]!;
    const meta = metas.get(wanted.path)!;
    if (meta === 'missing') {
      if (wanted.optional) {
        result.status = 'missing';
        ctx.emit({ type: 'file-done', path: wanted.path, status: 'missing', bytes: 0, ms: 0, checked: 'nothing' });
      } else {
        result.status = 'failed';
        result.error = missingMessage(ctx, wanted.path, trees.get(dirOf(wanted.path)));
        errors.push(result.error);
      }
      continue;
    }
    try {
      const r = await fetchOne(ctx, modelDir, wanted, meta, doneBytes, totalBytes);
      result.status = r.status;
      result.bytes = r.bytes;
      doneBytes += r.bytes;
    } catch (err) {
      result.status = err instanceof ModelDownloadError && err.kind === 'missing' && wanted.optional ? 'missing' : 'failed';
      if (result.status === 'missing') {
        ctx.emit({ type: 'file-done', path: wanted.path, status: 'missing', bytes: 0, ms: 0, checked: 'nothing' });
        continue;
      }
      result.error = messageOf(err);
      errors.push(result.error);
      // Without a network there is no point in trying the next files.
      if (err instanceof ModelDownloadError && err.kind === 'network') break;
    }
  }
  return done();
}

// ------------------------------------------------------------------------------------------
// Metadata
// ------------------------------------------------------------------------------------------

type TreeResult = { kind: 'ok'; files: Map<string, RemoteMeta> } | { kind: 'not-found' } | { kind: 'unavailable'; reason: string };

async function collectMetadata(ctx: Ctx, files: readonly WantedFile[]): Promise<{ metas: Map<string, RemoteMeta | 'missing'>; trees: Map<string, TreeResult> }> {
  const dirs = [...new Set(files.map((f) => dirOf(f.path)))];
  const trees = new Map<string, TreeResult>();
  for (const d of dirs) trees.set(d, await listTree(ctx, d));
  const treeWorks = [...trees.values()].some((t) => t.kind === 'ok');
  const out = new Map<string, RemoteMeta | 'missing'>();
  if (!treeWorks) {
    const why = [...trees.values()].find((t) => t.kind === 'unavailable');
    ctx.emit({ type: 'note', message: `tree API not usable${why && why.kind === 'unavailable' ? ` (${why.reason})` : ''}; reading sizes and hashes from the file headers` });
  }
  for (const f of files) {
    const tree = trees.get(dirOf(f.path))!;
    if (tree.kind === 'ok') out.set(f.path, tree.files.get(f.path) ?? 'missing');
    else if (tree.kind === 'not-found' && treeWorks) out.set(f.path, 'missing'); // the folder is not in the repository
    else out.set(f.path, await headMeta(ctx, f.path));
  }
  return { metas: out, trees };
}

async function listTree(ctx: Ctx, dir: string): Promise<TreeResult> {
  const files = new Map<string, RemoteMeta>();
  let url: string | undefined = treeUrl(ctx.endpoint, ctx.modelId, ctx.revision, dir);
  for (let page = 0; url && page < 100; page++) {
    const pageUrl: string = url;
    const res = await withRetry(ctx, `tree ${dir || '/'}`, () => request(ctx, pageUrl, { method: 'GET', accept: 'application/json' }));
    if (res.status === 404) {
      await res.body?.cancel();
      return page === 0 ? { kind: 'not-found' } : { kind: 'unavailable', reason: 'listing page vanished' };
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status === 401 || res.status === 403) throw new ModelDownloadError('http', `${ctx.modelId}@${ctx.revision}: ${explainStatus(res.status, res.headers.get('x-error-message'))}`);
      return { kind: 'unavailable', reason: `HTTP ${res.status}` };
    }
    let parsed: Map<string, RemoteMeta>;
    try {
      parsed = parseTree(await res.json());
    } catch (err) {
      return { kind: 'unavailable', reason: messageOf(err) };
    }
    for (const [p, m] of parsed) files.set(p, m);
    url = nextLink(res.headers.get('link'), pageUrl);
  }
  return { kind: 'ok', files };
}

/** Size and hash from the headers of `resolve` (HEAD, redirects not followed to the CDN). */
async function headMeta(ctx: Ctx, path: string): Promise<RemoteMeta | 'missing'> {
  let url = resolveUrl(ctx.endpoint, ctx.modelId, ctx.revision, path);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = url;
    const res = await withRetry(ctx, path, () => request(ctx, target, { method: 'HEAD' }));
    await res.body?.cancel();
    if (res.status === 404) return 'missing';
    const get = (n: string) => res.headers.get(n);
    if (res.status >= 300 && res.status < 400) {
      const meta = metaFromHeaders(get, { useContentLength: false });
      if (meta.size !== undefined || meta.sha256) return meta;
      const loc = res.headers.get('location');
      if (!loc) throw new ModelDownloadError('http', `${path}: redirect without Location`);
      url = new URL(loc, target).toString();
      continue;
    }
    if (res.ok) return metaFromHeaders(get, { useContentLength: true });
    throw new ModelDownloadError('http', `${path}: ${explainStatus(res.status, get('x-error-message'))}`);
  }
  throw new ModelDownloadError('http', `${path}: too many redirects`);
}

function missingMessage(ctx: Ctx, path: string, tree: TreeResult | undefined): string {
  const dir = dirOf(path);
  let hint = '';
  if (tree?.kind === 'ok') {
    const ext = path.slice(path.lastIndexOf('.'));
    const others = [...tree.files.keys()].filter((p) => p.endsWith(ext)).map((p) => p.slice(dir ? dir.length + 1 : 0)).sort();
    if (others.length) hint = `; ${dir ? `${dir}/` : 'the top folder'} has: ${others.slice(0, 12).join(', ')}${others.length > 12 ? ', …' : ''} (choose with --dtype or --files)`;
  } else if (tree?.kind === 'not-found') {
    hint = dir ? `; the repository has no ${dir}/ folder` : '; check the model id and revision';
  }
  return `${path}: required file not found in ${ctx.modelId}@${ctx.revision}${hint}`;
}

// ------------------------------------------------------------------------------------------
// One file
// ------------------------------------------------------------------------------------------

async function fetchOne(
  ctx: Ctx, modelDir: string, wanted: WantedFile, treeMeta: RemoteMeta, doneBefore: number, totalBytes: number | undefined,
): Promise<{ status: 'downloaded' | 'skipped'; bytes: number }> {
  const t0 = performance.now();
  const dest = join(modelDir, ...wanted.path.split('/'));
  const part = `${dest}.part`;
  await mkdir(dirname(dest), { recursive: true });
  let meta = { ...treeMeta };

  if (existsSync(dest) && (meta.size !== undefined || meta.sha256 || meta.gitSha1)) {
    const v = await verifyFile(dest, meta);
    if (v.ok) {
      const { size } = await stat(dest);
      ctx.emit({ type: 'file-done', path: wanted.path, status: 'skipped', bytes: size, ms: performance.now() - t0, checked: v.checked });
      return { status: 'skipped', bytes: size };
    }
    ctx.emit({ type: 'note', message: `${wanted.path}: the local copy differs (${v.what}: expected ${v.expected}, got ${v.got}); downloading it again` });
    await rm(dest, { force: true });
  }

  const initialPart = await sizeOf(part);
  ctx.emit({ type: 'file-start', path: wanted.path, size: meta.size, resumeFrom: partAction(initialPart, meta.size) === 'resume' ? initialPart : 0 });

  const url = resolveUrl(ctx.endpoint, ctx.modelId, ctx.revision, wanted.path);
  for (let attempt = 0; ; attempt++) {
    try {
      const headerMeta = await transfer(ctx, url, part, wanted.path, meta, doneBefore, totalBytes);
      meta = { ...headerMeta, ...meta }; // the tree's word first, headers fill the gaps
      break;
    } catch (err) {
      const e = asDownloadError(err);
      if (!e.transient || attempt >= ctx.retries) {
        if (e.kind === 'network') {
          const have = await sizeOf(part);
          const of = meta.size !== undefined ? ` of ${formatBytes(meta.size)}` : '';
          throw new ModelDownloadError('network', `${wanted.path}: download interrupted after ${formatBytes(have)}${of} (${e.message})` +
            (have > 0 ? `; the partial file ${shortPath(part)} is kept and the next run resumes from it` : ''));
        }
        throw e;
      }
      const delayMs = Math.min(60_000, e.retryAfter ?? backoffMs(attempt + 1, ctx.retryBaseMs));
      ctx.emit({ type: 'retry', path: wanted.path, attempt: attempt + 1, delayMs, reason: e.message });
      await sleep(delayMs);
    }
  }

  const v = await verifyFile(part, meta);
  if (!v.ok) {
    await rm(part, { force: true });
    throw new ModelDownloadError('mismatch', `${wanted.path}: ${v.what} mismatch: expected ${v.expected}, got ${v.got}; the download was deleted`);
  }
  await rename(part, dest);
  const { size } = await stat(dest);
  ctx.emit({ type: 'file-done', path: wanted.path, status: 'downloaded', bytes: size, ms: performance.now() - t0, checked: v.checked });
  return { status: 'downloaded', bytes: size };
}

/**
 * Brings `part` up to the whole file: resumes with Range where it can, restarts where it must.
 * Returns the metadata seen in the `resolve` headers on the way. Throws ModelDownloadError.
 */
async function transfer(
  ctx: Ctx, url: string, part: string, path: string, meta: RemoteMeta, doneBefore: number, totalBytes: number | undefined,
): Promise<RemoteMeta> {
  for (let restarts = 0; restarts < 3; restarts++) {
    let partSize = await sizeOf(part);
    const action = partAction(partSize, meta.size);
    if (action === 'verify') return {};
    if (action === 'discard') { await rm(part, { force: true }); partSize = 0; }

    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(new Error(`no data for ${Math.round(ctx.stallTimeoutMs / 1000)} s`)), ctx.stallTimeoutMs);
    };
    arm();
    try {
      const { res, hubMeta } = await get(ctx, url, rangeHeader(partSize), controller.signal);
      const what = responseAction(res.status, partSize, res.headers.get('content-range'));
      if (what === 'error') {
        await res.body?.cancel();
        if (res.status === 404) throw new ModelDownloadError('missing', `${path}: ${explainStatus(404, res.headers.get('x-error-message'))}`);
        throw new ModelDownloadError('http', `${path}: ${explainStatus(res.status, res.headers.get('x-error-message'))}`, isTransientStatus(res.status), retryAfterMs(res.headers.get('retry-after')));
      }
      if (what === 'complete') { await res.body?.cancel(); return hubMeta; }
      if (what === 'discard') { await res.body?.cancel(); await rm(part, { force: true }); continue; }
      if (what === 'restart' && partSize > 0) ctx.emit({ type: 'note', message: `${path}: the server ignored the Range request; starting over` });

      const fileSize = meta.size ?? hubMeta.size ?? (what === 'restart' ? numberOr(res.headers.get('content-length')) : undefined);
      let have = what === 'append' ? partSize : 0;
      const expectBody = numberOr(res.headers.get('content-length'));
      let received = 0;
      const fh = await open(part, what === 'append' ? 'a' : 'w');
      try {
        if (res.body) {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            arm();
            await fh.write(chunk);
            received += chunk.byteLength;
            have += chunk.byteLength;
            ctx.sessionBytes += chunk.byteLength;
            ctx.emit({ type: 'progress', path, fileBytes: have, fileSize, doneBytes: doneBefore + have, totalBytes, sessionBytes: ctx.sessionBytes });
          }
        }
      } finally {
        await fh.close();
      }
      if (expectBody !== undefined && received < expectBody) throw new ModelDownloadError('network', `connection closed after ${received} of ${expectBody} bytes`, true);
      return hubMeta;
    } catch (err) {
      if (controller.signal.aborted) throw new ModelDownloadError('network', messageOf(controller.signal.reason), true);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
  throw new ModelDownloadError('http', `${path}: the server's answers to Range requests do not match the partial file`);
}

/** GET with redirects followed by hand: the token goes to the Hub's origin only; the first hop's headers are kept. */
async function get(ctx: Ctx, url: string, range: string | undefined, signal: AbortSignal): Promise<{ res: Response; hubMeta: RemoteMeta }> {
  let target = url;
  let hubMeta: RemoteMeta = {};
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await request(ctx, target, { method: 'GET', range, signal });
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      if (hop === 0) hubMeta = metaFromHeaders((n) => res.headers.get(n), { useContentLength: false });
      const loc = res.headers.get('location');
      await res.body?.cancel();
      if (!loc) throw new ModelDownloadError('http', `redirect without Location from ${target}`);
      target = new URL(loc, target).toString();
      continue;
    }
    if (hop === 0 && res.ok) hubMeta = metaFromHeaders((n) => res.headers.get(n), { useContentLength: false });
    return { res, hubMeta };
  }
  throw new ModelDownloadError('http', `too many redirects from ${url}`);
}

/** One HTTP request, redirects not followed; network failures become transient ModelDownloadErrors. */
async function request(ctx: Ctx, url: string, o: { method: 'GET' | 'HEAD'; range?: string; accept?: string; signal?: AbortSignal }): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity' };
  if (o.accept) headers.accept = o.accept;
  if (o.range) headers.range = o.range;
  if (ctx.token && new URL(url).origin === ctx.origin) headers.authorization = `Bearer ${ctx.token}`;
  try {
    return await ctx.fetch(url, { method: o.method, headers, redirect: 'manual', signal: o.signal ?? AbortSignal.timeout(30_000) });
  } catch (err) {
    if (o.signal?.aborted) throw err;
    throw new ModelDownloadError('network', `cannot reach ${new URL(url).origin}: ${messageOf(err)}`, true);
  }
}

/** Retries a request on network errors and transient statuses (metadata requests). */
async function withRetry(ctx: Ctx, label: string, fn: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    let error: ModelDownloadError | undefined;
    try {
      res = await fn();
      if (!isTransientStatus(res.status) || attempt >= ctx.retries) return res;
      error = new ModelDownloadError('http', `HTTP ${res.status}`, true, retryAfterMs(res.headers.get('retry-after')));
      await res.body?.cancel();
    } catch (err) {
      error = asDownloadError(err);
      if (!error.transient || attempt >= ctx.retries) throw error;
    }
    const delayMs = Math.min(60_000, error.retryAfter ?? backoffMs(attempt + 1, ctx.retryBaseMs));
    ctx.emit({ type: 'retry', path: label, attempt: attempt + 1, delayMs, reason: error.message });
    await sleep(delayMs);
  }
}

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

function asDownloadError(err: unknown): ModelDownloadError {
  if (err instanceof ModelDownloadError) return err;
  // fetch's body stream: TypeError('terminated') with a socket error as the cause, or an abort.
  return new ModelDownloadError('network', messageOf(err), true);
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const c = cause instanceof Error ? cause.message || (cause as { code?: string }).code : typeof cause === 'string' ? cause : undefined;
    return c && !err.message.includes(c) ? `${err.message}: ${c}` : err.message;
  }
  return String(err);
}

/** Relative to the working folder when inside it, absolute otherwise. */
function shortPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : resolvePath(p);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function numberOr(v: string | null): number | undefined {
  return v != null && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
