#!/usr/bin/python3
"""Generate a tiny, hand-weighted CLIP-shaped model folder for transformers.js.

Usage:  /usr/bin/python3 scripts/models/make-tiny-clip.py OUT_DIR

Needs only numpy and onnx (Debian: python3-numpy, python3-onnx; onnx 1.12 is enough).
The output is deterministic: the same bytes on every run.

The folder has the layout of a Xenova/* CLIP repository, so transformers.js loads it with
CLIPVisionModelWithProjection, CLIPTextModelWithProjection, AutoProcessor / AutoImageProcessor
and AutoTokenizer:

  config.json                 model_type "clip", projection_dim = D
  preprocessor_config.json    CLIPImageProcessor, 224 shortest edge, 224 centre crop, CLIP mean/std
  tokenizer.json              CLIP-style byte-level BPE (</w> suffix, <|startoftext|>/<|endoftext|>)
  tokenizer_config.json       CLIPTokenizer, model_max_length 77, pad = <|endoftext|>
  special_tokens_map.json
  onnx/vision_model{,_fp16,_quantized}.onnx   pixel_values [B,3,224,224] -> image_embeds [B,D]
  onnx/text_model{,_fp16,_quantized}.onnx     input_ids [B,L] int64     -> text_embeds [B,D]

What the weights do (see docs/TINY_MODEL.md):
  * image: undo the CLIP normalisation, take the mean RGB, soft-assign it to colour prototypes
    (softmax of -squared distance / TAU), add two small texture features (contrast, top-vs-bottom
    brightness), rotate into the shared D-dim space and scale by IMAGE_SCALE.
  * text: sum of per-token embeddings; colour words embed to exactly the (pre-projection) image
    vector of their colour's canonical prototype, other words to a small "other" component,
    <|startoftext|> / <|endoftext|> (= the pad token) to zero, so padding never changes a vector.
    A zero 77-row position table is gathered so that, like real CLIP, more than 77 tokens fail.
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

D = 16  # embedding size (projection_dim)
TAU = 0.05  # softmax temperature over squared RGB distances (RGB in [0,1])
IMAGE_SCALE = 7.5  # image_embeds norm is about this (times the colour-mix norm)
TEXT_SCALE = 2.5  # one colour word gives a text_embeds of about this norm
OTHER_WEIGHT = 0.08  # every non-colour, non-special token adds this much along OTHER_DIM
CONTRAST_WEIGHT = 1.0
GRADIENT_WEIGHT = 1.0
MAX_POSITIONS = 77
IMAGE_SIZE = 224
OPSET = 17
IR_VERSION = 8

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]

# Colour concepts: one axis each (before the shared rotation). The first prototype of each
# concept is its canonical colour: the text vector of the concept's words equals the image
# vector of that colour.
CONCEPTS = [
    # name,     prototypes (RGB in 0..1)
    ("red", [(1.0, 0.0, 0.0), (0.72, 0.05, 0.08), (0.86, 0.08, 0.24)]),
    ("orange", [(1.0, 0.55, 0.0), (1.0, 0.65, 0.0), (0.9, 0.45, 0.1)]),
    ("yellow", [(1.0, 1.0, 0.0), (0.95, 0.9, 0.25)]),
    ("green", [(0.0, 1.0, 0.0), (0.0, 0.5, 0.0), (0.2, 0.65, 0.2), (0.55, 0.9, 0.1)]),
    ("cyan", [(0.0, 1.0, 1.0), (0.0, 0.55, 0.55), (0.25, 0.88, 0.82)]),
    ("blue", [(0.0, 0.0, 1.0), (0.0, 0.0, 0.55), (0.25, 0.4, 0.9)]),
    ("purple", [(0.5, 0.0, 0.5), (0.55, 0.2, 0.85), (0.3, 0.0, 0.5)]),
    ("magenta", [(1.0, 0.0, 1.0), (0.85, 0.1, 0.65)]),
    ("pink", [(1.0, 0.75, 0.8), (1.0, 0.41, 0.71)]),
    ("brown", [(0.55, 0.27, 0.07), (0.4, 0.25, 0.12)]),
    ("white", [(1.0, 1.0, 1.0), (0.9, 0.9, 0.9)]),
    ("gray", [(0.5, 0.5, 0.5), (0.3, 0.3, 0.3), (0.7, 0.7, 0.7)]),
    ("black", [(0.0, 0.0, 0.0), (0.1, 0.1, 0.1)]),
]
CONCEPT_INDEX = {name: i for i, (name, _) in enumerate(CONCEPTS)}
OTHER_DIM = len(CONCEPTS)  # 13: text-only "not a colour word" axis
CONTRAST_DIM = OTHER_DIM + 1  # 14: image-only, mean per-channel standard deviation
GRADIENT_DIM = OTHER_DIM + 2  # 15: image-only, top-half minus bottom-half brightness
assert GRADIENT_DIM < D

# Words (after the tokenizer's NFC + lowercase) -> {concept: weight}. Each becomes ONE token.
WORDS = {
    # English colour names and a few synonyms
    "red": {"red": 1.0}, "crimson": {"red": 1.0}, "scarlet": {"red": 1.0},
    "orange": {"orange": 1.0},
    "yellow": {"yellow": 1.0}, "gold": {"yellow": 1.0}, "golden": {"yellow": 1.0},
    "green": {"green": 1.0}, "lime": {"green": 1.0},
    "cyan": {"cyan": 1.0}, "aqua": {"cyan": 1.0}, "turquoise": {"cyan": 1.0}, "teal": {"cyan": 1.0},
    "blue": {"blue": 1.0}, "navy": {"blue": 1.0}, "azure": {"blue": 1.0},
    "purple": {"purple": 1.0}, "violet": {"purple": 1.0},
    "magenta": {"magenta": 1.0}, "fuchsia": {"magenta": 1.0},
    "pink": {"pink": 1.0},
    "brown": {"brown": 1.0},
    "white": {"white": 1.0},
    "gray": {"gray": 1.0}, "grey": {"gray": 1.0},
    "black": {"black": 1.0},
    # Vietnamese. "xanh" alone is blue-or-green; "xanh lá" (leaf) = green, "xanh dương"
    # (ocean) / "xanh lam" = blue, "xanh lục" = green: the second word tips the sum.
    "đỏ": {"red": 1.0},
    "cam": {"orange": 1.0},
    "vàng": {"yellow": 1.0},
    "xanh": {"green": 0.4, "blue": 0.4},
    "lá": {"green": 1.0}, "lục": {"green": 1.0},
    "dương": {"blue": 1.0}, "lam": {"blue": 1.0},
    "tím": {"purple": 1.0},
    "hồng": {"pink": 1.0},
    "nâu": {"brown": 1.0},
    "trắng": {"white": 1.0},
    "xám": {"gray": 1.0},
    "đen": {"black": 1.0},
}

BOS = "<|startoftext|>"
EOS = "<|endoftext|>"
EOW = "</w>"

# --------------------------------------------------------------------------------------------
# Colour geometry (numpy mirror of the vision graph, float64 for the tables)
# --------------------------------------------------------------------------------------------

PROTOS = np.array([p for _, ps in CONCEPTS for p in ps], dtype=np.float32)  # [M,3]
ASSIGN = np.zeros((len(PROTOS), D), dtype=np.float32)  # [M,D] prototype -> concept axis
_row = 0
for _ci, (_name, _ps) in enumerate(CONCEPTS):
    for _ in _ps:
        ASSIGN[_row, _ci] = 1.0
        _row += 1


def hadamard(n):
    h = np.array([[1.0]])
    while h.shape[0] < n:
        h = np.block([[h, h], [h, -h]])
    return h


# Shared orthogonal rotation, so embeddings are dense (not one-hot) but exactly reversible.
ROTATION = (hadamard(D) / np.sqrt(D)).astype(np.float32)  # entries are exactly +-0.25


def colour_mix(rgb):
    """Pre-projection colour part of the image vector for a mean colour (float64)."""
    rgb = np.asarray(rgb, dtype=np.float64)
    d2 = ((PROTOS.astype(np.float64) - rgb[None, :]) ** 2).sum(axis=1)
    logits = -d2 / TAU
    w = np.exp(logits - logits.max())
    w /= w.sum()
    return w @ ASSIGN.astype(np.float64)


# --------------------------------------------------------------------------------------------
# Tokenizer
# --------------------------------------------------------------------------------------------


def bytes_to_unicode():
    """GPT-2 / CLIP byte -> printable unicode character table (same order as CLIP's vocab)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENCODER = bytes_to_unicode()


def byte_level(word):
    return "".join(BYTE_ENCODER[b] for b in word.encode("utf-8"))


def bpe(symbols_word, ranks):
    """Plain BPE: repeatedly merge the adjacent pair of lowest rank (leftmost on ties)."""
    word = list(symbols_word)
    word[-1] += EOW
    while len(word) > 1:
        best = None
        for i in range(len(word) - 1):
            r = ranks.get((word[i], word[i + 1]))
            if r is not None and (best is None or r < best[0]):
                best = (r, i)
        if best is None:
            break
        i = best[1]
        word = word[:i] + [word[i] + word[i + 1]] + word[i + 2:]
    return word


def build_tokenizer():
    base = list(BYTE_ENCODER.values())
    vocab = base + [c + EOW for c in base]
    vocab_set = set(vocab)
    merges = []
    ranks = {}
    word_token = {}
    for word in WORDS:
        assert unicodedata.normalize("NFC", word) == word and word.lower() == word, word
        sym = byte_level(word)
        # Add merges (each at the lowest priority so far) until the word is a single token.
        # Earlier words are unaffected: their own merges always outrank the new ones.
        while True:
            pieces = bpe(sym, ranks)
            if len(pieces) == 1:
                break
            pair = (pieces[0], pieces[1])
            ranks[pair] = len(merges)
            merges.append(pair)
            new = pieces[0] + pieces[1]
            if new not in vocab_set:
                vocab.append(new)
                vocab_set.add(new)
        word_token[word] = pieces[0]
    vocab += [BOS, EOS]
    vocab_ids = {tok: i for i, tok in enumerate(vocab)}
    assert len(vocab_ids) == len(vocab)
    return vocab, vocab_ids, merges, word_token


CLIP_SPLIT_REGEX = (
    r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"
)


def tokenizer_json(vocab, vocab_ids, merges):
    def added(tok):
        return {
            "id": vocab_ids[tok], "content": tok, "single_word": False, "lstrip": False,
            "rstrip": False, "normalized": True, "special": True,
        }

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(BOS), added(EOS)],
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "NFC"},
                {"type": "Replace", "pattern": {"Regex": r"\s+"}, "content": " "},
                {"type": "Lowercase"},
            ],
        },
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": CLIP_SPLIT_REGEX}, "behavior": "Removed", "invert": True},
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
            ],
        },
        "post_processor": {
            "type": "RobertaProcessing",
            "sep": [EOS, vocab_ids[EOS]],
            "cls": [BOS, vocab_ids[BOS]],
            "trim_offsets": False,
            "add_prefix_space": False,
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": EOS,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": EOW,
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": vocab_ids,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }


# --------------------------------------------------------------------------------------------
# ONNX helpers: weights stored as fp32, fp16 (+Cast) or int8 (+DequantizeLinear)
# --------------------------------------------------------------------------------------------


class Weights:
    """Collects initializers; `get(name)` returns the name of a float32 tensor for the graph."""

    def __init__(self, variant):
        self.variant = variant  # "fp32" | "fp16" | "q8"
        self.inits = []
        self.nodes = []

    def const(self, name, array, dtype=None):
        """A plain initializer (shapes, indices, small constants): never converted."""
        arr = np.asarray(array, dtype=dtype) if dtype is not None else np.asarray(array)
        self.inits.append(numpy_helper.from_array(arr, name))
        return name

    def weight(self, name, array, quantize=False):
        arr = np.asarray(array, dtype=np.float32)
        if self.variant == "fp16":
            self.inits.append(numpy_helper.from_array(arr.astype(np.float16), name + "_fp16"))
            self.nodes.append(helper.make_node("Cast", [name + "_fp16"], [name], to=TensorProto.FLOAT, name=name + "_cast"))
            return name
        if self.variant == "q8" and quantize:
            amax = float(np.abs(arr).max())
            scale = np.float32(amax / 127.0 if amax > 0 else 1.0)
            q = np.clip(np.round(arr / scale), -127, 127).astype(np.int8)
            self.inits.append(numpy_helper.from_array(q, name + "_quantized"))
            self.inits.append(numpy_helper.from_array(np.array(scale, dtype=np.float32), name + "_scale"))
            self.inits.append(numpy_helper.from_array(np.array(0, dtype=np.int8), name + "_zero_point"))
            self.nodes.append(helper.make_node(
                "DequantizeLinear", [name + "_quantized", name + "_scale", name + "_zero_point"], [name],
                name=name + "_dequantize"))
            return name
        self.inits.append(numpy_helper.from_array(arr, name))
        return name


def finish_model(graph_name, nodes, w, inputs, outputs, doc):
    graph = helper.make_graph(w.nodes + nodes, graph_name, inputs, outputs, initializer=w.inits, doc_string=doc)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="make-tiny-clip.py",
        producer_version="1",
        doc_string=doc,
    )
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


