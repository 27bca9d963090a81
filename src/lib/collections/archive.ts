/**
 * Export and import of a collection as one zip archive (docs/FORMAT.md, "Collection archive").
 * The zip is laid out as a gallery folder (manifest.json, vector files, thumbs/), so unzipped it
 * can be served as the site's gallery/; collection.json carries what a gallery has no place for
 * (sizes, hashes, dates, skipped files). Pure: bytes and records in, bytes and records out.
 */
import { english } from '../messages/english.ts';
import { MessageError, sentenceOf } from '../messages/message-error.ts';
import { message, type Sentence, type Text } from '../messages/sentence.ts';
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import type { SearchEngineId } from '../engines/types.ts';
import { classicEngine } from '../engines/classic/index.ts';
import { decodeVectors, encodeVectors, VectorFormatError } from '../format/vectors.ts';
import { parseManifest, type GalleryEngineFile, type GalleryItem, type GalleryManifest } from '../gallery/manifest.ts';
import type { ImageErrorCode } from '../image/errors.ts';
import { headerSize } from '../image/header-size.ts';
import { sniff, type ImageFormat } from '../image/sniff.ts';
import type { CollectionEngine, CollectionRecord, ImageRecord, SkippedRecord } from './types.ts';
import { readZipDirectory, readZipEntry, ZipError, type ZipEntry } from './zip-reader.ts';

export const ARCHIVE_VERSION = 1;
/**
 * The most an archive may unpack to, counting each entry as max(declared, compressed) size; past
 * this it is refused before anything is inflated. About 60,000 photos: a browser tab holds all
 * of it at once while checking, so this is sized for a tab, not for a disk.
 */
export const MAX_UNPACKED_BYTES = 256 * 1024 ** 2;
/** Larger files are not read at all: entries and their headers cannot take much more than the unpacked limit. */
export const MAX_ARCHIVE_FILE_BYTES = MAX_UNPACKED_BYTES + 32 * 1024 ** 2;
/** Most entries (two JSON files, up to two vector files, one thumbnail per image). */
export const MAX_ARCHIVE_ENTRIES = 100_000;
/** A thumbnail is a 192-px WebP of a few kB; these bound what an entry that claims to be one may be. */
export const MAX_THUMB_BYTES = 256 * 1024;
export const MAX_THUMB_SIDE = 1024;

const MANIFEST = 'manifest.json';
const COLLECTION = 'collection.json';
const VECTOR_FILES = { classic: 'classic.f32.bin', clip: 'clip.f32.bin' } as const;
type ArchivedEngine = keyof typeof VECTOR_FILES;
const THUMB_TYPES = { webp: 'image/webp', jpg: 'image/jpeg' } as const;
const THUMB_FORMATS = { webp: 'webp', jpg: 'jpeg' } as const satisfies Record<keyof typeof THUMB_TYPES, ImageFormat>;
const SOURCE = 'own';

/** An archive that cannot be imported; `file` is the entry inside it that is wrong, if one is. */
export class ArchiveError extends MessageError {
  constructor(
    what: Text,
    readonly file?: string,
  ) {
    super(what);
    this.name = 'ArchiveError';
  }
}

/** What `collection.json` holds. Images and skipped files are in the vector rows' order. */
export interface ArchiveJson {
  readonly archiveVersion: typeof ARCHIVE_VERSION;
  readonly collection: Pick<CollectionRecord, 'name' | 'created' | 'updated' | 'engines'>;
  readonly images: readonly ArchivedImage[];
  readonly skipped: readonly ArchivedSkip[];
}
export type ArchivedImage = Pick<ImageRecord, 'path' | 'size' | 'mtime' | 'hash' | 'format' | 'width' | 'height' | 'added' | 'taken'>;
/** A skipped file in the archive: its reason as an English sentence (the format's field is a string). */
export type ArchivedSkip = Pick<SkippedRecord, 'path' | 'size' | 'mtime' | 'code'> & { readonly message: string };

/** How far an import has got, for a progress bar: thumbnails are the long part of a big archive. */
export interface ImportProgress {
  readonly phase: 'reading' | 'checking' | 'thumbnails';
  readonly done: number;
  readonly total: number;
}
export type ImportProgressListener = (progress: ImportProgress) => void;

