/**
 * Turns what the person gave — an <input webkitdirectory> FileList, dropped items, or a picked
 * directory handle — into index sources: one per top folder (named after it), plus one for loose
 * files. Files are listed, not read; images are told apart later by their content, so every file
 * except hidden ones (".DS_Store", "._x.jpg", Thumbs.db…) is listed.
 */
import type { IndexSource, SourceFile } from './indexer.ts';

export const LOOSE_FILES = 'Added files';

const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini']);

export function isHidden(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.') || SYSTEM_FILES.has(part.toLowerCase()));
}

const fromFile = (file: File, path: string): SourceFile => ({
  entry: { path, size: file.size, mtime: file.lastModified },
  open: async () => file,
});

/** Groups files by their top folder (webkitRelativePath); files without one are loose files. */
export function sourcesFromFiles(files: Iterable<File>): IndexSource[] {
  const folders = new Map<string, SourceFile[]>();
  const loose: SourceFile[] = [];
  for (const file of files) {
    const rel = file.webkitRelativePath || '';
    const slash = rel.indexOf('/');
    if (slash > 0) {
      const path = rel.slice(slash + 1);
      if (isHidden(path)) continue;
      const name = rel.slice(0, slash);
      if (!folders.has(name)) folders.set(name, []);
      folders.get(name)!.push(fromFile(file, path));
    } else if (!isHidden(file.name)) {
      loose.push(fromFile(file, file.name));
    }
  }
  const out: IndexSource[] = [...folders].map(([name, list]) => ({ name, wholeFolder: true, files: list }));
  if (loose.length) out.push({ name: LOOSE_FILES, wholeFolder: false, files: loose });
  return out;
}

/** Every file under a directory handle (recursively), listed with size and time. */
export async function sourceFromHandle(handle: FileSystemDirectoryHandle): Promise<IndexSource> {
  const files: SourceFile[] = [];
  const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
    for await (const child of dir.values()) {
      const path = prefix + child.name;
      if (isHidden(child.name)) continue;
      if (child.kind === 'directory') await walk(child as FileSystemDirectoryHandle, `${path}/`);
      else {
        const fh = child as FileSystemFileHandle;
        const file = await fh.getFile();
        files.push({ entry: { path, size: file.size, mtime: file.lastModified }, open: () => fh.getFile() });
      }
    }
  };
  await walk(handle, '');
  return { name: handle.name, wholeFolder: true, files, handle };
}

/** Files under an old-style FileSystemEntry (drag-and-drop where handles are not offered). */
async function filesOfEntry(entry: FileSystemEntry, prefix: string, out: SourceFile[]): Promise<void> {
  if (isHidden(entry.name)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(fromFile(file, prefix + entry.name));
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    // readEntries returns at most ~100 entries per call; an empty batch means the end.
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return;
    for (const child of batch) await filesOfEntry(child, `${prefix}${entry.name}/`, out);
  }
}

/**
 * What was dropped: folders become sources of their own (with a handle where Chromium offers one,
 * so the collection can be resumed without picking again); loose files are one more source.
 * Must be called during the drop event: the DataTransfer is emptied once the handler returns.
 */
export function sourcesFromDrop(data: DataTransfer): Promise<IndexSource[]> {
  const items = [...data.items].filter((i) => i.kind === 'file');
  const pending = items.map((item) => ({
    handle: item.getAsFileSystemHandle?.() ?? Promise.resolve(null),
    entry: item.webkitGetAsEntry(),
    file: item.getAsFile(),
  }));
  return (async () => {
    const sources: IndexSource[] = [];
    const loose: File[] = [];
    for (const p of pending) {
      const handle = await p.handle.catch(() => null);
      if (handle?.kind === 'directory') {
        sources.push(await sourceFromHandle(handle as FileSystemDirectoryHandle));
      } else if (p.entry?.isDirectory) {
        const files: SourceFile[] = [];
        await filesOfEntry(p.entry, '', files);
        // Entries' paths start with the folder's own name; the collection is named after it.
        sources.push({ name: p.entry.name, wholeFolder: true, files: files.map((f) => ({ ...f, entry: { ...f.entry, path: f.entry.path.slice(p.entry!.name.length + 1) } })) });
      } else if (p.file) {
        loose.push(p.file);
      }
    }
    return [...sources, ...sourcesFromFiles(loose)];
  })();
}
