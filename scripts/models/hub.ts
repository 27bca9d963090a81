/**
 * Hugging Face Hub conventions: URLs, the tree API's JSON, and the metadata headers of
 * `resolve` responses. Pure: no I/O.
 *
 * - `GET {endpoint}/api/models/{id}/tree/{rev}/{dir}` lists one folder:
 *   `[{type: 'file'|'directory', path, size, oid, lfs?: {oid, size, pointerSize}, xetHash?}]`.
 *   For LFS (and Xet-backed) files `lfs.oid` is the SHA-256 of the content and `size` its real
 *   size; for small files `oid` is the git blob SHA-1: sha1("blob <size>\0" + content).
 *   Long listings are paged with a `Link: <…>; rel="next"` header.
 * - `GET {endpoint}/{id}/resolve/{rev}/{path}` answers small files directly (`ETag` = the git
 *   blob SHA-1) and redirects LFS files to a CDN; that redirect carries `X-Linked-Size` and
 *   `X-Linked-Etag` (= the SHA-256) and `X-Repo-Commit`.
 */

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_REVISION = 'main';

/** What we expect of one remote file. Every field may be unknown. */
export interface RemoteMeta {
  size?: number;
  /** Lower-case hex SHA-256 of the content (LFS files). */
  sha256?: string;
  /** Lower-case hex git blob SHA-1 (small, non-LFS files). */
  gitSha1?: string;
  lfs?: boolean;
}

export function normaliseEndpoint(endpoint: string | undefined): string {
  const e = (endpoint ?? '').trim() || DEFAULT_ENDPOINT;
  if (!/^https?:\/\//i.test(e)) throw new Error(`HF_ENDPOINT must start with http:// or https:// (got "${e}")`);
  return e.replace(/\/+$/, '');
}

/** Each path segment percent-encoded, the slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `{endpoint}/{id}/resolve/{rev}/{path}`; the revision is encoded whole (`refs/pr/1` → `refs%2Fpr%2F1`). */
export function resolveUrl(endpoint: string, modelId: string, revision: string, path: string): string {
  return `${endpoint}/${encodePath(modelId)}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
}

/** `{endpoint}/api/models/{id}/tree/{rev}[/{dir}]`. */
export function treeUrl(endpoint: string, modelId: string, revision: string, dir: string): string {
  const base = `${endpoint}/api/models/${encodePath(modelId)}/tree/${encodeURIComponent(revision)}`;
  return dir ? `${base}/${encodePath(dir)}` : base;
}

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Parses a tree listing into path → metadata for its files; throws when it is not a listing. */
export function parseTree(json: unknown): Map<string, RemoteMeta> {
  if (!Array.isArray(json)) throw new Error('tree API answer is not a JSON array');
  const out = new Map<string, RemoteMeta>();
  for (const e of json) {
    if (!e || typeof e !== 'object') continue;
    const entry = e as { type?: unknown; path?: unknown; size?: unknown; oid?: unknown; lfs?: unknown };
    if (entry.type !== 'file' || typeof entry.path !== 'string') continue;
    const meta: RemoteMeta = {};
    if (typeof entry.size === 'number' && Number.isFinite(entry.size)) meta.size = entry.size;
    const lfs = entry.lfs as { oid?: unknown; size?: unknown } | undefined;
    if (lfs && typeof lfs === 'object') {
      meta.lfs = true;
      const oid = typeof lfs.oid === 'string' ? lfs.oid.toLowerCase().replace(/^sha256:/, '') : '';
      if (HEX64.test(oid)) meta.sha256 = oid;
      if (typeof lfs.size === 'number') meta.size = lfs.size;
    } else if (typeof entry.oid === 'string' && HEX40.test(entry.oid.toLowerCase())) {
      meta.gitSha1 = entry.oid.toLowerCase();
    }
    out.set(entry.path, meta);
  }
  return out;
}

/** The URL of `rel="next"` in a `Link` header, resolved against `base`; undefined when there is none. */
export function nextLink(link: string | null | undefined, base: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel="?next"?/i.test(m[2]!)) return new URL(m[1]!, base).toString();
  }
  return undefined;
}

/** `W/"abc"` / `"abc"` → `abc`. */
export function normaliseEtag(etag: string | null | undefined): string | undefined {
  if (!etag) return undefined;
  const e = etag.trim().replace(/^W\//i, '').replace(/^"(.*)"$/, '$1').trim().toLowerCase();
  return e || undefined;
}

/**
 * Metadata from the headers of a `resolve` response (the redirect for LFS files, the 200 for
 * small ones): `X-Linked-Size` / `X-Linked-Etag` first, then `Content-Length` / `ETag`.
 * A 64-hex etag is taken as a SHA-256, a 40-hex one as a git blob SHA-1, anything else is ignored.
 */
export function metaFromHeaders(get: (name: string) => string | null | undefined, opts: { useContentLength: boolean }): RemoteMeta {
  const meta: RemoteMeta = {};
  const linkedSize = get('x-linked-size');
  const size = linkedSize ?? (opts.useContentLength ? get('content-length') : undefined);
  if (size != null && /^\d+$/.test(size.trim())) meta.size = Number(size.trim());
  const linkedEtag = normaliseEtag(get('x-linked-etag'));
  if (linkedSize != null || linkedEtag) meta.lfs = true;
  const etag = linkedEtag ?? normaliseEtag(get('etag'));
  if (etag && HEX64.test(etag)) meta.sha256 = etag;
  else if (etag && HEX40.test(etag)) meta.gitSha1 = etag;
  return meta;
}

/** A short explanation for an HTTP error status from the Hub. */
export function explainStatus(status: number, hubMessage?: string | null): string {
  const msg = hubMessage ? ` (${hubMessage})` : '';
  if (status === 401 || status === 403) return `HTTP ${status}${msg}: the repository may be private or gated, or not exist; set HF_TOKEN to a token with access`;
  if (status === 404) return `HTTP 404${msg}: not found; check the model id, revision and file name`;
  if (status === 429) return `HTTP 429${msg}: rate limited; wait and run again (a token in HF_TOKEN raises the limit)`;
  return `HTTP ${status}${msg}`;
}
