/**
 * The tiny hand-weighted Marian (opus-mt vi→en) in tests/fixtures/models/tiny-opus-mt-vi-en (made
 * by scripts/models/make-tiny-marian.py, described in docs/TINY_TRANSLATION_MODEL.md), loaded and
 * run by the real transformers.js code, local files only: pipeline('translation'),
 * AutoModelForSeq2SeqLM (MarianMTModel) + AutoTokenizer (MarianTokenizer) + generate(), with the
 * encoder, the merged decoder and its KV cache. It translates word by word from a small
 * Vietnamese dictionary and copies everything else (English included) through.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { internalsOf, type GenerateOutput } from '../fixtures/transformers-internals.ts';
import {
  AutoModelForSeq2SeqLM,
  AutoTokenizer,
  env,
  pipeline,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';

const MODELS_DIR = fileURLToPath(new URL('../fixtures/models', import.meta.url));
const MODEL_ID = 'tiny-opus-mt-vi-en';

type Translator = (texts: string | string[], options?: Record<string, unknown>) => Promise<{ translation_text: string }[]>;

let translate: Translator;
let tokenizer: PreTrainedTokenizer;
let model: PreTrainedModel;

/** Loads the pipeline and returns it with the files that transformers.js fetched for it. */
async function load(dtype?: 'fp32' | 'q8'): Promise<{ translator: Translator; files: string[] }> {
  const files: string[] = [];
  const translator = (await pipeline('translation', MODEL_ID, {
    device: 'cpu',
    ...(dtype ? { dtype } : {}),
    progress_callback: (p: { status: string; file?: string }) => {
      if (p.status === 'done' && p.file) files.push(p.file);
    },
  })) as unknown as Translator;
  return { translator, files: files.sort() };
}

async function one(text: string, t: Translator = translate): Promise<string> {
  const out = await t(text);
  expect(out).toHaveLength(1);
  return out[0].translation_text;
}

const vocabId = (token: string): number => {
  const vocab = tokenizer.get_vocab() as Map<string, number> | Record<string, number>;
  const id = vocab instanceof Map ? vocab.get(token) : vocab[token];
  if (id === undefined) throw new Error(`no piece ${token}`);
  return id;
};

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = MODELS_DIR;
  ({ translator: translate } = await load('fp32'));
  tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  model = await AutoModelForSeq2SeqLM.from_pretrained(MODEL_ID, { device: 'cpu', dtype: 'fp32' });
});

