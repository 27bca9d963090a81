import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under `dir` (recursively, sorted, hidden entries skipped), as paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string) {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(relative(dir, path));
    }
  }
  await walk(dir);
  return out;
}
