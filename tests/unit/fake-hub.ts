/**
 * A fake Hugging Face Hub on 127.0.0.1 for tests of `npm run models`, serving repositories from
 * local folders the way the Hub does:
 *
 *   GET  /api/models/<owner>/<name>/tree/<rev>[/<dir>]   JSON listing of one folder
 *        [{type, path, size, oid (git blob sha1), lfs?: {oid (sha256), size, pointerSize}}],
 *        paged with `Link: <…?cursor=N>; rel="next"` when `treePageSize` is set
 *   HEAD/GET /<owner>/<name>/resolve/<rev>/<path>        small files: 200 with ETag = git blob sha1;
 *        LFS files (*.onnx by default): 302 to a second server (the "CDN", another origin) with
 *        X-Linked-Size, X-Linked-Etag = "<sha256>", X-Repo-Commit
 *   HEAD/GET <cdn>/lfs/<sha256>                         the bytes, with Range support
 *
 * Faults per file path (see FileFault): cut the connection after N bytes, serve corrupted bytes,
 * 404, ignore Range, answer a transient status. Every request is logged.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';

export interface FileFault {
  /** Write only this many body bytes, then destroy the socket… */
  cutAfter?: number;
  /** …for this many GET requests of the file (default 1). */
  cutTimes?: number;
  /** Serve the bytes with one byte changed (same size); the listing keeps the true hashes. */
  corrupt?: boolean;
  /** 404 from resolve, and absent from the tree listing. */
  missing?: boolean;
  /** Answer 200 with the whole file even when a Range is asked for. */
  ignoreRange?: boolean;
  /** Answer GETs with this status (e.g. 503)… */
  status?: number;
  /** …this many times (default 1). */
  statusTimes?: number;
}

export interface FakeHubOptions {
  /** Model id → local folder. */
  repos: Record<string, string>;
  /** Which files are LFS (redirected to the CDN); default: *.onnx. */
  isLfs?: (path: string) => boolean;
  /** The only revision served (default main). */
  revision?: string;
  faults?: Record<string, FileFault>;
  /** Page tree listings with this many entries per page. */
  treePageSize?: number;
}

export interface LoggedRequest {
  server: 'hub' | 'cdn';
  method: string;
  url: string;
  range?: string;
  authorization?: string;
  status?: number;
  /** The repository path the request was about, when known. */
  file?: string;
}

interface RepoFile {
  repo: string;
  path: string;
  content: Buffer;
  sha256: string;
  gitSha1: string;
  lfs: boolean;
}

export interface FakeHub {
  /** What to put in HF_ENDPOINT. */
  endpoint: string;
  cdnOrigin: string;
  log: LoggedRequest[];
  faults: Map<string, FileFault>;
  /** Set false to answer the tree API with 404 (headers-only mirrors). */
  treeApi: boolean;
  setFault(path: string, fault: FileFault | undefined): void;
  /** The content of a served file (to compare downloads with). */
  content(repo: string, path: string): Buffer;
  /** Requests for a file's content, optionally only those from one server. */
  requestsFor(path: string, method?: string): LoggedRequest[];
  close(): Promise<void>;
}

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  visit(root);
  return out.sort();
}