export interface ImportedCollection {
  collection: CollectionRecord;
  images: ImageRecord[];
  skipped: SkippedRecord[];
}

// ---------------------------------------------------------------------------------------------
// Export

export async function exportCollection(
  collection: CollectionRecord,
  images: readonly ImageRecord[],
  skipped: readonly SkippedRecord[],
): Promise<Uint8Array> {
  const files: Zippable = {};
  const items: GalleryItem[] = [];
  for (const [row, image] of images.entries()) {
    const file = `thumbs/${row}.${thumbExtension(image)}`;
    // Thumbnails are already compressed: storing them costs nothing and saves the time.
    files[file] = [new Uint8Array(await image.thumb.arrayBuffer()), { level: 0 }];
    items.push({ id: image.path, file, name: baseName(image.path), category: 'collection', subcategory: parentPath(image.path), source: SOURCE });
  }

  const engines: Partial<Record<SearchEngineId, GalleryEngineFile>> = {};
  const addVectors = (engine: ArchivedEngine, meta: CollectionEngine, rows: readonly Float32Array[]): void => {
    const bytes = encodeVectors({ engine, engineVersion: meta.version, dim: meta.dim, dtype: 'f32' }, joinRows(engine, meta.dim, rows));
    files[VECTOR_FILES[engine]] = bytes;
    engines[engine] = { file: VECTOR_FILES[engine], version: meta.version, dim: meta.dim, dtype: 'f32', bytes: bytes.length, ...(engine === 'clip' ? { model: meta.model } : {}) };
  };
  addVectors('classic', collection.engines.classic, images.map((image) => image.classic));
  const clip = collection.engines.clip;
  // A gallery's clip file must have a row for every item, so partly embedded collections leave it out.
  const clipRows = images.flatMap((image) => (image.clip ? [image.clip] : []));
  if (clip && clipRows.length === images.length) addVectors('clip', clip, clipRows);

  const manifest: GalleryManifest = {
    formatVersion: 1,
    title: collection.name,
    items,
    sources: { [SOURCE]: { name: collection.name, package: '', licence: "the owner's", attribution: '', url: '' } },
    engines,
  };
  const archive: ArchiveJson = {
    archiveVersion: ARCHIVE_VERSION,
    collection: { name: collection.name, created: collection.created, updated: collection.updated, engines: collection.engines },
    images: images.map(({ path, size, mtime, hash, format, width, height, added, taken }) => ({ path, size, mtime, hash, format, width, height, added, ...(taken === undefined ? {} : { taken }) })),
    skipped: skipped.map(({ path, size, mtime, code, message: why }) => ({ path, size, mtime, code, message: english(why) })),
  };
  files[MANIFEST] = strToU8(JSON.stringify(manifest));
  files[COLLECTION] = strToU8(JSON.stringify(archive));
  return zipSync(files);
}

function thumbExtension(image: ImageRecord): keyof typeof THUMB_TYPES {
  if (image.thumb.type === THUMB_TYPES.webp) return 'webp';
  if (image.thumb.type === THUMB_TYPES.jpg) return 'jpg';
  throw new RangeError(`the thumbnail of ${image.path} is "${image.thumb.type}", not WebP or JPEG`);
}

function joinRows(engine: ArchivedEngine, dim: number, rows: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => {
    if (row.length !== dim) throw new RangeError(`${engine} vector ${i} has ${row.length} values, the collection's engine makes ${dim}`);
    out.set(row, i * dim);
  });
  return out;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const parentPath = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')));

// ---------------------------------------------------------------------------------------------
// Import