# --------------------------------------------------------------------------------------------
# Vision model
# --------------------------------------------------------------------------------------------


def vision_model(variant):
    w = Weights(variant)
    n = []
    mean = w.weight("image_mean", np.array(CLIP_MEAN, np.float32).reshape(1, 3, 1, 1))
    std = w.weight("image_std", np.array(CLIP_STD, np.float32).reshape(1, 3, 1, 1))
    protos = w.weight("colour_prototypes", PROTOS)  # [M,3]
    assign = w.weight("colour_assignment", ASSIGN, quantize=True)  # [M,D]
    tex = np.zeros((2, D), np.float32)
    tex[0, CONTRAST_DIM] = CONTRAST_WEIGHT
    tex[1, GRADIENT_DIM] = GRADIENT_WEIGHT
    texture = w.weight("texture_projection", tex, quantize=True)  # [2,D]
    proj = w.weight("visual_projection", ROTATION * IMAGE_SCALE, quantize=True)  # [D,D]
    neg_inv_tau = w.const("neg_inv_tau", np.array(-1.0 / TAU, np.float32))
    axis1 = w.const("axis_1", np.array([1], np.int64))
    axis2 = w.const("axis_2", np.array([2], np.int64))
    halves_shape = w.const("halves_shape", np.array([0, 3, 2, IMAGE_SIZE * IMAGE_SIZE // 2], np.int64))
    top_minus_bottom = w.const("top_minus_bottom", np.array([[1.0], [-1.0]], np.float32))

    # Undo the processor's normalisation: x = pixel * std + mean  (RGB in [0,1])
    n.append(helper.make_node("Mul", ["pixel_values", std], ["px_scaled"]))
    n.append(helper.make_node("Add", ["px_scaled", mean], ["rgb"]))
    # Mean colour [B,3]
    n.append(helper.make_node("ReduceMean", ["rgb"], ["mean_rgb"], axes=[2, 3], keepdims=0))
    # Soft assignment to prototypes: softmax(-|rgb - p|^2 / tau) [B,M]
    n.append(helper.make_node("Unsqueeze", ["mean_rgb", axis1], ["mean_rgb_1"]))  # [B,1,3]
    n.append(helper.make_node("Sub", ["mean_rgb_1", protos], ["diff"]))  # [B,M,3]
    n.append(helper.make_node("Mul", ["diff", "diff"], ["diff_sq"]))
    n.append(helper.make_node("ReduceSum", ["diff_sq", axis2], ["dist_sq"], keepdims=0))  # [B,M]
    n.append(helper.make_node("Mul", ["dist_sq", neg_inv_tau], ["proto_logits"]))
    n.append(helper.make_node("Softmax", ["proto_logits"], ["proto_weights"], axis=-1))
    n.append(helper.make_node("MatMul", ["proto_weights", assign], ["colour_features"]))  # [B,D]
    # Texture: contrast = mean over channels of the per-channel standard deviation [B,1]
    n.append(helper.make_node("Mul", ["rgb", "rgb"], ["rgb_sq"]))
    n.append(helper.make_node("ReduceMean", ["rgb_sq"], ["mean_rgb_sq"], axes=[2, 3], keepdims=0))
    n.append(helper.make_node("Mul", ["mean_rgb", "mean_rgb"], ["mean_rgb_2"]))
    n.append(helper.make_node("Sub", ["mean_rgb_sq", "mean_rgb_2"], ["var_raw"]))
    n.append(helper.make_node("Relu", ["var_raw"], ["var"]))
    n.append(helper.make_node("Sqrt", ["var"], ["std_rgb"]))
    n.append(helper.make_node("ReduceMean", ["std_rgb"], ["contrast"], axes=[1], keepdims=1))  # [B,1]
    # Texture: top half minus bottom half brightness [B,1]
    n.append(helper.make_node("Reshape", ["rgb", halves_shape], ["rgb_halves"]))  # [B,3,2,H*W/2]
    n.append(helper.make_node("ReduceMean", ["rgb_halves"], ["half_means"], axes=[1, 3], keepdims=0))  # [B,2]
    n.append(helper.make_node("MatMul", ["half_means", top_minus_bottom], ["gradient"]))  # [B,1]
    n.append(helper.make_node("Concat", ["contrast", "gradient"], ["texture"], axis=1))  # [B,2]
    n.append(helper.make_node("MatMul", ["texture", texture], ["texture_features"]))  # [B,D]
    n.append(helper.make_node("Add", ["colour_features", "texture_features"], ["pooled_output"]))
    n.append(helper.make_node("MatMul", ["pooled_output", proj], ["image_embeds"]))

    inputs = [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch_size", 3, IMAGE_SIZE, IMAGE_SIZE])]
    outputs = [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch_size", D])]
    doc = (f"tiny-clip vision tower ({variant} weights): image_embeds = {IMAGE_SCALE} * R @ "
           "(softmax-assigned mean colour + contrast + vertical gradient). Not a real CLIP.")
    return finish_model("tiny_clip_vision", n, w, inputs, outputs, doc)


# --------------------------------------------------------------------------------------------
# Text model
# --------------------------------------------------------------------------------------------


def token_table(vocab, vocab_ids, word_token):
    table = np.zeros((len(vocab), D), np.float64)
    concept_vec = {}
    for name, ps in CONCEPTS:
        v = colour_mix(ps[0])
        concept_vec[name] = v / np.linalg.norm(v)
    for tok, i in vocab_ids.items():
        if tok in (BOS, EOS):
            continue  # special tokens (and the pad token, which is EOS) embed to zero
        table[i, OTHER_DIM] = OTHER_WEIGHT
    for word, mix in WORDS.items():
        i = vocab_ids[word_token[word]]
        v = np.zeros(D, np.float64)
        for concept, weight in mix.items():
            v += weight * concept_vec[concept]
        table[i] = v
    return table.astype(np.float32)


def text_model(variant, table):
    w = Weights(variant)
    n = []
    emb = w.weight("token_embedding", table, quantize=True)  # [V,D]
    pos = w.weight("position_embedding", np.zeros((MAX_POSITIONS, 1), np.float32))  # [77,1], zeros
    proj = w.weight("text_projection", ROTATION * TEXT_SCALE, quantize=True)  # [D,D]
    one = w.const("one", np.array(1, np.int64))
    zero = w.const("zero", np.array(0, np.int64))
    axis1 = w.const("axis_1", np.array([1], np.int64))

    n.append(helper.make_node("Gather", [emb, "input_ids"], ["token_embeds"], axis=0))  # [B,L,D]
    # Positions 0..L-1 index a 77-row table: more than 77 tokens is an error, as in real CLIP.
    n.append(helper.make_node("Shape", ["input_ids"], ["ids_shape"]))
    n.append(helper.make_node("Gather", ["ids_shape", one], ["seq_len"], axis=0))  # scalar
    n.append(helper.make_node("Range", [zero, "seq_len", one], ["position_ids"]))  # [L]
    n.append(helper.make_node("Gather", [pos, "position_ids"], ["position_embeds"], axis=0))  # [L,1]
    n.append(helper.make_node("Add", ["token_embeds", "position_embeds"], ["hidden"]))  # [B,L,D]
    # Sum pooling: special/pad tokens are zero rows, so padding changes nothing.
    n.append(helper.make_node("ReduceSum", ["hidden", axis1], ["pooled_output"], keepdims=0))  # [B,D]
    n.append(helper.make_node("MatMul", ["pooled_output", proj], ["text_embeds"]))

    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"])]
    outputs = [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch_size", D])]
    doc = (f"tiny-clip text tower ({variant} weights): text_embeds = {TEXT_SCALE} * R @ sum of token "
           "embeddings (colour words -> colour directions, specials/pad -> 0). Not a real CLIP.")
    return finish_model("tiny_clip_text", n, w, inputs, outputs, doc)


# --------------------------------------------------------------------------------------------
# Configs and output
# --------------------------------------------------------------------------------------------


def configs(vocab_ids):
    bos_id, eos_id = vocab_ids[BOS], vocab_ids[EOS]
    config = {
        "_name_or_path": "tiny-clip",
        "architectures": ["CLIPModel"],
        "model_type": "clip",
        "projection_dim": D,
        "logit_scale_init_value": 2.6592,
        "initializer_factor": 1.0,
        "text_config": {
            "model_type": "clip_text_model",
            "vocab_size": len(vocab_ids),
            "hidden_size": D,
            "intermediate_size": D,
            "num_attention_heads": 1,
            "num_hidden_layers": 0,
            "max_position_embeddings": MAX_POSITIONS,
            "projection_dim": D,
            "hidden_act": "quick_gelu",
            "bos_token_id": bos_id,
            "eos_token_id": eos_id,
            "pad_token_id": eos_id,
        },
        "vision_config": {
            "model_type": "clip_vision_model",
            "image_size": IMAGE_SIZE,
            "patch_size": IMAGE_SIZE,
            "num_channels": 3,
            "hidden_size": D,
            "intermediate_size": D,
            "num_attention_heads": 1,
            "num_hidden_layers": 0,
            "projection_dim": D,
            "hidden_act": "quick_gelu",
        },
        "tiny_clip": {
            "note": "Hand-set test model, not a trained CLIP. See docs/TINY_MODEL.md.",
            "generator": "scripts/models/make-tiny-clip.py",
            "concepts": [name for name, _ in CONCEPTS],
            "image_scale": IMAGE_SCALE,
            "text_scale": TEXT_SCALE,
            "temperature": TAU,
        },
    }
    preprocessor = {
        "image_processor_type": "CLIPImageProcessor",
        "do_convert_rgb": True,
        "do_resize": True,
        "size": {"shortest_edge": IMAGE_SIZE},
        "resample": 3,
        "do_center_crop": True,
        "crop_size": {"height": IMAGE_SIZE, "width": IMAGE_SIZE},
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": CLIP_MEAN,
        "image_std": CLIP_STD,
    }
    tok_config = {
        "add_prefix_space": False,
        "bos_token": BOS,
        "clean_up_tokenization_spaces": True,
        "do_lower_case": True,
        "eos_token": EOS,
        "errors": "replace",
        "model_max_length": MAX_POSITIONS,
        "pad_token": EOS,
        "tokenizer_class": "CLIPTokenizer",
        "unk_token": EOS,
    }

    def special(tok):
        return {"content": tok, "lstrip": False, "normalized": True, "rstrip": False, "single_word": False}

    special_map = {"bos_token": special(BOS), "eos_token": special(EOS), "pad_token": EOS, "unk_token": special(EOS)}
    return config, preprocessor, tok_config, special_map


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

    vocab, vocab_ids, merges, word_token = build_tokenizer()
    table = token_table(vocab, vocab_ids, word_token)
    config, preprocessor, tok_config, special_map = configs(vocab_ids)
    write_json(os.path.join(out, "config.json"), config)
    write_json(os.path.join(out, "preprocessor_config.json"), preprocessor)
    write_json(os.path.join(out, "tokenizer.json"), tokenizer_json(vocab, vocab_ids, merges))
    write_json(os.path.join(out, "tokenizer_config.json"), tok_config)
    write_json(os.path.join(out, "special_tokens_map.json"), special_map)

    suffixes = {"fp32": "", "fp16": "_fp16", "q8": "_quantized"}
    for variant, suffix in suffixes.items():
        for name, model in (("vision_model", vision_model(variant)), ("text_model", text_model(variant, table))):
            with open(os.path.join(out, "onnx", f"{name}{suffix}.onnx"), "wb") as f:
                f.write(model.SerializeToString())

    print(f"wrote {out}: vocab {len(vocab)} tokens, {len(merges)} merges, D={D}, "
          f"{len(PROTOS)} prototypes in {len(CONCEPTS)} colours, {len(WORDS)} colour words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
