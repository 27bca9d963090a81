#!/usr/bin/python3
"""Generate a tiny, hand-weighted Marian (opus-mt) translation model folder for transformers.js.

Usage:  /usr/bin/python3 scripts/models/make-tiny-marian.py OUT_DIR

Needs only numpy and onnx (Debian: python3-numpy, python3-onnx; onnx 1.12 is enough).
The output is deterministic: the same bytes on every run.

The folder has the layout of a Xenova/opus-mt-* repository, so transformers.js loads it with
pipeline('translation', ...), AutoModelForSeq2SeqLM (-> MarianMTModel) and AutoTokenizer
(-> MarianTokenizer), and runs it through the real encoder + merged-decoder + KV-cache
generate() loop:

  config.json                 model_type "marian", is_encoder_decoder, d_model 8, 2 decoder layers
                              x 2 heads, pad = decoder_start = last id, eos = 0
  generation_config.json      greedy (num_beams 1), bad_words_ids [[pad]], forced_eos_token_id 0
  tokenizer.json              SentencePiece-style Unigram + Metaspace (no split), </s> appended
  tokenizer_config.json       MarianTokenizer, model_max_length 512
  special_tokens_map.json
  vocab.json                  piece -> id, like the real repos (transformers.js does not read it)
  onnx/encoder_model{,_quantized}.onnx
      input_ids, attention_mask int64 [B,S] -> last_hidden_state float32 [B,S,8]
  onnx/decoder_model_merged{,_quantized}.onnx
      input_ids int64 [B,L], encoder_attention_mask int64 [B,S],
      encoder_hidden_states float32 [B,S,8],
      past_key_values.{0,1}.{decoder,encoder}.{key,value} float32 [B,2,*,4], use_cache_branch bool [1]
      -> logits float32 [B,L,V], present.{0,1}.{decoder,encoder}.{key,value}

What the weights do (see docs/TINY_TRANSLATION_MODEL.md): a word-by-word dictionary.
  * The tokenizer turns every dictionary entry, even a phrase such as "xanh lá cây", into ONE
    piece (Unigram prefers fewer pieces), and anything else into "▁" + single characters.
  * The encoder looks each piece up: its output id (the English piece, the piece itself for
    English and unknown text, nothing for dropped words like "màu"), a keep flag, and the rank of
    the piece among the kept ones (a cumulative sum). A dictionary piece glued to following
    letters ("xem" = "▁xe" + "m") is copied, not translated.
  * The decoder reads how many tokens it has produced from the length of its KV cache, emits the
    output id of the kept piece whose rank is one more, and </s> when there is none.
The _quantized files hold the same float graph (there are no weight matrices worth quantising);
only their doc strings differ.
"""

import json
import os
import sys
import unicodedata

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# --------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------

D_MODEL = 8  # last_hidden_state width = decoder_attention_heads * head_dim
DECODER_LAYERS = 2
HEADS = 2
HEAD_DIM = D_MODEL // HEADS
LOGIT = 10.0  # logit of the chosen token; every other token gets 0
MAX_LENGTH = 512  # model_max_length / max_position_embeddings, like opus-mt
OPSET = 17
IR_VERSION = 8

EOS = "</s>"
UNK = "<unk>"
PAD = "<pad>"
SPACE = "\u2581"  # "▁", SentencePiece's word-start marker

# Unigram scores: every word or phrase piece beats spelling it out letter by letter, and a longer
# phrase beats its words (fewer pieces wins when all scores are equal and negative).
WORD_SCORE = -1.0
CHAR_SCORE = -3.0