export async function importCollection(
  zip: Uint8Array,
  target: { id: string; now: number },
  onProgress: ImportProgressListener = () => {},
): Promise<ImportedCollection> {
  onProgress({ phase: 'checking', done: 0, total: 1 });
  const files = openArchive(zip);
  const manifest = readManifest(files);
  const archive = parseArchiveJson(readJson(files, COLLECTION));
  const { engines } = archive.collection;
  const count = archive.images.length;

  if (manifest.items.length !== count) {
    throw wrong(MANIFEST, `it lists ${manifest.items.length} items but collection.json has ${count} images`);
  }
  const thumbFiles = new Set<string>();
  manifest.items.forEach((item, row) => {
    if (item.id !== archive.images[row].path) {
      throw wrong(MANIFEST, `item ${row} is "${String(item.id)}" but image ${row} of collection.json is "${archive.images[row].path}"`);
    }
    // One thumbnail per item: items sharing one entry would store it once per item.
    if (thumbFiles.has(item.file)) throw wrong(MANIFEST, message('worker.thumbShared', { row: String(row), file: item.file }));
    thumbFiles.add(item.file);
  });

  if (engines.classic.version !== classicEngine.version || engines.classic.dim !== classicEngine.dim) {
    throw wrong(COLLECTION, `its classic vectors are version ${engines.classic.version} with ${engines.classic.dim} dimensions, but this app computes version ${classicEngine.version} with ${classicEngine.dim}`);
  }
  const classic = readVectors(files, manifest, 'classic', classicEngine, count);
  let clip: Float32Array[] | undefined;
  if (manifest.engines.clip) {
    if (!engines.clip) throw wrong(COLLECTION, 'it names no clip engine, yet the archive holds clip vectors');
    clip = readVectors(files, manifest, 'clip', engines.clip, count);
  }
  const thumbs: Blob[] = [];
  const step = Math.max(1, Math.ceil(count / 100));
  for (const [row, item] of manifest.items.entries()) {
    if (row % step === 0) onProgress({ phase: 'thumbnails', done: row, total: count });
    thumbs.push(readThumb(files, item, row));
  }
  onProgress({ phase: 'thumbnails', done: count, total: count });

  const images: ImageRecord[] = archive.images.map((image, row) => ({
    ...image,
    collection: target.id,
    thumb: thumbs[row],
    classic: classic[row],
    ...(clip ? { clip: clip[row] } : {}),
  }));
  const skipped: SkippedRecord[] = archive.skipped.map((skip) => ({ ...skip, collection: target.id }));
  const bytes = images.reduce((sum, i) => sum + i.thumb.size + i.classic.byteLength + (i.clip?.byteLength ?? 0), 0);
  const collection: CollectionRecord = {
    id: target.id,
    name: archive.collection.name,
    created: archive.collection.created,
    updated: target.now,
    engines,
    count,
    skipped: skipped.length,
    bytes,
    state: 'ready',
    pending: 0,
    hasHandle: false,
  };
  return { collection, images, skipped };
}

/** One message naming the wrong entry: "collection.json in the archive is wrong: …". */
function wrong(file: string, problem: Sentence): ArchiveError {
  return new ArchiveError(message('worker.archiveWrong', { file, problem }), file);
}

function missing(file: string): ArchiveError {
  return new ArchiveError(message('worker.archiveMissing', { file }), file);
}

/** The archive's entries, checked (zip-reader.ts); an entry is inflated only when asked for, and once. */
interface ArchiveFiles {
  has(name: string): boolean;
  read(name: string): Uint8Array<ArrayBuffer>;
  size(name: string): number;
}

function openArchive(zip: Uint8Array): ArchiveFiles {
  let entries: Map<string, ZipEntry>;
  try {
    entries = readZipDirectory(zip, { maxEntries: MAX_ARCHIVE_ENTRIES, maxTotalBytes: MAX_UNPACKED_BYTES });
  } catch (e) {
    throw unreadable(e);
  }
  const read = new Set<string>();
  const find = (name: string): ZipEntry => {
    const found = entries.get(name);
    if (!found) throw missing(name);
    return found;
  };
  return {
    has: (name) => entries.has(name),
    size: (name) => find(name).size,
    read(name) {
      const found = find(name);
      if (read.has(name)) throw wrong(name, message('worker.readTwice'));
      read.add(name);
      try {
        return readZipEntry(zip, found);
      } catch (e) {
        throw unreadable(e);
      }
    },
  };
}

function unreadable(e: unknown): Error {
  if (e instanceof ZipError) return new ArchiveError(message('worker.archiveRefused', { reason: e.text }), e.entry);
  // a field read past the end of a cut-off file
  if (e instanceof RangeError) return new ArchiveError(message('worker.archiveRefused', { reason: message('worker.zipCutOff') }));
  return e as Error;
}

function readJson(files: ArchiveFiles, name: string): unknown {
  const bytes = files.read(name);
  try {
    return JSON.parse(strFromU8(bytes));
  } catch {
    throw wrong(name, message('worker.notJson'));
  }
}

