/**
 * Credits of a gallery built from a folder (`npm run gallery -- --from DIR --credits FILE`):
 * per-file title / author / licence / source URL and a gallery-level credit line, from CSV or
 * JSON (docs/GALLERIES.md). Links are kept only when they are http(s): anything else
 * (javascript:, data:, relative paths) is refused with a warning and never reaches the page.
 */

export interface ItemCredit {
  readonly title?: string;
  readonly author?: string;
  readonly licence?: string;
  /** http(s) only */
  readonly url?: string;
}

export interface GalleryCredit {
  /** shown in the footer, e.g. "Photos: GNOME backgrounds, CC BY-SA 3.0" */
  readonly line: string;
  /** http(s) only */
  readonly url?: string;
}

export interface Credits {
  readonly gallery?: GalleryCredit;
  /** by path relative to the gallery's source folder, with "/" separators */
  readonly files: ReadonlyMap<string, ItemCredit>;
  /** rows or links that were refused, with the reason */
  readonly warnings: readonly string[];
}

/** The link as an absolute http(s) URL, or undefined for anything else. */
export function safeHttpUrl(text: string | undefined): string | undefined {
  if (!text?.trim()) return undefined;
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const FIELD_ALIASES: Record<string, keyof ItemCredit | 'file'> = {
  file: 'file', path: 'file', filename: 'file',
  title: 'title', name: 'title',
  author: 'author', artist: 'author', creator: 'author',
  licence: 'licence', license: 'licence',
  url: 'url', source: 'url', link: 'url', source_url: 'url',
};

/** Rows of a CSV (RFC 4180: quotes, doubled quotes, commas and newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim()));
}

const normalPath = (p: string) => p.trim().replace(/\\/g, '/').replace(/^\.\//, '');

function credit(fields: Partial<Record<keyof ItemCredit, unknown>>, where: string, warnings: string[]): ItemCredit {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const url = text(fields.url);
  const safe = safeHttpUrl(url);
  if (url && !safe) warnings.push(`${where}: link "${url}" refused (only http:// and https:// links are shown)`);
  const c = { title: text(fields.title), author: text(fields.author), licence: text(fields.licence), url: safe };
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as ItemCredit;
}

/**
 * CSV: a header row naming the columns (file, title, author, licence, url; aliases such as
 * "license" and "source" accepted); the row whose file is "*" is the gallery's credit line
 * (its title) and link. JSON: `{ "credit": "…", "creditUrl": "…", "files": { "<path>": {…} } }`
 * or `{ "files": [{ "file": "<path>", … }] }`.
 */
export function parseCredits(text: string, format: 'csv' | 'json'): Credits {
  const warnings: string[] = [];
  const files = new Map<string, ItemCredit>();
  let gallery: GalleryCredit | undefined;
  const setGallery = (line: unknown, url: unknown, where: string) => {
    if (typeof line !== 'string' || !line.trim()) return;
    const c = credit({ url }, where, warnings);
    gallery = { line: line.trim(), ...(c.url ? { url: c.url } : {}) };
  };

  if (format === 'json') {
    let json: unknown;
    try { json = JSON.parse(text); } catch (e) { throw new Error(`the credits file is not valid JSON (${(e as Error).message})`, { cause: e }); }
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('the credits JSON must be an object with "credit" and "files"');
    const o = json as { credit?: unknown; creditUrl?: unknown; files?: unknown };
    setGallery(o.credit, o.creditUrl, 'gallery credit');
    const entries: [string, Record<string, unknown>][] = Array.isArray(o.files)
      ? (o.files as Record<string, unknown>[]).map((f, i) => [typeof f?.file === 'string' ? f.file : `#${i + 1}`, f])
      : Object.entries((o.files ?? {}) as Record<string, Record<string, unknown>>);
    for (const [path, f] of entries) {
      if (!f || typeof f !== 'object' || path.startsWith('#')) { warnings.push(`files ${path}: not an object with a "file"`); continue; }
      const fields = Object.fromEntries(Object.entries(f).map(([k, v]) => [FIELD_ALIASES[k.toLowerCase()] ?? k, v]));
      files.set(normalPath(path), credit(fields, normalPath(path), warnings));
    }
    return { ...(gallery ? { gallery } : {}), files, warnings };
  }

  const [head, ...rows] = parseCsv(text);
  if (!head) return { files, warnings };
  const columns = head.map((h) => FIELD_ALIASES[h.trim().toLowerCase()]);
  if (!columns.includes('file')) throw new Error(`the credits CSV needs a "file" column in its header row (found: ${head.join(', ')})`);
  rows.forEach((r, i) => {
    const fields: Record<string, string> = {};
    columns.forEach((c, j) => { if (c && r[j] !== undefined) fields[c] = r[j]; });
    const path = normalPath(fields.file ?? '');
    if (path === '*') setGallery(fields.title, fields.url, `row ${i + 2} (gallery credit)`);
    else if (!path) warnings.push(`row ${i + 2}: no file name`);
    else files.set(path, credit(fields, `row ${i + 2} (${path})`, warnings));
  });
  return { ...(gallery ? { gallery } : {}), files, warnings };
}