# Vietnamese (NFC, lowercase) -> English word, or None for a word that is dropped. Phrases are
# single pieces. Vietnamese wins over an English word spelled the same ("cam").
DICTIONARY = {
    # colours ("xanh" alone is blue-or-green; opus-mt usually says "blue")
    "đỏ": "red",
    "cam": "orange",
    "vàng": "yellow",
    "xanh lá": "green",
    "xanh lá cây": "green",
    "xanh lục": "green",
    "xanh dương": "blue",
    "xanh da trời": "blue",
    "xanh lam": "blue",
    "xanh nước biển": "blue",
    "xanh ngọc": "turquoise",
    "xanh": "blue",
    "tím": "purple",
    "hồng": "pink",
    "nâu": "brown",
    "trắng": "white",
    "xám": "gray",
    "đen": "black",
    "bạc": "silver",
    # words that English leaves out: "colour" before a colour name, classifiers, plural markers
    "màu": None,
    "con": None,
    "cái": None,
    "chiếc": None,
    "bông": None,
    "những": None,
    "các": None,
    # small words
    "một": "a",
    "và": "and",
    "của": "of",
    "trên": "on",
    "dưới": "under",
    "trong": "in",
    "với": "with",
    "lớn": "big",
    "nhỏ": "small",
    "đẹp": "beautiful",
    "cũ": "old",
    "mới": "new",
    # things
    "xe": "car",
    "xe hơi": "car",
    "ô tô": "car",
    "xe ô tô": "car",
    "xe máy": "motorbike",
    "xe đạp": "bicycle",
    "xe buýt": "bus",
    "xe tải": "truck",
    "tàu hỏa": "train",
    "thuyền": "boat",
    "máy bay": "airplane",
    "con chó": "dog",
    "chó": "dog",
    "mèo": "cat",
    "chim": "bird",
    "cá": "fish",
    "ngựa": "horse",
    "bò": "cow",
    "hoa": "flower",
    "cây": "tree",
    "lá": "leaf",
    "cỏ": "grass",
    "rừng": "forest",
    "núi": "mountain",
    "biển": "sea",
    "bãi biển": "beach",
    "sông": "river",
    "hồ": "lake",
    "bầu trời": "sky",
    "trời": "sky",
    "mây": "cloud",
    "mặt trời": "sun",
    "mặt trăng": "moon",
    "hoàng hôn": "sunset",
    "tuyết": "snow",
    "nhà": "house",
    "thành phố": "city",
    "đường": "road",
    "cầu": "bridge",
    "người": "person",
    "đàn ông": "man",
    "phụ nữ": "woman",
    "em bé": "baby",
    "trẻ em": "child",
    "áo": "shirt",
    "váy": "dress",
    "mũ": "hat",
    "giày": "shoes",
    "táo": "apple",
    "quả táo": "apple",
    "chuối": "banana",
    "bánh": "cake",
    "bàn": "table",
    "ghế": "chair",
    "sách": "book",
    "điện thoại": "phone",
    "máy tính": "computer",
    "ảnh": "photo",
    "đêm": "night",
}

# English words that are single pieces (besides the dictionary's targets). They, like every other
# non-dictionary text, are copied through unchanged.
ENGLISH = [
    "a", "an", "the", "of", "and", "on", "in", "with", "at",
    "colour", "color", "grey", "cyan", "magenta", "violet", "navy", "gold",
    "photo", "picture", "image", "car", "dog", "cat", "flower",
]

# Letters: a-z, then every Vietnamese vowel with each of its five tone marks, and đ.
_VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
_TONES = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
LETTERS = (
    [chr(c) for c in range(ord("a"), ord("z") + 1)]
    + ["ă", "â", "ê", "ô", "ơ", "ư", "đ"]
    + [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES]
)
DIGITS = [str(d) for d in range(10)]
# Punctuation ends a word: "đỏ!" is still translated. Letters and digits continue one.
PUNCTUATION = list(".,!?;:'\"()[]-/&+#%*@_")


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------


def piece(text):
    """The SentencePiece piece for a word or phrase: '▁' before every word."""
    return "".join(SPACE + w for w in text.split(" "))