function readManifest(files: ArchiveFiles): GalleryManifest {
  let manifest: GalleryManifest;
  try {
    manifest = parseManifest(readJson(files, MANIFEST));
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    throw wrong(MANIFEST, sentenceOf(e));
  }
  manifest.items.forEach((item, row) => {
    const value = item as unknown;
    if (!value || typeof value !== 'object' || typeof item.id !== 'string' || typeof item.file !== 'string') {
      throw wrong(MANIFEST, `item ${row} has no id or file`);
    }
    checkPath(item.file, MANIFEST, `item ${row}'s file`);
  });
  for (const [id, file] of Object.entries(manifest.engines)) {
    if (typeof file?.file !== 'string') throw wrong(MANIFEST, `the ${id} engine names no file`);
    checkPath(file.file, MANIFEST, `the ${id} engine's file`);
  }
  return manifest;
}

/** Decodes one engine's vector file and checks it belongs to this engine, version and item list. */
function readVectors(files: ArchiveFiles, manifest: GalleryManifest, engine: ArchivedEngine, expected: Pick<CollectionEngine, 'version' | 'dim'>, count: number): Float32Array[] {
  const listed = manifest.engines[engine];
  if (!listed) throw wrong(MANIFEST, `it lists no ${engine} vectors`);
  const file = listed.file;
  let decoded: ReturnType<typeof decodeVectors>;
  try {
    decoded = decodeVectors(files.read(file), file);
  } catch (e) {
    if (e instanceof VectorFormatError) throw new ArchiveError(message('worker.fullStop', { sentence: e.text }), file);
    throw e;
  }
  const { header, matrix } = decoded;
  if (header.engine !== engine) throw wrong(file, `it holds vectors of the "${header.engine}" engine, not "${engine}"`);
  if (header.engineVersion !== expected.version) throw wrong(file, `it holds ${engine} version ${header.engineVersion} vectors, not version ${expected.version}`);
  if (header.dim !== expected.dim) throw wrong(file, `its vectors have ${header.dim} dimensions, not ${expected.dim}`);
  if (header.count !== count) throw wrong(file, `it holds ${header.count} vectors for ${count} images`);
  if (matrix.kind !== 'f32') throw wrong(file, 'it holds byte vectors, not floats');
  const { dim, data } = matrix;
  // A copy per row: a subarray would keep the whole matrix alive, and IndexedDB would store all of it with every image.
  return Array.from({ length: count }, (_, row) => data.slice(row * dim, (row + 1) * dim));
}

/** A thumbnail entry is refused unless its bytes are the small WebP or JPEG its name says. */
function readThumb(files: ArchiveFiles, item: GalleryItem, row: number): Blob {
  const extension = item.file.slice(item.file.lastIndexOf('.') + 1);
  if (!Object.hasOwn(THUMB_TYPES, extension)) throw wrong(MANIFEST, `item ${row}'s file ${item.file} is not a .webp or .jpg thumbnail`);
  if (!files.has(item.file)) throw missing(item.file);
  if (files.size(item.file) > MAX_THUMB_BYTES) {
    throw wrong(item.file, message('worker.thumbBytes', { size: String(files.size(item.file)), limit: String(MAX_THUMB_BYTES) }));
  }
  const bytes = files.read(item.file);
  const format = THUMB_FORMATS[extension as keyof typeof THUMB_TYPES];
  const sniffed = sniff(bytes.subarray(0, 64));
  if (sniffed.kind !== 'image' || sniffed.format !== format) throw wrong(item.file, message('worker.thumbNotImage', { format: format === 'webp' ? 'WebP' : 'JPEG' }));
  const size = headerSize(bytes, format);
  if (!size || size.width < 1 || size.height < 1 || size.width > MAX_THUMB_SIDE || size.height > MAX_THUMB_SIDE) {
    throw wrong(item.file, size
      ? message('worker.thumbPixels', { width: String(size.width), height: String(size.height), max: String(MAX_THUMB_SIDE) })
      : message('worker.thumbNoSize', { max: String(MAX_THUMB_SIDE) }));
  }
  return new Blob([bytes], { type: THUMB_TYPES[extension as keyof typeof THUMB_TYPES] });
}

// ---------------------------------------------------------------------------------------------
// collection.json, read field by field so that a wrong value is named instead of stored

