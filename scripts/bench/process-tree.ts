/**
 * Child processes of the bench: finding a process's descendants in /proc, and stopping a whole
 * tree. `npx vite preview` runs vite in a grandchild, so killing npx alone leaves vite holding
 * the port and the bench never exits.
 */
import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

async function procTable(): Promise<{ pid: number; ppid: number }[]> {
  const out: { pid: number; ppid: number }[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      out.push({ pid: Number(name), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
    } catch { /* gone */ }
  }
  return out;
}

/** Every process below `root` (children, grandchildren, …). */
export async function descendants(root: number): Promise<number[]> {
  const table = await procTable();
  const found: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    for (const p of table) if (p.ppid === pid) { found.push(p.pid); stack.push(p.pid); }
  }
  return found;
}

/** Stops a child and everything it started. */
export async function stopTree(child: ChildProcess): Promise<void> {
  const pids = child.pid ? await descendants(child.pid).catch(() => []) : [];
  child.kill();
  for (const pid of pids) {
    try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
  }
}
