/**
 * npm run check:site [-- DIR]   (npx tsx scripts/check-site.ts [DIR], default dist)
 * Lists the largest files of a built site and its total, and fails (exit 1) when the site will
 * not publish on GitHub Pages: a file over 100 MB (GitHub's per-file limit) or a site over 1 GB
 * (the published-site limit). See docs/DEPLOY.md.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One file of the site: its path relative to the site root (forward slashes) and its size. */
export interface SiteFile {
  path: string;
  bytes: number;
}

export interface SiteLimits {
  /** Largest allowed single file, in bytes. */
  maxFileBytes: number;
  /** Largest allowed site, in bytes. */
  maxTotalBytes: number;
}

/** GitHub's limits, taken in decimal units so the check errs on the safe side (100 MB < 100 MiB). */
export const GITHUB_PAGES_LIMITS: SiteLimits = { maxFileBytes: 100e6, maxTotalBytes: 1e9 };

export interface SiteProblem {
  kind: 'file-too-large' | 'site-too-large';
  /** The file, for `file-too-large`. */
  path?: string;
  bytes: number;
  limit: number;
  message: string;
}

export interface SiteReport {
  files: number;
  totalBytes: number;
  /** The largest files, biggest first (ties by path). */
  largest: SiteFile[];
  problems: SiteProblem[];
  /** Not fatal: things that were probably not meant to be published. */
  warnings: string[];
}

/** Bytes as decimal MB/GB with one decimal (the units docs/MODELS.md uses). */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** What to do about one oversized file, by where it lives. */
function adviceFor(path: string): string {
  if (path.startsWith('models/')) {
    return 'ship a smaller variant instead (q8: `npm run models -- <id> --dtype q8`) and delete the larger file from public/models/, or leave the model out and let the app download it from the Hub';
  }
  if (path.startsWith('gallery/')) return 'build a smaller gallery (`npm run gallery -- --limit N`) or split the file';
  if (path.endsWith('.map')) return 'build without source maps for this file, or split the chunk';
  return 'remove it from public/ or split it into parts under the limit';
}

/** Pure: the files of a site → its report. Never throws; an empty list is a valid (empty) site. */
export function checkSite(files: readonly SiteFile[], limits: SiteLimits = GITHUB_PAGES_LIMITS, top = 10): SiteReport {
  const sorted = [...files].sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  const problems: SiteProblem[] = [];
  for (const f of sorted) {
    if (f.bytes <= limits.maxFileBytes) break;
    problems.push({
      kind: 'file-too-large',
      path: f.path,
      bytes: f.bytes,
      limit: limits.maxFileBytes,
      message: `${f.path} is ${formatSize(f.bytes)}, over the ${formatSize(limits.maxFileBytes)} per-file limit of GitHub Pages: ${adviceFor(f.path)}.`,
    });
  }
  if (totalBytes > limits.maxTotalBytes) {
    problems.push({
      kind: 'site-too-large',
      bytes: totalBytes,
      limit: limits.maxTotalBytes,
      message: `the site is ${formatSize(totalBytes)} in ${files.length} files, over the ${formatSize(limits.maxTotalBytes)} limit of a published GitHub Pages site: ship one model dtype (q8) only, drop optional models from public/models/, or build a smaller gallery.`,
    });
  }
  const warnings = sorted
    .filter((f) => f.path.endsWith('.part'))
    .map((f) => `${f.path} looks like an interrupted download (${formatSize(f.bytes)}); run \`npm run models\` again to finish it, or delete it.`);
  return { files: files.length, totalBytes, largest: sorted.slice(0, top), problems, warnings };
}

/** Every regular file under `root` (symbolic links followed, as the Pages artifact does), with sizes. */
export async function listSiteFiles(root: string): Promise<SiteFile[]> {
  const out: SiteFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const info = entry.isSymbolicLink() ? await stat(full) : entry;
      if (info.isDirectory()) await walk(full);
      else if (info.isFile()) out.push({ path: relative(root, full).split(sep).join('/'), bytes: (await stat(full)).size });
    }
  };
  await walk(root);
  return out;
}

/** The printed report: largest files, total, then warnings and problems. */
export function formatReport(dir: string, r: SiteReport): string {
  const width = Math.max(0, ...r.largest.map((f) => formatSize(f.bytes).length));
  const lines = [`check-site: ${dir}: ${r.files} files, ${formatSize(r.totalBytes)} in total`, `largest ${r.largest.length}:`];
  for (const f of r.largest) lines.push(`  ${formatSize(f.bytes).padStart(width)}  ${f.path}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  for (const p of r.problems) lines.push(`error: ${p.message}`);
  lines.push(r.problems.length ? `check-site: FAILED: ${r.problems.length} problem(s); GitHub Pages would reject this site (docs/DEPLOY.md)` : 'check-site: ok: within the GitHub Pages limits (100 MB per file, 1 GB per site)');
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log('Usage: npm run check:site [-- DIR]   (default dist)\nFails when a file is over 100 MB or the site over 1 GB (GitHub Pages).');
    return 0;
  }
  const dir = argv.find((a) => !a.startsWith('-')) ?? 'dist';
  let files: SiteFile[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    files = await listSiteFiles(dir);
  } catch (err) {
    console.error(`check-site: cannot read ${dir} (${(err as Error).message}); build the site first (npm run build)`);
    return 1;
  }
  const report = checkSite(files);
  const text = formatReport(dir, report);
  if (report.problems.length) console.error(text);
  else console.log(text);
  return report.problems.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