export async function startFakeHub(opts: FakeHubOptions): Promise<FakeHub> {
  const revision = opts.revision ?? 'main';
  const isLfs = opts.isLfs ?? ((p: string) => p.endsWith('.onnx'));
  const files = new Map<string, RepoFile>(); // `${repo}\0${path}`
  const bySha = new Map<string, RepoFile>();
  for (const [repo, dir] of Object.entries(opts.repos)) {
    for (const path of walk(dir)) {
      const content = readFileSync(join(dir, ...path.split('/')));
      const f: RepoFile = {
        repo, path, content,
        sha256: createHash('sha256').update(content).digest('hex'),
        gitSha1: createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex'),
        lfs: isLfs(path),
      };
      files.set(`${repo}\0${path}`, f);
      bySha.set(f.sha256, f);
    }
  }
  const log: LoggedRequest[] = [];
  const faults = new Map<string, FileFault>(Object.entries(opts.faults ?? {}));

  const hubServer = createServer((req, res) => handleHub(req, res));
  const cdnServer = createServer((req, res) => handleCdn(req, res));
  const listen = (s: Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  const endpoint = `http://127.0.0.1:${await listen(hubServer)}`;
  // Another port is another origin, like the Hub's CDN: the token must not be sent there.
  const cdnOrigin = `http://127.0.0.1:${await listen(cdnServer)}`;

  const hub: FakeHub = {
    endpoint,
    cdnOrigin,
    log,
    faults,
    treeApi: true,
    setFault(path, fault) {
      if (fault) faults.set(path, fault);
      else faults.delete(path);
    },
    content(repo, path) {
      const f = files.get(`${repo}\0${path}`);
      if (!f) throw new Error(`fake hub: no ${repo}/${path}`);
      return f.content;
    },
    requestsFor(path, method) {
      return log.filter((r) => r.file === path && (!method || r.method === method));
    },
    close: async () => {
      for (const s of [hubServer, cdnServer]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };

  function record(server: 'hub' | 'cdn', req: IncomingMessage): LoggedRequest {
    const entry: LoggedRequest = {
      server, method: req.method ?? 'GET', url: req.url ?? '/',
      range: req.headers.range, authorization: req.headers.authorization,
    };
    log.push(entry);
    return entry;
  }

  function send(res: ServerResponse, entry: LoggedRequest, status: number, headers: Record<string, string | number>, body?: string | Buffer) {
    entry.status = status;
    res.writeHead(status, headers);
    res.end(body);
  }

  function notFound(res: ServerResponse, entry: LoggedRequest, code: string, message: string) {
    send(res, entry, 404, { 'content-type': 'application/json', 'x-error-code': code, 'x-error-message': message }, JSON.stringify({ error: message }));
  }

  function fileExists(repo: string, path: string): RepoFile | undefined {
    if (faults.get(path)?.missing) return undefined;
    return files.get(`${repo}\0${path}`);
  }

  function handleHub(req: IncomingMessage, res: ServerResponse) {
    const entry = record('hub', req);
    const url = new URL(req.url ?? '/', endpoint);
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
    if (tree) {
      if (!hub.treeApi) return notFound(res, entry, 'NotFound', 'Not Found');
      const repo = decodeURIComponent(tree[1]!);
      const rev = decodeURIComponent(tree[2]!);
      const dir = tree[3] ? decodeURIComponent(tree[3]).replace(/\/+$/, '') : '';
      if (!opts.repos[repo]) return notFound(res, entry, 'RepoNotFound', 'Repository not found');
      if (rev !== revision) return notFound(res, entry, 'RevisionNotFound', `Invalid rev id: ${rev}`);
      const entries: unknown[] = [];
      const dirs = new Set<string>();
      const prefix = dir ? `${dir}/` : '';
      for (const f of files.values()) {
        if (f.repo !== repo || !f.path.startsWith(prefix) || faults.get(f.path)?.missing) continue;
        const rest = f.path.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash >= 0) { dirs.add(prefix + rest.slice(0, slash)); continue; }
        entries.push({
          type: 'file', oid: f.gitSha1, size: f.content.length, path: f.path,
          ...(f.lfs ? { lfs: { oid: f.sha256, size: f.content.length, pointerSize: 132 } } : {}),
        });
      }
      if (dir && entries.length === 0 && dirs.size === 0) return notFound(res, entry, 'EntryNotFound', `${dir} does not exist on "${rev}"`);
      const all = [...[...dirs].sort().map((d) => ({ type: 'directory', oid: COMMIT, size: 0, path: d })), ...entries];
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      let page = all;
      if (opts.treePageSize) {
        const cursor = Number(url.searchParams.get('cursor') ?? 0);
        page = all.slice(cursor, cursor + opts.treePageSize);
        if (cursor + opts.treePageSize < all.length) {
          const next = new URL(url);
          next.searchParams.set('cursor', String(cursor + opts.treePageSize));
          headers.link = `<${next.toString()}>; rel="next"`;
        }
      }
      return send(res, entry, 200, headers, JSON.stringify(page));
    }

    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (resolve) {
      const repo = decodeURIComponent(resolve[1]!);
      const rev = decodeURIComponent(resolve[2]!);
      const path = resolve[3]!.split('/').map(decodeURIComponent).join('/');
      entry.file = path;
      if (!opts.repos[repo]) return notFound(res, entry, 'RepoNotFound', 'Repository not found');
      if (rev !== revision) return notFound(res, entry, 'RevisionNotFound', `Invalid rev id: ${rev}`);
      const f = fileExists(repo, path);
      if (!f) return notFound(res, entry, 'EntryNotFound', `Entry not found`);
      if (transientFault(req, res, entry, path)) return;
      if (f.lfs) {
        return send(res, entry, 302, {
          location: `${cdnOrigin}/lfs/${f.sha256}?name=${encodeURIComponent(path)}`,
          'x-linked-size': f.content.length,
          'x-linked-etag': `"${f.sha256}"`,
          'x-repo-commit': COMMIT,
          etag: `W/"${f.gitSha1}"`,
          'content-length': 0,
        });
      }
      return serveContent(req, res, entry, f, { etag: `W/"${f.gitSha1}"`, 'x-repo-commit': COMMIT });
    }
    notFound(res, entry, 'NotFound', 'Not Found');
  }

  function handleCdn(req: IncomingMessage, res: ServerResponse) {
    const entry = record('cdn', req);
    const url = new URL(req.url ?? '/', cdnOrigin);
    const m = /^\/lfs\/([0-9a-f]{64})$/.exec(url.pathname);
    const f = m ? bySha.get(m[1]!) : undefined;
    if (!f) return notFound(res, entry, 'NotFound', 'no such object');
    entry.file = f.path;
    serveContent(req, res, entry, f, { etag: `"${f.sha256}"` });
  }

  /** A configured 5xx/429 answer; true when it was sent. */
  function transientFault(req: IncomingMessage, res: ServerResponse, entry: LoggedRequest, path: string): boolean {
    const fault = faults.get(path);
    if (req.method !== 'GET' || !fault?.status || (fault.statusTimes ?? 1) <= 0) return false;
    fault.statusTimes = (fault.statusTimes ?? 1) - 1;
    send(res, entry, fault.status, { 'content-type': 'text/plain', 'retry-after': '0' }, 'try again');
    return true;
  }

  function serveContent(req: IncomingMessage, res: ServerResponse, entry: LoggedRequest, f: RepoFile, extra: Record<string, string>) {
    const fault = faults.get(f.path);
    let body = f.content;
    if (fault?.corrupt) {
      body = Buffer.from(f.content);
      body[body.length >> 1] ^= 0xff;
    }
    const size = body.length;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range && !fault?.ignoreRange) {
      const m = /^bytes=(\d+)-(\d*)$/.exec(range);
      if (m) {
        start = Number(m[1]);
        end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
        if (start >= size || end < start) return send(res, entry, 416, { 'content-range': `bytes */${size}` });
        status = 206;
      }
    }
    const headers: Record<string, string | number> = {
      ...extra,
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      'content-length': end - start + 1,
    };
    if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    entry.status = status;
    if (req.method === 'HEAD') {
      res.writeHead(status, headers);
      return res.end();
    }
    const slice = body.subarray(start, end + 1);
    if (fault?.cutAfter !== undefined && (fault.cutTimes ?? 1) > 0) {
      fault.cutTimes = (fault.cutTimes ?? 1) - 1;
      res.writeHead(status, headers);
      res.write(slice.subarray(0, Math.min(fault.cutAfter, slice.length - 1)), () => {
        setTimeout(() => res.socket?.destroy(), 20);
      });
      return;
    }
    res.writeHead(status, headers);
    res.end(slice);
  }

  return hub;
}
