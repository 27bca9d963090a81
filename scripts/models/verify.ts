/**
 * Checking a downloaded file against the Hub's size and hash: SHA-256 for LFS files, the git blob
 * SHA-1 (sha1("blob <size>\0" + content)) for small ones. The comparison is pure; hashing reads
 * the file as a stream.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { RemoteMeta } from './hub.ts';

export type HashKind = 'sha256' | 'git-sha1';

/** The header git puts before a blob's content when it hashes it. */
export function gitBlobHeader(size: number): string {
  return `blob ${size}\0`;
}

/** Git blob SHA-1 of in-memory bytes (what `git hash-object` prints). */
export function gitBlobSha1(bytes: Uint8Array): string {
  return createHash('sha1').update(gitBlobHeader(bytes.byteLength)).update(bytes).digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Which hash the metadata lets us check, preferring SHA-256. */
export function hashToCheck(meta: RemoteMeta): { kind: HashKind; expected: string } | undefined {
  if (meta.sha256) return { kind: 'sha256', expected: meta.sha256 };
  if (meta.gitSha1) return { kind: 'git-sha1', expected: meta.gitSha1 };
  return undefined;
}

/** Hashes a file on disk with the given kind (the git header needs its size first). */
export async function hashFile(path: string, kind: HashKind): Promise<string> {
  let h: Hash;
  if (kind === 'git-sha1') {
    const { size } = await stat(path);
    h = createHash('sha1').update(gitBlobHeader(size));
  } else {
    h = createHash('sha256');
  }
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

export type VerifyResult =
  | { ok: true; checked: HashKind | 'size' | 'nothing' }
  | { ok: false; what: 'size' | HashKind; expected: string; got: string };

/** Compares a size (and, when `hash` is given, its digest) with what the Hub said. */
export function compare(meta: RemoteMeta, size: number, hash?: { kind: HashKind; got: string }): VerifyResult {
  if (meta.size !== undefined && meta.size !== size) return { ok: false, what: 'size', expected: `${meta.size} bytes`, got: `${size} bytes` };
  const want = hashToCheck(meta);
  if (!want) return { ok: true, checked: meta.size !== undefined ? 'size' : 'nothing' };
  if (!hash || hash.kind !== want.kind) throw new Error(`compare: need a ${want.kind} digest`);
  if (hash.got !== want.expected) return { ok: false, what: want.kind, expected: want.expected, got: hash.got };
  return { ok: true, checked: want.kind };
}

/** Size first (cheap), then the hash: whether the file at `path` is the one described by `meta`. */
export async function verifyFile(path: string, meta: RemoteMeta): Promise<VerifyResult> {
  const { size } = await stat(path);
  const sizeOnly = compare({ size: meta.size }, size);
  if (!sizeOnly.ok) return sizeOnly;
  const want = hashToCheck(meta);
  if (!want) return compare(meta, size);
  return compare(meta, size, { kind: want.kind, got: await hashFile(path, want.kind) });
}