type JsonObject = Readonly<Record<string, unknown>>;

const IMAGE_FORMATS = Object.keys({ jpeg: 1, png: 1, gif: 1, webp: 1, bmp: 1, avif: 1 } satisfies Record<ImageFormat, 1>);
const SKIP_CODES = Object.keys({
  empty: 1, 'not-an-image': 1, 'unsupported-format': 1, corrupt: 1, 'too-small': 1, 'too-large': 1, unreadable: 1,
} satisfies Record<SkippedRecord['code'], 1>);

function parseArchiveJson(json: unknown): ArchiveJson {
  const root = object(json, 'the file');
  if (root.archiveVersion !== ARCHIVE_VERSION) {
    throw wrong(COLLECTION, `its archive version ${String(root.archiveVersion)} is not supported (this app reads version ${ARCHIVE_VERSION})`);
  }
  const collection = object(root.collection, 'collection');
  const engines = object(collection.engines, 'collection.engines');
  const paths = new Set<string>();
  const path = (o: JsonObject, where: string): string => {
    const value = string(o, 'path', where);
    checkPath(value, COLLECTION, where);
    if (paths.has(value)) throw wrong(COLLECTION, `${where} repeats the path "${value}"`);
    paths.add(value);
    return value;
  };
  return {
    archiveVersion: ARCHIVE_VERSION,
    collection: {
      name: string(collection, 'name', 'collection'),
      created: number(collection, 'created', 'collection'),
      updated: number(collection, 'updated', 'collection'),
      engines: {
        classic: engine(engines.classic, 'collection.engines.classic'),
        ...(engines.clip === undefined ? {} : { clip: engine(engines.clip, 'collection.engines.clip') }),
      },
    },
    images: array(root.images, 'images').map((value, i): ArchivedImage => {
      const where = `images[${i}]`, o = object(value, where);
      return {
        path: path(o, where),
        size: number(o, 'size', where),
        mtime: number(o, 'mtime', where),
        hash: string(o, 'hash', where),
        format: oneOf<ImageFormat>(o, 'format', where, IMAGE_FORMATS),
        width: number(o, 'width', where),
        height: number(o, 'height', where),
        added: number(o, 'added', where),
        // archives made before dates were read have none: the date is looked for on a later visit
        ...(o.taken === null ? { taken: null } : o.taken === undefined ? {} : { taken: number(o, 'taken', where) }),
      };
    }),
    skipped: array(root.skipped, 'skipped').map((value, i): ArchivedSkip => {
      const where = `skipped[${i}]`, o = object(value, where);
      return {
        path: path(o, where),
        size: number(o, 'size', where),
        mtime: number(o, 'mtime', where),
        code: oneOf<ImageErrorCode | 'unreadable'>(o, 'code', where, SKIP_CODES),
        message: string(o, 'message', where),
      };
    }),
  };
}

function engine(value: unknown, where: string): CollectionEngine {
  const o = object(value, where);
  const version = number(o, 'version', where), dim = number(o, 'dim', where);
  return o.model === undefined ? { version, dim } : { version, dim, model: string(o, 'model', where) };
}

function object(value: unknown, where: string): JsonObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw wrong(COLLECTION, message('worker.notObject', { where }));
  return value as JsonObject;
}

function array(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) throw wrong(COLLECTION, message('worker.notList', { where }));
  return value;
}

function string(o: JsonObject, key: string, where: string): string {
  const value = o[key];
  if (typeof value !== 'string') throw wrong(COLLECTION, message('worker.notString', { where: `${where}.${key}` }));
  return value;
}

function number(o: JsonObject, key: string, where: string): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong(COLLECTION, message('worker.notNumber', { where: `${where}.${key}` }));
  return value;
}

function oneOf<T extends string>(o: JsonObject, key: string, where: string, allowed: readonly string[]): T {
  const value = string(o, key, where);
  if (!allowed.includes(value)) throw wrong(COLLECTION, `${where}.${key} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** Paths are "/"-separated and relative; an empty, absolute or climbing ("..") one is refused. */
function checkPath(path: string, file: string, where: string): void {
  const absurd = path === '' || /^([/\\]|[A-Za-z]:)/.test(path) || path.split(/[/\\]/).includes('..');
  if (absurd) throw wrong(file, `${where} has the unusable path "${path}"`);
}