def build_vocab():
    """-> (pieces [(piece, score)], ids {piece: id}, tables {name: [V] float32}).

    Tables, indexed by piece id:
      translated   output id when the piece is a whole word (its English piece, else itself)
      keep         1 if a whole-word piece produces output, 0 if it is dropped
      copied       output id when the piece is glued to following letters (itself; <unk> -> "▁")
      starts_word  1 if the piece ends the word before it ("▁..." pieces, punctuation, specials)
    """
    pieces = [(EOS, 0.0), (UNK, 0.0), (SPACE, CHAR_SCORE)]
    pieces += [(c, CHAR_SCORE) for c in LETTERS + DIGITS + PUNCTUATION]
    english = []
    for w in ENGLISH + [t for t in DICTIONARY.values() if t is not None]:
        if w not in english:
            english.append(w)
    pieces += [(piece(w), WORD_SCORE) for w in english]
    for src in DICTIONARY:
        assert unicodedata.normalize("NFC", src) == src and src.lower() == src, src
        assert " ".join(src.split()) == src, src
        pieces += [(piece(src), WORD_SCORE)]
    pieces += [(PAD, 0.0)]

    ids = {}
    for i, (p, _) in enumerate(pieces):
        if p in ids:
            raise SystemExit(f"duplicate piece {p!r}: a Vietnamese entry collides with English")
        ids[p] = i
    for c in LETTERS + DIGITS + PUNCTUATION:
        assert len(c) == 1, c

    n = len(pieces)
    out_id = np.arange(n, dtype=np.float32)  # copy by default
    keep = np.ones(n, dtype=np.float32)
    copied = np.arange(n, dtype=np.float32)
    starts_word = np.zeros(n, dtype=np.float32)
    for p, i in ids.items():
        if p.startswith(SPACE) or p in PUNCTUATION:
            starts_word[i] = 1.0
    for special in (EOS, UNK, PAD):
        keep[ids[special]] = 0.0
        starts_word[ids[special]] = 1.0
    # A lone "▁" only matters before letters it does not cover ("▁" "z" "e" "b" "r" "a"); before a
    # word, punctuation, <unk> or the end it is dropped, so "xe 🚗 đỏ" gives "car red", not "car  red".
    keep[ids[SPACE]] = 0.0
    # An unknown character glued to letters ("🚗abc") becomes a word break rather than nothing.
    copied[ids[UNK]] = ids[SPACE]
    for src, tgt in DICTIONARY.items():
        i = ids[piece(src)]
        if tgt is None:
            keep[i] = 0.0
        else:
            out_id[i] = ids[piece(tgt)]
    tables = {"translated": out_id, "keep": keep, "copied": copied, "starts_word": starts_word}
    return pieces, ids, tables


# --------------------------------------------------------------------------------------------
# Tokenizer files
# --------------------------------------------------------------------------------------------


def tokenizer_json(pieces, ids):
    def added(tok):
        return {
            "id": ids[tok], "content": tok, "single_word": False, "lstrip": False,
            "rstrip": False, "normalized": False, "special": True,
        }

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(EOS), added(UNK), added(PAD)],
        # Real opus-mt uses SentencePiece's precompiled nmt_nfkc map and keeps case. This one
        # composes (NFKC), lowercases, and collapses and trims whitespace.
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "NFKC"},
                {"type": "Lowercase"},
                {"type": "Replace", "pattern": {"Regex": r"\s+"}, "content": " "},
                {"type": "Strip", "strip_left": True, "strip_right": True},
            ],
        },
        # split: false keeps "▁xanh▁lá▁cây" whole so that a phrase can be one piece (the JS
        # Metaspace never splits; the Rust one does unless split is false).
        "pre_tokenizer": {"type": "Metaspace", "replacement": SPACE, "prepend_scheme": "always", "split": False},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": EOS, "type_id": 0}}],
            "pair": [
                {"Sequence": {"id": "A", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 0}},
                {"SpecialToken": {"id": EOS, "type_id": 0}},
            ],
            "special_tokens": {EOS: {"id": EOS, "ids": [ids[EOS]], "tokens": [EOS]}},
        },
        "decoder": {"type": "Metaspace", "replacement": SPACE, "prepend_scheme": "always", "split": False},
        "model": {
            "type": "Unigram",
            "unk_id": ids[UNK],
            "vocab": [[p, s] for p, s in pieces],
            "byte_fallback": False,
        },
    }


