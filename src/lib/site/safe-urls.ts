/**
 * Where the app's data may send the browser. A manifest, a URL parameter or a stored setting is
 * data from outside the code, so every URL built from one is resolved and checked here before
 * anything is requested or rendered (the Content-Security-Policy is the second line, not the first).
 */

/** `url` with `folder`'s origin and inside its path (the folder itself included). Both absolute. */
export function isInsideFolder(url: URL, folder: URL): boolean {
  const base = folder.pathname.endsWith('/') ? folder.pathname : `${folder.pathname}/`;
  return url.origin === folder.origin && (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname.startsWith(base);
}

/**
 * The absolute URL of `path` (a path relative to the folder, as a gallery manifest names its
 * files) when it stays inside `folderUrl`; undefined for an absolute URL, a `//host/…`, a path
 * from the site root or one that climbs out with `../` (also spelled `%2e%2e/` or `..\`).
 */
export function resolveInFolder(folderUrl: string, path: string): string | undefined {
  if (typeof path !== 'string' || !path || /^[a-z][a-z\d+.-]*:/i.test(path) || /^[\\/]/.test(path)) return undefined;
  let folder: URL, url: URL;
  try {
    folder = new URL(folderUrl);
    url = new URL(path, folder);
  } catch {
    return undefined;
  }
  return isInsideFolder(url, folder) && url.pathname !== folder.pathname ? url.href : undefined;
}

/** A manifest's file path that stays inside whatever folder the manifest is in. */
export function isFolderRelativePath(path: unknown): path is string {
  return typeof path === 'string' && resolveInFolder('https://folder.invalid/a/b/', path) !== undefined;
}

/** `url` when it is an absolute http(s) link, for an <a href>; undefined otherwise (`javascript:`, `data:`, relative…). */
export function httpLink(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
