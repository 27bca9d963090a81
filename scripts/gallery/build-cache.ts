import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Vectors computed by earlier builds, keyed by the image's content hash (SHA-256) and by what
 * made them (engine id and version; for CLIP the model, dtype and vector version), so a rebuild
 * after adding or changing photos embeds only those. One JSON file, base64 float32 rows.
 */
const CACHE_VERSION = 1;

export class BuildCache {
  #entries: Record<string, Record<string, string>> = {};
  constructor(readonly path: string) {}

  async load(): Promise<void> {
    try {
      const json = JSON.parse(await readFile(this.path, 'utf8')) as { version?: number; entries?: Record<string, Record<string, string>> };
      if (json.version === CACHE_VERSION && json.entries) this.#entries = json.entries;
    } catch { /* no cache yet, or unreadable: start empty */ }
  }

  get(hash: string, key: string): Float32Array | undefined {
    const b64 = this.#entries[hash]?.[key];
    if (!b64) return undefined;
    const bytes = Buffer.from(b64, 'base64');
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }

  set(hash: string, key: string, vector: Float32Array): void {
    (this.#entries[hash] ??= {})[key] = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
  }

  /** Keeps only the given hashes (photos removed from the folder leave the cache too). */
  async save(keep: ReadonlySet<string>): Promise<void> {
    this.#entries = Object.fromEntries(Object.entries(this.#entries).filter(([h]) => keep.has(h)));
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(this.path, JSON.stringify({ version: CACHE_VERSION, entries: this.#entries }));
  }
}