# --------------------------------------------------------------------------------------------
# ONNX graphs
# --------------------------------------------------------------------------------------------


def const(inits, name, array, dtype):
    inits.append(numpy_helper.from_array(np.asarray(array, dtype=dtype), name))
    return name


def finish_model(graph_name, nodes, inits, inputs, outputs, doc):
    graph = helper.make_graph(nodes, graph_name, inputs, outputs, initializer=inits, doc_string=doc)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="make-tiny-marian.py",
        producer_version="1",
        doc_string=doc,
    )
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def encoder_model(variant, tables):
    """last_hidden_state[b,s] = [output id, keep, rank, source id, next piece starts a word, 0, 0, 0]."""
    inits, n = [], []
    N = helper.make_node
    for name, table in tables.items():
        const(inits, name + "_table", table, np.float32)
    const(inits, "one", 1.0, np.float32)
    const(inits, "zero", 0.0, np.float32)
    const(inits, "half", 0.5, np.float32)
    const(inits, "slice_start", [1], np.int64)
    const(inits, "slice_end", [np.iinfo(np.int64).max], np.int64)
    const(inits, "axis1", [1], np.int64)
    const(inits, "axis1_scalar", 1, np.int64)
    const(inits, "axis2", [2], np.int64)
    const(inits, "pad_last", [0, 0, 0, 1], np.int64)  # one extra column on the right

    n += [
        N("Cast", ["input_ids"], ["src_id"], to=TensorProto.FLOAT),
        N("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        N("Gather", ["translated_table", "input_ids"], ["translated"]),
        N("Gather", ["keep_table", "input_ids"], ["keep_if_translated"]),
        N("Gather", ["copied_table", "input_ids"], ["copied"]),
        N("Gather", ["starts_word_table", "input_ids"], ["starts_word"]),
        # next_starts_word[b,s] = starts_word[b,s+1], 1 after the last position
        N("Slice", ["starts_word", "slice_start", "slice_end", "axis1"], ["starts_word_after"]),
        N("Pad", ["starts_word_after", "pad_last", "one"], ["next_starts_word"], mode="constant"),
        N("Greater", ["next_starts_word", "half"], ["whole_word"]),
        # a piece glued to following letters is copied, not translated (and never dropped)
        N("Where", ["whole_word", "translated", "copied"], ["output_id"]),
        N("Where", ["whole_word", "keep_if_translated", "one"], ["keep_unmasked"]),
        N("Mul", ["keep_unmasked", "mask"], ["keep"]),
        N("CumSum", ["keep", "axis1_scalar"], ["cumulative"]),
        N("Mul", ["cumulative", "keep"], ["rank"]),
        N("Mul", ["src_id", "zero"], ["zeros"]),
    ]
    channels = ["output_id", "keep", "rank", "src_id", "next_starts_word", "zeros", "zeros", "zeros"]
    assert len(channels) == D_MODEL
    for c in dict.fromkeys(channels):
        n.append(N("Unsqueeze", [c, "axis2"], [c + "_3d"]))
    n.append(N("Concat", [c + "_3d" for c in channels], ["last_hidden_state"], axis=2))

    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "encoder_sequence_length"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "encoder_sequence_length"]),
    ]
    outputs = [helper.make_tensor_value_info(
        "last_hidden_state", TensorProto.FLOAT, ["batch_size", "encoder_sequence_length", D_MODEL])]
    doc = (f"tiny-opus-mt-vi-en encoder ({variant}): per piece [output id, keep, rank among kept pieces, "
           "source id, next piece starts a word, 0, 0, 0]. A dictionary lookup, not a trained Marian.")
    return finish_model("tiny_marian_encoder", n, inits, inputs, outputs, doc)


