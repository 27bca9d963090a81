/**
 * A zip reader for files nobody vouches for. Everything it believes is checked against the file
 * itself before any loop or allocation depends on it:
 * - the entry count comes from the end record (zip64 too) and must fit in the central directory,
 *   which must fit in the file, so a 98-byte file cannot claim four billion entries;
 * - each entry's local header and data must lie inside the file, before the directory, and no two
 *   entries may share bytes (overlapping entries are how a small zip claims a lot of content);
 * - a stored entry must be as long as it says; an inflated one is stopped the moment it yields
 *   more than it declared, and refused if it yields less;
 * - the sum of max(declared, compressed) over all entries is held under a limit before anything
 *   is inflated, and only the entries a caller asks for are ever inflated.
 * fflate does the inflating, fed in pushes sized to what the entry may still yield, so a lying
 * entry costs one push, not its whole stream. Pure: bytes in, bytes out.
 */
import { MessageError } from '../messages/message-error.ts';
import { message, type Text } from '../messages/sentence.ts';
import { Inflate } from 'fflate';

export interface ZipLimits {
  /** most entries a file may have */
  readonly maxEntries: number;
  /** most bytes all entries together may unpack to, counting max(declared, compressed) */
  readonly maxTotalBytes: number;
}

export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflated */
  readonly method: 0 | 8;
  readonly compressedSize: number;
  readonly size: number;
  /** where its local header starts, and where its compressed data starts and ends */
  readonly headerStart: number;
  readonly dataStart: number;
  readonly dataEnd: number;
}

/** A zip that is not read; the message says what is wrong with it, `entry` names the entry when one is. */
export class ZipError extends MessageError {
  constructor(
    what: Text,
    readonly entry?: string,
  ) {
    super(what);
    this.name = 'ZipError';
  }
}

const END = 0x06054b50, END64 = 0x06064b50, LOCATOR64 = 0x07064b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;
const END_SIZE = 22, CENTRAL_SIZE = 46, LOCAL_SIZE = 30, LOCATOR_SIZE = 20, END64_SIZE = 56;
/**
 * Deflate yields at most ~1032 bytes per input byte, so each push is sized to what the entry may
 * still yield (÷ 1024): an honest entry goes in pushes of up to 64 KiB, a lying one is caught
 * after yielding little more than it declared.
 */
const MIN_PUSH = 256, MAX_PUSH = 64 * 1024;
const pushSize = (left: number) => Math.min(MAX_PUSH, Math.max(MIN_PUSH, Math.ceil(left / 1024)));

const mib = (n: number) => `${Math.round((n / 1024 ** 2) * 10) / 10} MiB`;

/** The zip's entries by name, checked as described above; nothing is inflated yet. */
export function readZipDirectory(zip: Uint8Array, limits: ZipLimits): Map<string, ZipEntry> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndRecord(zip, v);
  let count = v.getUint16(end + 10, true);
  let directorySize = v.getUint32(end + 12, true);
  let directoryStart = v.getUint32(end + 16, true);
  let directoryLimit = end; // the directory ends before the end record (or before the zip64 one)
  if (v.getUint16(end + 4, true) !== 0 || v.getUint16(end + 6, true) !== 0) throw new ZipError(message('worker.zipSplit'));

  if (count === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) {
    const locator = end - LOCATOR_SIZE;
    if (locator >= 0 && v.getUint32(locator, true) === LOCATOR64) {
      const at = safeNumber(v.getBigUint64(locator + 8, true));
      if (at + END64_SIZE > locator || v.getUint32(at, true) !== END64) throw new ZipError(message('worker.zip64Missing'));
      count = safeNumber(v.getBigUint64(at + 32, true));
      directorySize = safeNumber(v.getBigUint64(at + 40, true));
      directoryStart = safeNumber(v.getBigUint64(at + 48, true));
      directoryLimit = at;
    }
  }

  // Every claim about the directory is held against the file before a single entry is read.
  if (directoryStart + directorySize > directoryLimit) {
    throw new ZipError(message('worker.zipDirectoryPastEnd', { size: String(directorySize), offset: String(directoryStart), length: String(zip.length) }));
  }
  if (count * CENTRAL_SIZE > directorySize || count * (CENTRAL_SIZE + LOCAL_SIZE) > zip.length) {
    throw new ZipError(message('worker.zipClaims', { count: String(count), length: String(zip.length) }));
  }
  if (count > limits.maxEntries) throw new ZipError(message('worker.zipTooMany', { count: String(count), limit: String(limits.maxEntries) }));

  const entries = new Map<string, ZipEntry>();
  let total = 0;
  for (let i = 0, at = directoryStart; i < count; i++) {
    const entry = readCentralEntry(zip, v, at, directoryStart + directorySize, directoryStart);
    if (entries.has(entry.name)) throw new ZipError(message('worker.zipTwice', { name: entry.name }), entry.name);
    entries.set(entry.name, entry);
    total += Math.max(entry.size, entry.compressedSize);
    if (total > limits.maxTotalBytes) {
      throw new ZipError(message('worker.zipTooBig', { limit: mib(limits.maxTotalBytes), name: entry.name }), entry.name);
    }
    at += CENTRAL_SIZE + v.getUint16(at + 28, true) + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  checkNoOverlap([...entries.values()]);
  return entries;
}

/**
 * One entry's bytes. A stored entry is a copy of its range; a deflated one is inflated push by
 * push into a buffer of its declared size, and refused as soon as it yields more.
 */
