import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Relative paths of DIR's files and of its sub-folders' entries (one level down): DIR/<group>/<file>. */
export async function listPaths(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const top of await readdir(dir)) {
    if (!(await isDir(join(dir, top)))) { out.push(top); continue; }
    for (const name of await readdir(join(dir, top))) {
      out.push((await isDir(join(dir, top, name))) ? `${top}/${name}/` : `${top}/${name}`);
    }
  }
  return out;
}

/** Follows symbolic links, so a set can be assembled from links to other folders. */
async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