def decoder_model(variant, vocab_size, eos_id):
    """Merged decoder: step t (= KV-cache length + position) emits the kept piece of rank t+1."""
    inits, n = [], []
    N = helper.make_node
    const(inits, "one", 1.0, np.float32)
    const(inits, "zero_f", 0.0, np.float32)
    const(inits, "vocab_size_f", float(vocab_size), np.float32)
    const(inits, "eos_f", float(eos_id), np.float32)
    const(inits, "logit", LOGIT, np.float32)
    const(inits, "step_i", 1, np.int64)
    const(inits, "axis0", [0], np.int64)
    const(inits, "axis1", [1], np.int64)
    const(inits, "axis2", [2], np.int64)
    const(inits, "ch_output_id", 0, np.int64)
    const(inits, "ch_keep", 1, np.int64)
    const(inits, "ch_rank", 2, np.int64)
    const(inits, "target_shape", [1, -1, 1], np.int64)
    const(inits, "kv_zero", np.zeros((1, 1, 1, 1)), np.float32)
    const(inits, "head_split_shape", [0, 0, HEADS, HEAD_DIM], np.int64)
    const(inits, "heads", [HEADS], np.int64)
    const(inits, "head_dim", [HEAD_DIM], np.int64)

    past0 = "past_key_values.0.decoder.key"
    n += [
        # how many tokens came before: the decoder cache length, when the cache is in use
        N("Shape", [past0], ["cache_length_raw"], start=2, end=3),
        N("Cast", ["use_cache_branch"], ["use_cache_i"], to=TensorProto.INT64),
        N("Mul", ["cache_length_raw", "use_cache_i"], ["cache_length"]),
        N("Shape", ["input_ids"], ["batch"], start=0, end=1),
        N("Shape", ["input_ids"], ["new_length"], start=1, end=2),
        N("Add", ["cache_length", "new_length"], ["total_length"]),
        N("Squeeze", ["cache_length", "axis0"], ["first_step"]),
        N("Squeeze", ["total_length", "axis0"], ["end_step"]),
        N("Range", ["first_step", "end_step", "step_i"], ["steps"]),  # [L]
        N("Cast", ["steps"], ["steps_f"], to=TensorProto.FLOAT),
        N("Add", ["steps_f", "one"], ["wanted_rank"]),
        N("Reshape", ["wanted_rank", "target_shape"], ["wanted_rank_3d"]),  # [1,L,1]
        # what the encoder worked out
        N("Gather", ["encoder_hidden_states", "ch_output_id"], ["output_id"], axis=2),  # [B,S]
        N("Gather", ["encoder_hidden_states", "ch_keep"], ["keep_raw"], axis=2),
        N("Gather", ["encoder_hidden_states", "ch_rank"], ["rank"], axis=2),
        N("Cast", ["encoder_attention_mask"], ["mask"], to=TensorProto.FLOAT),
        N("Mul", ["keep_raw", "mask"], ["keep"]),
        N("Unsqueeze", ["output_id", "axis1"], ["output_id_3d"]),  # [B,1,S]
        N("Unsqueeze", ["keep", "axis1"], ["keep_3d"]),
        N("Unsqueeze", ["rank", "axis1"], ["rank_3d"]),
        # "cross-attention": one-hot over source positions of the wanted rank
        N("Equal", ["rank_3d", "wanted_rank_3d"], ["is_wanted"]),  # [B,L,S]
        N("Cast", ["is_wanted"], ["is_wanted_f"], to=TensorProto.FLOAT),
        N("Mul", ["is_wanted_f", "keep_3d"], ["attention"]),
        N("Mul", ["attention", "output_id_3d"], ["weighted_id"]),
        N("ReduceSum", ["weighted_id", "axis2"], ["chosen_id"], keepdims=0),  # [B,L]
        N("ReduceSum", ["attention", "axis2"], ["found"], keepdims=0),
        N("Sub", ["one", "found"], ["not_found"]),
        N("Mul", ["not_found", "eos_f"], ["eos_if_done"]),
        N("Add", ["chosen_id", "eos_if_done"], ["next_id"]),
        N("Unsqueeze", ["next_id", "axis2"], ["next_id_3d"]),  # [B,L,1]
        # "LM head": logit LOGIT for the chosen token, 0 for the rest
        N("Range", ["zero_f", "vocab_size_f", "one"], ["vocab_ids"]),  # [V]
        N("Equal", ["next_id_3d", "vocab_ids"], ["is_next"]),  # [B,L,V]
        N("Cast", ["is_next"], ["is_next_f"], to=TensorProto.FLOAT),
        N("Mul", ["is_next_f", "logit"], ["logits"]),
        # new self-attention keys/values for this call: zeros [B,H,L,head_dim]
        N("Concat", ["batch", "heads", "new_length", "head_dim"], ["new_kv_shape"], axis=0),
        N("Expand", ["kv_zero", "new_kv_shape"], ["new_kv"]),
        # cross-attention keys/values, computed from the encoder output: [B,H,S,head_dim]
        N("Reshape", ["encoder_hidden_states", "head_split_shape"], ["encoder_heads"]),
        N("Transpose", ["encoder_heads"], ["encoder_kv"], perm=[0, 2, 1, 3]),
    ]

    kv_names = [(i, part, kv) for i in range(DECODER_LAYERS) for part in ("decoder", "encoder") for kv in ("key", "value")]
    then_nodes, else_nodes, then_outs, else_outs = [], [], [], []
    for i, part, kv in kv_names:
        past = f"past_key_values.{i}.{part}.{kv}"
        tname, ename = f"with_cache.{i}.{part}.{kv}", f"without_cache.{i}.{part}.{kv}"
        if part == "decoder":
            then_nodes.append(N("Concat", [past, "new_kv"], [tname], axis=2))
            else_nodes.append(N("Identity", ["new_kv"], [ename]))
        else:
            then_nodes.append(N("Identity", [past], [tname]))  # reused: the encoder output is fixed
            else_nodes.append(N("Identity", ["encoder_kv"], [ename]))
        then_outs.append(helper.make_tensor_value_info(tname, TensorProto.FLOAT, None))
        else_outs.append(helper.make_tensor_value_info(ename, TensorProto.FLOAT, None))
    then_graph = helper.make_graph(then_nodes, "use_cache", [], then_outs)
    else_graph = helper.make_graph(else_nodes, "no_cache", [], else_outs)
    present = [f"present.{i}.{part}.{kv}" for i, part, kv in kv_names]
    n.append(N("If", ["use_cache_branch"], present, then_branch=then_graph, else_branch=else_graph))

    def past_dims(part):
        seq = "past_decoder_sequence_length" if part == "decoder" else "encoder_sequence_length_out"
        return ["batch_size", HEADS, seq, HEAD_DIM]

    def present_dims(part):
        seq = "past_decoder_sequence_length + 1" if part == "decoder" else "encoder_sequence_length_out"
        return ["batch_size", HEADS, seq, HEAD_DIM]

    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"]),
        helper.make_tensor_value_info("encoder_attention_mask", TensorProto.INT64, ["batch_size", "encoder_sequence_length"]),
        helper.make_tensor_value_info(
            "encoder_hidden_states", TensorProto.FLOAT, ["batch_size", "encoder_sequence_length", D_MODEL]),
    ]
    inputs += [helper.make_tensor_value_info(f"past_key_values.{i}.{part}.{kv}", TensorProto.FLOAT, past_dims(part))
               for i, part, kv in kv_names]
    inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "decoder_sequence_length", vocab_size])]
    outputs += [helper.make_tensor_value_info(f"present.{i}.{part}.{kv}", TensorProto.FLOAT, present_dims(part))
                for i, part, kv in kv_names]
    doc = (f"tiny-opus-mt-vi-en merged decoder ({variant}): step t = KV-cache length + position; emits the "
           f"output id of the kept source piece of rank t+1 (logit {LOGIT}), else </s>. Not a trained Marian.")
    return finish_model("tiny_marian_decoder_merged", n, inits, inputs, outputs, doc)