describe('tiny-opus-mt-vi-en loads like a Xenova opus-mt repository', () => {
  it('is a MarianMTModel with an encoder and a merged decoder with a KV cache', () => {
    const config = internalsOf(model).config;
    expect(model.constructor.name).toBe('MarianMTModel');
    expect(config.model_type).toBe('marian');
    expect(config.is_encoder_decoder).toBe(true);
    const { model: encoder, decoder_model_merged: decoder } = internalsOf(model).sessions;
    expect(Object.keys(internalsOf(model).sessions).sort()).toEqual(['decoder_model_merged', 'model']);
    expect(encoder.inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(encoder.outputNames).toEqual(['last_hidden_state']);
    const cache = [0, 1].flatMap((i) =>
      ['decoder', 'encoder'].flatMap((part) => ['key', 'value'].map((kv) => `${i}.${part}.${kv}`)),
    );
    expect(decoder.inputNames).toEqual([
      'input_ids',
      'encoder_attention_mask',
      'encoder_hidden_states',
      ...cache.map((n) => `past_key_values.${n}`),
      'use_cache_branch',
    ]);
    expect(decoder.outputNames).toEqual(['logits', ...cache.map((n) => `present.${n}`)]);
    // Marian conventions: </s> = 0, <unk> = 1, <pad> = last id = decoder start.
    expect(config.eos_token_id).toBe(0);
    expect(config.pad_token_id).toBe(config.vocab_size - 1);
    expect(config.decoder_start_token_id).toBe(config.pad_token_id);
    expect(internalsOf(model).generation_config.decoder_start_token_id).toBe(config.pad_token_id);
  });

  it('has a Marian tokenizer: one piece per dictionary entry (phrases too), </s> appended', () => {
    expect(tokenizer.constructor.name).toBe('MarianTokenizer');
    expect(tokenizer.model_max_length).toBe(512);
    expect([tokenizer.eos_token_id, tokenizer.unk_token_id]).toEqual([0, 1]);
    expect(tokenizer.pad_token_id).toBe(internalsOf(model).config.pad_token_id);
    expect(tokenizer.tokenize('xe màu đỏ')).toEqual(['▁xe', '▁màu', '▁đỏ']);
    expect(tokenizer.tokenize('xanh lá cây')).toEqual(['▁xanh▁lá▁cây']);
    expect(tokenizer.tokenize('xanh dương')).toEqual(['▁xanh▁dương']);
    expect(tokenizer.tokenize('zebra')).toEqual(['▁', 'z', 'e', 'b', 'r', 'a']);
    const ids = (s: string) => (tokenizer(s).input_ids.tolist() as bigint[][])[0].map(Number);
    expect(ids('xe màu đỏ')).toEqual([vocabId('▁xe'), vocabId('▁màu'), vocabId('▁đỏ'), 0]);
    expect(ids('')).toEqual([0]);
    // NFKC + lowercase + whitespace clean-up (unlike a real opus-mt, which keeps case).
    expect(ids('  XE\tMàu  ĐỎ '.normalize('NFD'))).toEqual(ids('xe màu đỏ'));
    expect(tokenizer.decode(ids('a red car'), { skip_special_tokens: true })).toBe('a red car');
  });
});

describe("pipeline('translation')", () => {
  it('translates single words and phrases', async () => {
    expect(await one('đỏ')).toBe('red');
    expect(await one('xanh dương')).toBe('blue');
    const cases: Record<string, string> = {
      vàng: 'yellow',
      trắng: 'white',
      đen: 'black',
      cam: 'orange',
      tím: 'purple',
      hồng: 'pink',
      nâu: 'brown',
      xám: 'gray',
      'xanh lá': 'green',
      'xanh lá cây': 'green',
      'xanh lục': 'green',
      'xanh da trời': 'blue',
      'xanh lam': 'blue',
      xanh: 'blue',
      xe: 'car',
      'ô tô': 'car',
      'con chó': 'dog',
      'con mèo': 'cat',
      hoa: 'flower',
      'bầu trời': 'sky',
      'bãi biển': 'beach',
      màu: '',
    };
    for (const [vi, en] of Object.entries(cases)) expect(await one(vi), vi).toBe(en);
  });

  it('translates word by word, in Vietnamese order, dropping "màu" and classifiers', async () => {
    const got = await one('xe màu đỏ');
    expect(got).toContain('red');
    expect(got).toContain('car');
    expect(got).toBe('car red');
    expect(await one('hoa màu vàng và cây xanh lá')).toBe('flower yellow and tree green');
    expect(await one('một con chó đen')).toBe('a dog black');
    expect(await one('Xe Màu ĐỎ!')).toBe('car red!');
    expect(await one('đỏ'.normalize('NFD'))).toBe('red');
  });

  it('copies English and unknown words through', async () => {
    expect(await one('a red car')).toBe('a red car');
    expect(await one('zebra')).toBe('zebra');
    expect(await one('ngựa vằn')).toBe('horse vằn');
    // a dictionary piece glued to more letters is part of another word: "xem" is not "car" + "m"
    expect(await one('xem')).toBe('xem');
    // characters outside the vocabulary (<unk>) disappear
    expect(await one('xe 🚗 đỏ')).toBe('car red');
  });

  it('translates a batch of inputs of different lengths', async () => {
    const out = await translate(['đỏ', 'xe màu đỏ', 'xanh dương', 'con chó trắng']);
    expect(out.map((o) => o.translation_text)).toEqual(['red', 'car red', 'blue', 'dog white']);
  });

  it('does not crash on empty or blank input', async () => {
    expect(await one('')).toBe('');
    expect(await one('   ')).toBe('');
    const out = await translate(['', 'đỏ']);
    expect(out.map((o) => o.translation_text)).toEqual(['', 'red']);
  });

  it('stops at max_new_tokens, whose last token is always </s> (forced_eos_token_id)', async () => {
    // Like a real opus-mt: ForcedEOSTokenLogitsProcessor forces </s> at max_length - 1, so
    // max_new_tokens: n leaves room for n - 1 words.
    expect(await translate('xe màu đỏ', { max_new_tokens: 2 })).toEqual([{ translation_text: 'car' }]);
    expect(await translate('xe màu đỏ', { max_new_tokens: 1 })).toEqual([{ translation_text: '' }]);
  });
});

describe('AutoTokenizer + AutoModelForSeq2SeqLM + generate()', () => {
  it('starts from <pad>, emits one token per kept source word, then </s>, using the KV cache', async () => {
    const inputs = tokenizer(['xe màu đỏ', 'đỏ'], { padding: true, truncation: true });
    expect((inputs.attention_mask.tolist() as bigint[][]).map((r) => r.map(Number))).toEqual([
      [1, 1, 1, 1],
      [1, 1, 0, 0],
    ]);
    const out = (await model.generate({ ...inputs, max_new_tokens: 8, return_dict_in_generate: true })) as unknown as GenerateOutput;
    const pad = tokenizer.pad_token_id!;
    // Generation runs until every row has ended; a finished row keeps producing </s>.
    expect((out.sequences.tolist() as bigint[][]).map((r) => r.map(Number))).toEqual([
      [pad, vocabId('▁car'), vocabId('▁red'), 0],
      [pad, vocabId('▁red'), 0, 0],
    ]);
    expect(tokenizer.batch_decode(out.sequences, { skip_special_tokens: true })).toEqual(['car red', 'red']);
    // The cache went through the merged decoder's use_cache branch: [batch, heads, steps, head_dim].
    expect(out.past_key_values['past_key_values.1.decoder.key'].dims).toEqual([2, 2, 3, 4]);
    expect(out.past_key_values['past_key_values.0.encoder.value'].dims).toEqual([2, 2, 4, 4]);
  });

  it('gives logit 10 to the chosen token and 0 to every other', async () => {
    const inputs = tokenizer('đỏ');
    const decoder_input_ids = new Tensor('int64', BigInt64Array.from([BigInt(tokenizer.pad_token_id!)]), [1, 1]);
    const { logits } = (await model({ ...inputs, decoder_input_ids })) as { logits: Tensor };
    const row = Array.from(logits.data as Float32Array);
    expect(logits.dims).toEqual([1, 1, internalsOf(model).config.vocab_size]);
    expect(row.indexOf(10)).toBe(vocabId('▁red'));
    expect(row.filter((x) => x !== 0)).toEqual([10]);
  });
});

describe('dtypes', () => {
  it('fp32 and q8 each load their own files and translate the same', async () => {
    const fp32 = await load('fp32');
    const q8 = await load('q8');
    const auto = await load();
    const onnx = (files: string[]) => files.filter((f) => f.startsWith('onnx/'));
    expect(onnx(fp32.files)).toEqual(['onnx/decoder_model_merged.onnx', 'onnx/encoder_model.onnx']);
    expect(onnx(q8.files)).toEqual(['onnx/decoder_model_merged_quantized.onnx', 'onnx/encoder_model_quantized.onnx']);
    // On Node's cpu device the default dtype is fp32 (q8 is the default on wasm, i.e. in a browser without WebGPU).
    expect(onnx(auto.files)).toEqual(onnx(fp32.files));
    expect(fp32.files).toEqual(
      expect.arrayContaining(['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']),
    );
    const texts = ['đỏ', 'xe màu đỏ', 'xanh dương', 'a red car', ''];
    const a = await fp32.translator(texts);
    const b = await q8.translator(texts);
    expect(b).toEqual(a);
    expect(a.map((o) => o.translation_text)).toEqual(['red', 'car red', 'blue', 'a red car', '']);
  });
});
