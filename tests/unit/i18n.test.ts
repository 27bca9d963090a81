import { describe, expect, it } from 'vitest';
import { en } from '../../src/lib/i18n/en.ts';
import { vi } from '../../src/lib/i18n/vi.ts';
import { renderText, translator } from '../../src/lib/i18n/catalog.ts';
import { LOCALE_KEY, applyLocale, pickLocale, readLocale, saveLocale } from '../../src/lib/i18n/locale.ts';
import { placeholders, translate } from '../../src/lib/i18n/translate.ts';
import { text, type Dictionary, type MessageKey, type Text } from '../../src/lib/i18n/types.ts';
import { english } from '../../src/lib/messages/english.ts';
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { rankingText } from '../../src/lib/messages/ranking.ts';
import { asText, message } from '../../src/lib/messages/sentence.ts';
import { forVisitors } from '../../src/lib/messages/visitor.ts';
import { checkManifestFiles, type GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import { allEngineInfos } from '../../src/lib/engines/info.ts';
import { getMeasure, MEASURES } from '../../src/lib/ranking/measures.ts';
import { checkInput, checkSize } from '../../src/lib/image/sniff.ts';
import { ArchiveError, importCollection } from '../../src/lib/collections/archive.ts';
import { formatBytes, formatDuration, formatScore } from '../../src/state/format.ts';
import { devicePlans } from '../../workers/clip/device.ts';
import { unavailableReason } from '../../workers/clip/service.ts';
import { hubModelIdProblem } from '../../src/lib/hub/model-id.ts';

const keys = (d: object) => Object.keys(d).sort();

/** Messages that are the same in both languages on purpose: a word both use, or pure punctuation around a value. */
const ALLOWED_SAME: readonly MessageKey[] = ['common.ok', 'error.withFile', 'error.raw', 'worker.fullStop', 'turn.text', 'map.clustering.kmeans'];

function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

/** The message an ImageError (or any thrown error) carries. */
function thrown(f: () => unknown): Text {
  try {
    f();
  } catch (e) {
    return asText(sentenceOf(e));
  }
  throw new Error('nothing was thrown');
}

describe('the dictionaries', () => {
  it('have the same keys in English and Vietnamese', () => {
    expect(keys(vi)).toEqual(keys(en));
  });

  it('use the same {placeholders} for every key', () => {
    const d: Dictionary = en;
    const differ = (Object.keys(en) as MessageKey[]).filter((k) => placeholders(d[k]).join() !== placeholders(vi[k]).join());
    expect(differ).toEqual([]);
  });

  it('translate every message (only a short allow-list is the same in both)', () => {
    const d: Dictionary = en;
    const same = (Object.keys(en) as MessageKey[]).filter((k) => JSON.stringify(d[k]) === JSON.stringify(vi[k]));
    expect(same.sort()).toEqual([...ALLOWED_SAME].sort());
  });

  it('write Vietnamese with its diacritics', () => {
    expect(vi['text.submit']).toBe('Tìm kiếm');
    expect(vi['history.clearHistory']).toBe('Xoá lịch sử');
    // Most messages with words hold at least one letter only Vietnamese uses.
    const withWords = Object.values(vi).filter((m): m is string => typeof m === 'string' && /[a-z]{3}/i.test(m.replace(/\{\w+\}/g, '')));
    const accented = withWords.filter((m) => /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i.test(m));
    expect(accented.length / withWords.length).toBeGreaterThan(0.9);
  });

  it('name the engines and measures as the registry does (English)', () => {
    for (const e of allEngineInfos()) {
      expect(en[`engine.${e.id}.label`]).toBe(e.label);
      expect(en[`engine.${e.id}.description`]).toBe(e.description);
    }
    for (const m of MEASURES) expect(en[`measure.${m}`]).toBe(getMeasure(m).label);
  });
});

describe('translate', () => {
  it('fills {placeholders}; numbers are written the locale’s way', () => {
    expect(translate(en, 'status.reading', { file: 'cat.png' })).toBe('Reading cat.png…');
    expect(translate(en, 'empty.title', { count: 3812 })).toBe('Search 3,812 images by example');
    expect(translate(vi, 'empty.title', { count: 3812 }, 'vi')).toBe('Tìm trong 3.812 ảnh bằng ảnh mẫu');
    // strings go in as they are
    expect(translate(en, 'threshold.shown', { shown: '5', count: 1200 })).toBe('5 of 1,200 shown');
  });

  it('picks the plural form by {count} (English one/other; Vietnamese has one form)', () => {
    expect(translate(en, 'common.images', { count: 1 })).toBe('1 image');
    expect(translate(en, 'common.images', { count: 2 })).toBe('2 images');
    expect(translate(en, 'common.images', { count: 0 })).toBe('0 images');
    expect(translate(vi, 'common.images', { count: 1 }, 'vi')).toBe('1 ảnh');
    expect(translate(vi, 'common.images', { count: 2 }, 'vi')).toBe('2 ảnh');
    expect(translate(en, 'query.refusal', { max: 5, names: 'a.png', count: 1 })).toMatch(/a\.png was not added/);
    expect(translate(en, 'query.refusal', { max: 5, names: 'a.png, b.png', count: 2 })).toMatch(/b\.png were not added/);
  });

  it('translates nested Texts in the same language', () => {
    const t = text('photos.importFailed', { file: 'x.zip', reason: text('photos.storageFull') });
    expect(renderText('en', t)).toBe('x.zip could not be imported: the browser has no more storage space for this site, so nothing was added');
    expect(renderText('vi', t)).toBe('Không nhập được x.zip: trình duyệt đã hết chỗ lưu trữ cho trang này, nên không có gì được thêm');
  });

  it('leaves a placeholder without a value visible', () => {
    expect(translate(en, 'status.reading')).toBe('Reading {file}…');
  });

  it('is bound to a locale by translator()', () => {
    expect(translator('vi')('turn.images', { count: 2 })).toBe('2 ảnh');
    expect(translator('en')('turn.images', { count: 2 })).toBe('2 images');
  });
});

describe('pickLocale', () => {
  it('the saved choice wins', () => {
    expect(pickLocale('en', ['vi-VN'])).toBe('en');
    expect(pickLocale('vi', ['en-US'])).toBe('vi');
  });
  it('else the first Vietnamese browser language', () => {
    expect(pickLocale(null, ['fr-FR', 'vi-VN', 'en'])).toBe('vi');
    expect(pickLocale(undefined, ['vi'])).toBe('vi');
    expect(pickLocale('klingon', ['VI'])).toBe('vi');
  });
  it('else English', () => {
    expect(pickLocale(null, ['en-GB', 'fr'])).toBe('en');
    expect(pickLocale(null, ['video'])).toBe('en');
    expect(pickLocale(null, [])).toBe('en');
    expect(pickLocale(null, undefined)).toBe('en');
  });
  it('reads and saves the choice in storage, and tolerates blocked storage', () => {
    const s = memoryStorage();
    expect(readLocale(s)).toBeNull();
    saveLocale(s, 'vi');
    expect(s.m.get(LOCALE_KEY)).toBe('vi');
    expect(readLocale(s)).toBe('vi');
    expect(readLocale(memoryStorage({ [LOCALE_KEY]: 'de' }))).toBeNull();
    expect(readLocale({ getItem: () => { throw new Error('blocked'); } })).toBeNull();
    expect(() => saveLocale({ setItem: () => { throw new Error('blocked'); } }, 'en')).not.toThrow();
  });
  it('sets lang on the root element', () => {
    const attrs = new Map<string, string>();
    applyLocale({ setAttribute: (n, v) => void attrs.set(n, v) }, 'vi');
    expect(attrs.get('lang')).toBe('vi');
  });
});

describe('messages from the workers and the core', () => {
  /** [the message the code makes, the English sentence it is shown as] */
  const samples: [Text, string][] = [
    [thrown(() => checkInput(new Uint8Array(0), 'a.png')), 'a.png: the file is empty (0 bytes)'],
    [thrown(() => checkInput(new TextEncoder().encode('hello, not an image'), 'notes.jpg')), 'notes.jpg: not an image file (JPEG, PNG, GIF, WebP, BMP or AVIF expected)'],
    [thrown(() => checkInput(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'd.svg')), 'd.svg: SVG (vector drawings are not searched) is not supported'],
    [thrown(() => checkSize(4, 6, 'tiny.png')), 'tiny.png: the image is 4×6 px; at least 10×10 is needed'],
    [thrown(() => checkSize(20000, 10000, 'huge.png')), 'huge.png: the image is 20000×10000 px (200 MP); the limit is 120 MP'],
    [devicePlans('auto', 'auto', { adapter: false, shaderF16: false, reason: message('worker.noWebGpu') })[0].fallbackReason!, 'this browser has no WebGPU'],
    [message('worker.translatorNotShipped', { model: 'Xenova/opus-mt-vi-en' }), 'the translation model "Xenova/opus-mt-vi-en" is not shipped with this site and downloads are off'],
    [message('worker.noteGallerySkipped', { reason: message('worker.httpError', { file: 'gallery/manifest.json', status: '404' }) }), 'the demo gallery was skipped (could not download gallery/manifest.json (HTTP 404))'],
    [message('worker.noteExact', { index: 'ivf', measure: 'l1' }), 'the ivf index ranks by cosine, so l1 was searched exactly'],
    [message('worker.crashed', { name: 'image', reason: 'out of memory' }), 'the image worker stopped (out of memory); try again'],
    [message('worker.decoderStopped'), 'the decoder stopped while reading this file (it may be too large for this device)'],
  ];

  it('are data, shown in English word for word', () => {
    for (const [t, sentence] of samples) {
      expect(t.key).not.toBe('error.raw');
      expect(renderText('en', t)).toBe(sentence);
      expect(english(t)).toBe(sentence);
    }
  });

  it('are shown in Vietnamese, nested reasons and file names included', () => {
    expect(renderText('vi', samples[0][0])).toBe('a.png: tệp trống (0 byte)');
    expect(renderText('vi', samples[3][0])).toBe('tiny.png: ảnh có kích thước 4×6 px; cần ít nhất 10×10');
    expect(renderText('vi', samples[2][0])).toBe('d.svg: chưa hỗ trợ SVG (không tìm trong hình vẽ vectơ)');
    expect(renderText('vi', samples[7][0])).toBe('đã bỏ qua thư viện ảnh mẫu (không tải xuống được gallery/manifest.json (HTTP 404))');
    expect(renderText('vi', forVisitors(unavailableReason('Xenova/clip-vit-base-patch32')))).toContain('không có sẵn trên trang này');
  });

  it('a plain string (a browser\'s own words) is kept as it is', () => {
    const t = asText(sentenceOf(new TypeError('Failed to fetch')));
    expect(t.key).toBe('error.raw');
    expect(renderText('vi', t)).toBe('Failed to fetch');
  });

  it('include the archive errors of an import', async () => {
    const error = await importCollection(new Uint8Array([1, 2, 3]), { id: 'x', now: 0 }).then(() => undefined, (e: ArchiveError) => e);
    const t = error!.text;
    expect(t.key).toBe('worker.archiveRefused');
    expect(renderText('en', t)).toBe(error!.message);
    expect(renderText('vi', t)).toBe('Không nhập được tệp nén: đây không phải tệp zip (không có bản ghi kết thúc tệp nén).');
  });

  it('include the refusals of a file outside the gallery and of a model id that is not one', () => {
    const manifest = { engines: { classic: { file: 'https://evil.example/v.bin' } } } as unknown as GalleryManifest;
    const outside = asText(sentenceOf((() => { try { checkManifestFiles(manifest); } catch (e) { return e; } })()));
    expect(renderText('vi', outside)).toBe('tệp mô tả thư viện ảnh nêu https://evil.example/v.bin, không phải một tệp nằm trong thư mục thư viện; không tải gì từ đó');
    const model = hubModelIdProblem('//evil.example/x')!;
    expect(model.key).toBe('worker.badModelId');
    expect(renderText('vi', model)).toBe('"//evil.example/x" không phải mã mô hình Hugging Face (chủ/tên: chữ cái, chữ số, - _ .)');
  });

  it('include how a search ranked, step by step', () => {
    const parts = ([{ kind: 'exact', scanner: 'wasm-simd' }, { kind: 'ivf', nprobe: 8 }] as const).map(rankingText);
    expect(parts.map((p) => renderText('en', p)).join(' + ')).toBe('exact, WebAssembly SIMD scan + IVF, nprobe 8');
    expect(parts.map((p) => renderText('vi', p)).join(' + ')).toBe('chính xác, quét bằng WebAssembly SIMD + IVF, dò 8 danh sách');
  });
});

describe('numbers and units in Vietnamese', () => {
  it('use a decimal comma and Vietnamese time units', () => {
    expect(formatScore(0.9234, 'cosine')).toBe('0.923');
    expect(formatScore(0.9234, 'cosine', 'vi')).toBe('0,923');
    expect(formatScore(12345.6, 'l1', 'vi')).toBe('12.346');
    expect(formatBytes(1_500_000, 'vi')).toBe('1,5 MB');
    expect(formatBytes(10_737_418_240)).toBe('10.7 GB'); // a browser's storage quota, not '10737.4 MB'
    expect(formatBytes(10_737_418_240, 'vi')).toBe('10,7 GB');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(200_000, 'vi')).toBe('3 phút 20 giây');
    expect(formatDuration(3_900_000, 'vi')).toBe('1 giờ 05 phút');
  });
});