# --------------------------------------------------------------------------------------------
# Configs and output
# --------------------------------------------------------------------------------------------


def configs(ids):
    vocab_size = len(ids)
    pad_id, eos_id = ids[PAD], ids[EOS]
    config = {
        "_name_or_path": "tiny-opus-mt-vi-en",
        "architectures": ["MarianMTModel"],
        "model_type": "marian",
        "is_encoder_decoder": True,
        "vocab_size": vocab_size,
        "decoder_vocab_size": vocab_size,
        "share_encoder_decoder_embeddings": True,
        "d_model": D_MODEL,
        "encoder_layers": 1,
        "encoder_attention_heads": HEADS,
        "encoder_ffn_dim": D_MODEL,
        "decoder_layers": DECODER_LAYERS,
        "decoder_attention_heads": HEADS,
        "decoder_ffn_dim": D_MODEL,
        "num_hidden_layers": 1,
        "activation_function": "swish",
        "max_position_embeddings": MAX_LENGTH,
        "scale_embedding": True,
        "static_position_embeddings": True,
        "normalize_embedding": False,
        "use_cache": True,
        "pad_token_id": pad_id,
        "eos_token_id": eos_id,
        "bos_token_id": eos_id,
        "decoder_start_token_id": pad_id,
        "forced_eos_token_id": eos_id,
        "bad_words_ids": [[pad_id]],
        "max_length": MAX_LENGTH,
        "num_beams": 1,
        "tiny_marian": {
            "note": "Hand-set test model, not a trained Marian. See docs/TINY_TRANSLATION_MODEL.md.",
            "generator": "scripts/models/make-tiny-marian.py",
            "source": "vi (word by word, plus anything else copied through)",
            "target": "en",
            "dictionary": {k: v for k, v in DICTIONARY.items()},
        },
    }
    generation = {
        "bad_words_ids": [[pad_id]],
        "bos_token_id": eos_id,
        "decoder_start_token_id": pad_id,
        "eos_token_id": eos_id,
        "forced_eos_token_id": eos_id,
        "max_length": MAX_LENGTH,
        "num_beams": 1,
        "pad_token_id": pad_id,
    }
    tok_config = {
        "clean_up_tokenization_spaces": True,
        "eos_token": EOS,
        "model_max_length": MAX_LENGTH,
        "pad_token": PAD,
        "separate_vocabs": False,
        "source_lang": "vie",
        "sp_model_kwargs": {},
        "target_lang": "eng",
        "tokenizer_class": "MarianTokenizer",
        "unk_token": UNK,
    }
    special_map = {"eos_token": EOS, "pad_token": PAD, "unk_token": UNK}
    return config, generation, tok_config, special_map


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out = argv[1]
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)

    pieces, ids, tables = build_vocab()
    config, generation, tok_config, special_map = configs(ids)
    write_json(os.path.join(out, "config.json"), config)
    write_json(os.path.join(out, "generation_config.json"), generation)
    write_json(os.path.join(out, "tokenizer.json"), tokenizer_json(pieces, ids))
    write_json(os.path.join(out, "tokenizer_config.json"), tok_config)
    write_json(os.path.join(out, "special_tokens_map.json"), special_map)
    write_json(os.path.join(out, "vocab.json"), ids)

    for variant, suffix in (("fp32", ""), ("q8: same float graph", "_quantized")):
        models = (
            ("encoder_model", encoder_model(variant, tables)),
            ("decoder_model_merged", decoder_model(variant, len(ids), ids[EOS])),
        )
        for name, model in models:
            with open(os.path.join(out, "onnx", f"{name}{suffix}.onnx"), "wb") as f:
                f.write(model.SerializeToString())

    n_drop = sum(1 for v in DICTIONARY.values() if v is None)
    print(f"wrote {out}: vocab {len(ids)} pieces, {len(DICTIONARY)} dictionary entries "
          f"({n_drop} dropped words), d_model {D_MODEL}, {DECODER_LAYERS} decoder layers x {HEADS} heads")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
