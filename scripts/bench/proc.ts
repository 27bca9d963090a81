/**
 * What the bench reads from /proc (Linux): the process table and a process's descendants, a
 * status field in bytes, whether a process runs dedicated workers; and stopping a child with
 * everything it started (`npx vite preview` runs vite in a grandchild, so killing npx alone
 * leaves vite holding the port and the bench never exits).
 */
import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface ProcInfo { pid: number; ppid: number }

export async function procTable(): Promise<ProcInfo[]> {
  const out: ProcInfo[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      out.push({ pid: Number(name), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
    } catch { /* gone */ }
  }
  return out;
}

/** Every process below `root` (children, grandchildren, …), from a table read now or given. */
export async function descendants(root: number, table?: readonly ProcInfo[]): Promise<number[]> {
  const rows = table ?? (await procTable());
  const children = new Map<number, number[]>();
  for (const p of rows) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid)!.push(p.pid);
  }
  const found: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** A "Name:   123 kB" field of a /proc file, in bytes. */
export async function procKb(path: string, field: string): Promise<number | undefined> {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(await readFile(path, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch { return undefined; }
}

/** Whether a process runs dedicated workers (Chromium names their threads "DedicatedWorker…"). */
export async function hasWorkerThreads(pid: number): Promise<boolean> {
  try {
    for (const t of await readdir(`/proc/${pid}/task`)) {
      if ((await readFile(`/proc/${pid}/task/${t}/comm`, 'utf8').catch(() => '')).startsWith('DedicatedWorker')) return true;
    }
  } catch { /* gone */ }
  return false;
}

/** Stops a child and everything it started. */
export async function stopTree(child: ChildProcess): Promise<void> {
  const pids = child.pid ? await descendants(child.pid).catch(() => []) : [];
  child.kill();
  for (const pid of pids) {
    try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
  }
}
