/**
 * Messages as data (src/lib/messages/): every code the workers and the core send renders in
 * English and Vietnamese, a plain or stored old sentence is shown as it is, and the English a Node
 * CLI prints is the English the page shows — both come from one dictionary.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/lib/i18n/en.ts';
import { vi } from '../../src/lib/i18n/vi.ts';
import { placeholders } from '../../src/lib/i18n/translate.ts';
import { text, type MessageKey, type Params } from '../../src/lib/i18n/types.ts';
import { checkInput, checkSize } from '../../src/lib/image/sniff.ts';
import { english } from '../../src/lib/messages/english.ts';
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { rankingText, type RankingStep } from '../../src/lib/messages/ranking.ts';
import { message, plainWherePossible, raw } from '../../src/lib/messages/sentence.ts';
import { forVisitors } from '../../src/lib/messages/visitor.ts';
import { LocaleState } from '../../src/state/locale.svelte.ts';
import { toWorkerErrorData, WorkerError } from '../../src/protocol/errors.ts';

const workerKeys = (Object.keys(en) as MessageKey[]).filter((k) => k.startsWith('worker.') || k.startsWith('method.'));

/** Every placeholder of a key filled with a value that shows where it went. */
function sampleParams(key: MessageKey): Params {
  const message = en[key];
  return Object.fromEntries(placeholders(message).map((name) => [name, name === 'count' ? 3 : `<${name}>`]));
}

function page(locale: 'en' | 'vi'): LocaleState {
  const state = new LocaleState();
  state.locale = locale;
  return state;
}

describe('every message code of the workers and the core', () => {
  it('is there to send (a fair number of them)', () => {
    expect(workerKeys.length).toBeGreaterThan(90);
  });

  it.each(workerKeys)('%s renders in English and in Vietnamese, every placeholder filled', (key) => {
    const t = text(key, sampleParams(key));
    for (const locale of ['en', 'vi'] as const) {
      const shown = page(locale).text(t);
      expect(shown).not.toMatch(/\{\w+\}/);
      for (const name of placeholders(en[key])) if (name !== 'count') expect(shown).toContain(`<${name}>`);
    }
    if (key !== 'worker.fullStop') expect(page('vi').text(t)).not.toBe(page('en').text(t));
    expect(Object.hasOwn(vi, key)).toBe(true);
  });

  it('how a search ranked renders step by step in both languages', () => {
    const steps: RankingStep[] = [{ kind: 'exact', scanner: 'typescript' }, { kind: 'ivf', nprobe: 8 }, { kind: 'cluster', probed: 3 }];
    expect(page('en').method(steps)).toBe('exact, TypeScript scan + IVF, nprobe 8 + spectral clusters, 3 probed');
    expect(page('vi').method(steps)).not.toMatch(/scan|probed/);
    expect(steps.map((s) => english(rankingText(s))).join(' + ')).toBe(page('en').method(steps));
  });
});

describe('a sentence that is not a message', () => {
  it('a browser\'s own error text is shown as it is, in every language', () => {
    const error = toWorkerErrorData(new TypeError('Failed to fetch'));
    expect(error.text).toEqual(raw('Failed to fetch'));
    expect(page('vi').error(error)).toBe('Failed to fetch');
    expect(page('en').error(error)).toBe('Failed to fetch');
  });

  it('an English skip reason stored by an earlier version is shown as it is', () => {
    const stored = 'the image is 4×6 px; at least 10×10 is needed';
    expect(page('vi').text(stored)).toBe(stored);
    expect(english(stored)).toBe(stored);
  });

  it('a plain text is stored as the string itself, a message as data', () => {
    expect(plainWherePossible(raw('the file is text, not an image'))).toBe('the file is text, not an image');
    expect(plainWherePossible(message('worker.empty'))).toEqual(message('worker.empty'));
  });

  it('an unknown key from some other version shows its key, never breaks the page', () => {
    const t = { key: 'worker.somethingNew' as MessageKey };
    expect(page('vi').text(t)).toBe('worker.somethingNew');
  });
});

describe('the English of the Node CLIs is the English of the page', () => {
  it('for every message code but the deployer\'s (the page shows a visitor\'s version of those)', () => {
    for (const key of workerKeys) {
      const t = text(key, sampleParams(key));
      if (forVisitors(t).key !== key) continue;
      expect(page('en').text(t), key).toBe(english(t));
    }
  });

  it('for the errors a decoder throws (Error.message is what a CLI prints)', () => {
    for (const f of [() => checkInput(new Uint8Array(0), 'a.png'), () => checkSize(4, 6, 'tiny.png'), () => checkInput(new TextEncoder().encode('<svg></svg>'), 'd.svg')]) {
      let thrown: unknown;
      try { f(); } catch (e) { thrown = e; }
      expect(page('en').error(toWorkerErrorData(thrown))).toBe((thrown as Error).message);
      expect(page('en').text(sentenceOf(thrown))).toBe((thrown as Error).message);
    }
  });

  it('for a worker error after it crossed to the page', () => {
    const error = WorkerError.fromData(new WorkerError({ code: 'network', message: message('worker.httpError', { file: 'manifest.json', status: '404' }) }).toJSON());
    expect(error.message).toBe('could not download manifest.json (HTTP 404)');
    expect(page('en').error(error)).toBe(error.message);
    expect(page('vi').error(error)).toBe('không tải xuống được manifest.json (HTTP 404)');
  });
});