export function readZipEntry(zip: Uint8Array, entry: ZipEntry): Uint8Array<ArrayBuffer> {
  const data = zip.subarray(entry.dataStart, entry.dataEnd);
  if (entry.method === 0) return data.slice();
  const out = new Uint8Array(entry.size);
  let written = 0;
  let ended = false;
  const lying = () => new ZipError(message('worker.zipInflatesMore', { name: entry.name, size: String(entry.size) }), entry.name);
  const inflate = new Inflate((chunk, final) => {
    if (written + chunk.length > out.length) throw lying();
    out.set(chunk, written);
    written += chunk.length;
    if (final) ended = true;
  });
  try {
    let at = 0;
    do {
      const end = Math.min(data.length, at + pushSize(out.length - written));
      inflate.push(data.subarray(at, end), end === data.length);
      at = end;
    } while (at < data.length);
  } catch (e) {
    if (e instanceof ZipError) throw e;
    throw new ZipError(message('worker.zipBroken', { name: entry.name, reason: (e as Error).message }), entry.name);
  }
  if (!ended || written !== entry.size) throw new ZipError(message('worker.zipInflatesOther', { name: entry.name, actual: String(written), size: String(entry.size) }), entry.name);
  return out;
}

/** The end-of-central-directory record: the last 22+ bytes, after at most a 64 KiB comment. */
function findEndRecord(zip: Uint8Array, v: DataView): number {
  for (let at = zip.length - END_SIZE; at >= Math.max(0, zip.length - END_SIZE - 0xffff); at--) {
    if (v.getUint32(at, true) === END && at + END_SIZE + v.getUint16(at + 20, true) <= zip.length) return at;
  }
  throw new ZipError(message('worker.zipNotZip'));
}

function readCentralEntry(zip: Uint8Array, v: DataView, at: number, directoryEnd: number, dataLimit: number): ZipEntry {
  if (at + CENTRAL_SIZE > directoryEnd || v.getUint32(at, true) !== CENTRAL) throw new ZipError(message('worker.zipDamaged'));
  const flags = v.getUint16(at + 8, true);
  const method = v.getUint16(at + 10, true);
  let compressedSize = v.getUint32(at + 20, true);
  let size = v.getUint32(at + 24, true);
  const nameLength = v.getUint16(at + 28, true), extraLength = v.getUint16(at + 30, true);
  let headerStart = v.getUint32(at + 42, true);
  if (at + CENTRAL_SIZE + nameLength + extraLength > directoryEnd) throw new ZipError(message('worker.zipDamaged'));
  const name = new TextDecoder().decode(zip.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength));

  // zip64: the fields that read 0xFFFFFFFF are in the extra field 0x0001, in this order
  if (size === 0xffffffff || compressedSize === 0xffffffff || headerStart === 0xffffffff) {
    const extra = findExtra(v, at + CENTRAL_SIZE + nameLength, extraLength, 0x0001);
    if (!extra) throw new ZipError(message('worker.zipNo64Field', { name }), name);
    let field = extra.start;
    const next = () => {
      if (field + 8 > extra.end) throw new ZipError(message('worker.zipShort64Field', { name }), name);
      const value = safeNumber(v.getBigUint64(field, true));
      field += 8;
      return value;
    };
    if (size === 0xffffffff) size = next();
    if (compressedSize === 0xffffffff) compressedSize = next();
    if (headerStart === 0xffffffff) headerStart = next();
  }

  if (flags & 0x0001) throw new ZipError(message('worker.zipEncrypted', { name }), name);
  if (method !== 0 && method !== 8) throw new ZipError(message('worker.zipMethod', { name, method: String(method) }), name);
  if (method === 0 && compressedSize !== size) {
    throw new ZipError(message('worker.zipStoredLie', { name, stored: String(compressedSize), size: String(size) }), name);
  }
  if (headerStart + LOCAL_SIZE > dataLimit || v.getUint32(headerStart, true) !== LOCAL) {
    throw new ZipError(message('worker.zipNoHeader', { name }), name);
  }
  const dataStart = headerStart + LOCAL_SIZE + v.getUint16(headerStart + 26, true) + v.getUint16(headerStart + 28, true);
  const dataEnd = dataStart + compressedSize;
  if (dataEnd > dataLimit) throw new ZipError(message('worker.zipPastEnd', { name, size: String(compressedSize) }), name);
  return { name, method, compressedSize, size, headerStart, dataStart, dataEnd };
}

function findExtra(v: DataView, from: number, length: number, id: number): { start: number; end: number } | undefined {
  for (let at = from; at + 4 <= from + length; ) {
    const size = v.getUint16(at + 2, true);
    if (v.getUint16(at, true) === id) return { start: at + 4, end: Math.min(at + 4 + size, from + length) };
    at += 4 + size;
  }
  return undefined;
}

/** Sorted by where they start, each entry must end before the next one's header. */
function checkNoOverlap(entries: ZipEntry[]): void {
  entries.sort((a, b) => a.headerStart - b.headerStart);
  for (let i = 1; i < entries.length; i++) {
    const before = entries[i - 1], after = entries[i];
    if (after.headerStart < before.dataEnd) throw new ZipError(message('worker.zipOverlap', { a: before.name, b: after.name }), after.name);
  }
}

function safeNumber(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError(message('worker.zipAbsurd'));
  return Number(n);
}
