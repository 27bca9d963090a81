#!/usr/bin/python3
"""Generate a full-size CLIP stand-in: the real architecture, seeded random weights.

Usage:  /usr/bin/python3 scripts/models/make-standin-clip.py [OUT_DIR] [--arch clip-vit-base-patch32] [--seed N]
        (npm run models:standin [-- OUT_DIR] [--arch ...])

Needs Debian's python3-torch (1.13), python3-onnx and python3-numpy
(apt-get install python3-torch python3-onnx python3-numpy; run with /usr/bin/python3).

Speed, memory, load time and file handling depend on the architecture and the file sizes, not on
the weight values, so this folder measures what the real model would cost without downloading it.
It has the layout and I/O of Xenova/clip-vit-base-patch32 (docs/STANDIN_MODEL.md):

  config.json, preprocessor_config.json, tokenizer.json (byte-level BPE, 49,408 entries),
  tokenizer_config.json, special_tokens_map.json
  onnx/vision_model{,_fp16,_quantized}.onnx   pixel_values [B,3,224,224] -> image_embeds [B,512]
  onnx/text_model{,_fp16,_quantized}.onnx     input_ids [B,L] int64       -> text_embeds [B,512]

fp32 is a torch.onnx.export (opset 14); _fp16 converts every float tensor to float16 and keeps
float32 inputs and outputs (like onnxconverter-common's keep_io_types); _quantized is dynamic int8
(uint8 weights; DynamicQuantizeLinear + MatMulInteger for MatMul/Gemm, uint8 tables with
DequantizeLinear for Gather and Conv), the ops onnxruntime's quantize_dynamic emits.
The output does not carry meaning: a stand-in ranks nothing, it only costs what the real model costs.
"""

import argparse
import importlib.util
import json
import os
import sys
import time

try:
    import numpy as np
    import onnx
    import torch
    from onnx import TensorProto, helper, numpy_helper
except ImportError as e:  # pragma: no cover - the message is the point
    print(f"make-standin-clip: {e.name} is missing. Install Debian's packages: "
          "apt-get install python3-torch python3-onnx python3-numpy (then run with /usr/bin/python3)", file=sys.stderr)
    sys.exit(3)

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("tiny_clip", os.path.join(HERE, "make-tiny-clip.py"))
tiny = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tiny)  # reuse its CLIP-style tokenizer writer and byte table

ARCHS = {
    # openai/clip-vit-base-patch32, as exported by Xenova/clip-vit-base-patch32
    "clip-vit-base-patch32": dict(
        image_size=224, patch=32, v_width=768, v_layers=12, v_heads=12,
        t_width=512, t_layers=12, t_heads=8, vocab=49408, positions=77, projection=512, mlp_ratio=4,
    ),
}
OPSET = 14
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


# --------------------------------------------------------------------------------------------
# The architecture (quick-GELU, pre-LayerNorm transformer blocks), in plain torch
# --------------------------------------------------------------------------------------------

class QuickGELU(torch.nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(torch.nn.Module):
    def __init__(self, width, heads, mlp_ratio):
        super().__init__()
        self.heads = heads
        self.ln1 = torch.nn.LayerNorm(width)
        self.q = torch.nn.Linear(width, width)
        self.k = torch.nn.Linear(width, width)
        self.v = torch.nn.Linear(width, width)
        self.out = torch.nn.Linear(width, width)
        self.ln2 = torch.nn.LayerNorm(width)
        self.fc1 = torch.nn.Linear(width, width * mlp_ratio)
        self.act = QuickGELU()
        self.fc2 = torch.nn.Linear(width * mlp_ratio, width)

    def attention(self, x, mask):
        b, n, w = x.shape
        h = self.heads
        split = lambda t: t.reshape(b, n, h, w // h).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.q(x) * (w // h) ** -0.5), split(self.k(x)), split(self.v(x))
        scores = q @ k.transpose(-1, -2)
        if mask is not None:
            scores = scores + mask
        return self.out((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w))

    def forward(self, x, mask=None):
        x = x + self.attention(self.ln1(x), mask)
        return x + self.fc2(self.act(self.fc1(self.ln2(x))))


class VisionTower(torch.nn.Module):
    def __init__(self, a):
        super().__init__()
        w = a["v_width"]
        self.patch = torch.nn.Conv2d(3, w, kernel_size=a["patch"], stride=a["patch"], bias=False)
        self.cls = torch.nn.Parameter(torch.randn(w) * 0.02)
        self.pos = torch.nn.Parameter(torch.randn((a["image_size"] // a["patch"]) ** 2 + 1, w) * 0.01)
        self.pre_ln = torch.nn.LayerNorm(w)
        self.blocks = torch.nn.ModuleList(Block(w, a["v_heads"], a["mlp_ratio"]) for _ in range(a["v_layers"]))
        self.post_ln = torch.nn.LayerNorm(w)
        self.proj = torch.nn.Linear(w, a["projection"], bias=False)

    def forward(self, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)  # [B, 49, w]
        x = torch.cat([self.cls.expand(x.shape[0], 1, -1), x], dim=1) + self.pos
        x = self.pre_ln(x)
        for block in self.blocks:
            x = block(x)
        return self.proj(self.post_ln(x[:, 0]))


class TextTower(torch.nn.Module):
    def __init__(self, a):
        super().__init__()
        w = a["t_width"]
        self.tokens = torch.nn.Embedding(a["vocab"], w)
        self.pos = torch.nn.Parameter(torch.randn(a["positions"], w) * 0.01)
        self.blocks = torch.nn.ModuleList(Block(w, a["t_heads"], a["mlp_ratio"]) for _ in range(a["t_layers"]))
        self.final_ln = torch.nn.LayerNorm(w)
        self.proj = torch.nn.Linear(w, a["projection"], bias=False)
        self.register_buffer("causal", torch.full((a["positions"], a["positions"]), float("-inf")).triu(1), persistent=False)

    def forward(self, input_ids):
        n = input_ids.shape[1]
        x = self.tokens(input_ids) + self.pos[:n]
        mask = self.causal[:n, :n]
        for block in self.blocks:
            x = block(x, mask)
        x = self.final_ln(x)
        # Pooled at the end-of-text token: the highest id (49407), found by argmax as in CLIP.
        pooled = x[torch.arange(x.shape[0]), input_ids.argmax(dim=-1)]
        return self.proj(pooled)


def init_weights(module, seed):
    torch.manual_seed(seed)
    for name, p in module.named_parameters():
        if name.endswith("bias"):
            torch.nn.init.normal_(p, std=0.01)
        elif p.dim() == 1:  # LayerNorm gains
            torch.nn.init.normal_(p, mean=1.0, std=0.02)
        else:
            torch.nn.init.normal_(p, std=p.shape[-1] ** -0.5)  # keeps outputs of different inputs apart


# --------------------------------------------------------------------------------------------
# ONNX: fp32 export, fp16 conversion (float I/O kept), dynamic int8 quantization
# --------------------------------------------------------------------------------------------

def export(module, example, input_name, output_name, dynamic, path):
    torch.onnx.export(
        module, (example,), path, opset_version=OPSET, do_constant_folding=True,
        input_names=[input_name], output_names=[output_name], dynamic_axes=dynamic,
    )


def to_fp16(model):
    """Every float tensor becomes float16; graph inputs and outputs stay float32 (keep_io_types)."""
    g = model.graph
    for init in g.initializer:
        if init.data_type == TensorProto.FLOAT:
            init.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name))
    for node in g.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.TENSOR and attr.t.data_type == TensorProto.FLOAT:
                attr.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(attr.t).astype(np.float16), attr.t.name))
            if node.op_type == "Cast" and attr.name == "to" and attr.i == TensorProto.FLOAT:
                attr.i = TensorProto.FLOAT16
    del g.value_info[:]
    casts = []
    for inp in g.input:
        if inp.type.tensor_type.elem_type == TensorProto.FLOAT:
            half = inp.name + "_fp16"
            for node in g.node:
                node.input[:] = [half if x == inp.name else x for x in node.input]
            casts.append(helper.make_node("Cast", [inp.name], [half], to=TensorProto.FLOAT16, name=half + "_cast"))
    for out in g.output:
        if out.type.tensor_type.elem_type == TensorProto.FLOAT:
            half = out.name + "_fp16"
            for node in g.node:
                node.output[:] = [half if x == out.name else x for x in node.output]
                node.input[:] = [half if x == out.name else x for x in node.input]
            g.node.append(helper.make_node("Cast", [half], [out.name], to=TensorProto.FLOAT, name=out.name + "_cast"))
    for c in reversed(casts):
        g.node.insert(0, c)
    return model


def quantize_uint8(w):
    """Asymmetric per-tensor uint8, the scheme of onnxruntime's QUInt8 dynamic quantization."""
    lo, hi = min(float(w.min()), 0.0), max(float(w.max()), 0.0)
    scale = (hi - lo) / 255.0 or 1.0
    zero = int(round(-lo / scale))
    q = np.clip(np.round(w / scale) + zero, 0, 255).astype(np.uint8)
    return q, np.float32(scale), np.uint8(zero)


def quantize_dynamic(model):
    """MatMul/Gemm with a constant weight → DynamicQuantizeLinear + MatMulInteger; Gather and Conv
    tables → uint8 + DequantizeLinear. Everything else (LayerNorm, biases, positions) stays float."""
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes, drop = [], set()

    def add_quantized(name, array):
        q, scale, zero = quantize_uint8(array)
        g.initializer.extend([
            numpy_helper.from_array(q, name + "_quantized"),
            numpy_helper.from_array(np.array(scale, dtype=np.float32), name + "_scale"),
            numpy_helper.from_array(np.array(zero, dtype=np.uint8), name + "_zero_point"),
        ])
        drop.add(name)
        return name + "_quantized", name + "_scale", name + "_zero_point"

    for node in g.node:
        weight = next((x for x in node.input[1:2] if x in inits), None)
        if node.op_type in ("MatMul", "Gemm") and weight and len(inits[weight].dims) == 2:
            w = numpy_helper.to_array(inits[weight])
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if node.op_type == "Gemm" and (attrs.get("transA", 0) or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0):
                new_nodes.append(node)
                continue
            if attrs.get("transB", 0):
                w = w.T
            wq, ws, wz = add_quantized(weight, np.ascontiguousarray(w))
            a, p = node.input[0], node.name or node.output[0]
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [a], [p + "_aq", p + "_as", p + "_az"], name=p + "_dql"),
                helper.make_node("MatMulInteger", [p + "_aq", wq, p + "_az", wz], [p + "_int"], name=p + "_mmi"),
                helper.make_node("Cast", [p + "_int"], [p + "_f"], to=TensorProto.FLOAT, name=p + "_cast"),
                helper.make_node("Mul", [p + "_as", ws], [p + "_scale"], name=p + "_scale_mul"),
            ]
            if node.op_type == "Gemm" and len(node.input) > 2:
                new_nodes += [
                    helper.make_node("Mul", [p + "_f", p + "_scale"], [p + "_mm"], name=p + "_mul"),
                    helper.make_node("Add", [p + "_mm", node.input[2]], list(node.output), name=p + "_bias"),
                ]
            else:
                new_nodes.append(helper.make_node("Mul", [p + "_f", p + "_scale"], list(node.output), name=p + "_mul"))
        elif node.op_type in ("Gather", "Conv") and node.input[0 if node.op_type == "Gather" else 1] in inits:
            pos = 0 if node.op_type == "Gather" else 1
            name = node.input[pos]
            wq, ws, wz = add_quantized(name, numpy_helper.to_array(inits[name]))
            if node.op_type == "Gather":  # gather the uint8 rows, then dequantize only those
                gathered = node.output[0] + "_quantized"
                new_nodes += [
                    helper.make_node("Gather", [wq, node.input[1]], [gathered], name=node.name + "_q", axis=0),
                    helper.make_node("DequantizeLinear", [gathered, ws, wz], list(node.output), name=node.name + "_dq"),
                ]
            else:
                new_nodes += [
                    helper.make_node("DequantizeLinear", [wq, ws, wz], [name + "_dequantized"], name=name + "_dq"),
                    helper.make_node("Conv", [node.input[0], name + "_dequantized", *node.input[2:]], list(node.output),
                                     name=node.name, **{a.name: helper.get_attribute_value(a) for a in node.attribute}),
                ]
        else:
            new_nodes.append(node)
    del g.node[:]
    g.node.extend(new_nodes)
    kept = [i for i in g.initializer if i.name not in drop]
    del g.initializer[:]
    g.initializer.extend(kept)
    del g.value_info[:]
    return model


# --------------------------------------------------------------------------------------------
# Tokenizer: CLIP's byte-level BPE layout with a vocabulary of exactly a["vocab"] entries
# --------------------------------------------------------------------------------------------

# Common query words first, so they become single tokens as in the real vocabulary.
COMMON = ("a an the of on in at with and photo picture image dog cat beach sea sky tree car red blue green "
          "white black yellow man woman child people house street city mountain snow flower bird fish food "
          "table chair sofa bed room water river forest sunset night road boat train plane horse").split()
LETTERS = "etaoinshrdlcumwfgypbvkjxqz"


def build_vocabulary(size):
    base = list(tiny.BYTE_ENCODER.values())
    vocab = base + [c + tiny.EOW for c in base]
    known, merges, ranks = set(vocab), [], {}
    target_merges = size - len(vocab) - 2  # two special tokens at the end

    def merge(a, b):
        if len(merges) >= target_merges or (a, b) in ranks or a + b in known or a not in known or b not in known:
            return
        ranks[(a, b)] = len(merges)
        merges.append((a, b))
        vocab.append(a + b)
        known.add(a + b)

    for word in COMMON:  # merge left to right until the word (with </w>) is one token
        sym = tiny.byte_level(word)
        pieces = list(sym[:-1]) + [sym[-1] + tiny.EOW]
        while len(pieces) > 1:
            merge(pieces[0], pieces[1])
            pieces = [pieces[0] + pieces[1]] + pieces[2:]
    prefixes = list(LETTERS)
    while len(merges) < target_merges:  # then every longer letter string, shortest first
        grown = []
        for p in prefixes:
            for c in LETTERS:
                merge(p, c + tiny.EOW)
                merge(p, c)
                grown.append(p + c)
        prefixes = grown
    vocab += [tiny.BOS, tiny.EOS]
    assert len(vocab) == size and len(set(vocab)) == size, (len(vocab), size)
    return vocab, {t: i for i, t in enumerate(vocab)}, merges


def configs(a, vocab_ids, arch):
    eos = vocab_ids[tiny.EOS]
    config = {
        "_name_or_path": f"standin/{arch}",
        "architectures": ["CLIPModel"],
        "model_type": "clip",
        "projection_dim": a["projection"],
        "logit_scale_init_value": 2.6592,
        "text_config": {
            "model_type": "clip_text_model", "vocab_size": a["vocab"], "hidden_size": a["t_width"],
            "intermediate_size": a["t_width"] * a["mlp_ratio"], "num_attention_heads": a["t_heads"],
            "num_hidden_layers": a["t_layers"], "max_position_embeddings": a["positions"],
            "projection_dim": a["projection"], "hidden_act": "quick_gelu",
            "bos_token_id": vocab_ids[tiny.BOS], "eos_token_id": eos, "pad_token_id": eos,
        },
        "vision_config": {
            "model_type": "clip_vision_model", "image_size": a["image_size"], "patch_size": a["patch"],
            "num_channels": 3, "hidden_size": a["v_width"], "intermediate_size": a["v_width"] * a["mlp_ratio"],
            "num_attention_heads": a["v_heads"], "num_hidden_layers": a["v_layers"],
            "projection_dim": a["projection"], "hidden_act": "quick_gelu",
        },
        "standin": {
            "note": "Random weights in the real architecture: for speed, memory and file handling, not for ranking. "
                    "See docs/STANDIN_MODEL.md.",
            "generator": "scripts/models/make-standin-clip.py",
            "arch": arch,
        },
    }
    size = a["image_size"]
    preprocessor = {
        "image_processor_type": "CLIPImageProcessor", "do_convert_rgb": True, "do_resize": True,
        "size": {"shortest_edge": size}, "resample": 3, "do_center_crop": True,
        "crop_size": {"height": size, "width": size}, "do_rescale": True, "rescale_factor": 1 / 255,
        "do_normalize": True, "image_mean": CLIP_MEAN, "image_std": CLIP_STD,
    }
    tok_config = {
        "add_prefix_space": False, "bos_token": tiny.BOS, "clean_up_tokenization_spaces": True,
        "do_lower_case": True, "eos_token": tiny.EOS, "errors": "replace", "model_max_length": a["positions"],
        "pad_token": tiny.EOS, "tokenizer_class": "CLIPTokenizer", "unk_token": tiny.EOS,
    }
    special = lambda t: {"content": t, "lstrip": False, "normalized": True, "rstrip": False, "single_word": False}  # noqa: E731
    special_map = {"bos_token": special(tiny.BOS), "eos_token": special(tiny.EOS), "pad_token": tiny.EOS,
                   "unk_token": special(tiny.EOS)}
    return config, preprocessor, tok_config, special_map


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("out", nargs="?", default=os.path.join(".cache", "models", "standin", "clip-vit-base-patch32"))
    parser.add_argument("--arch", default="clip-vit-base-patch32", choices=sorted(ARCHS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dtypes", default="fp32,fp16,q8", help="comma-separated subset of fp32,fp16,q8")
    args = parser.parse_args(argv[1:])
    dtypes = [d for d in args.dtypes.split(",") if d]
    if any(d not in ("fp32", "fp16", "q8") for d in dtypes):
        parser.error(f"--dtypes takes fp32, fp16 and q8, not {args.dtypes}")
    a = ARCHS[args.arch]
    out = args.out
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    t0 = time.time()

    vocab, vocab_ids, merges = build_vocabulary(a["vocab"])
    config, preprocessor, tok_config, special_map = configs(a, vocab_ids, args.arch)
    tiny.write_json(os.path.join(out, "config.json"), config)
    tiny.write_json(os.path.join(out, "preprocessor_config.json"), preprocessor)
    tiny.write_json(os.path.join(out, "tokenizer.json"), tiny.tokenizer_json(vocab, vocab_ids, merges))
    tiny.write_json(os.path.join(out, "tokenizer_config.json"), tok_config)
    tiny.write_json(os.path.join(out, "special_tokens_map.json"), special_map)

    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    towers = [
        ("vision_model", VisionTower(a), torch.zeros(1, 3, a["image_size"], a["image_size"]), "pixel_values",
         "image_embeds", {"pixel_values": {0: "batch_size"}, "image_embeds": {0: "batch_size"}}, 1),
        ("text_model", TextTower(a), torch.tensor([[vocab_ids[tiny.BOS], 320, vocab_ids[tiny.EOS]]]), "input_ids",
         "text_embeds", {"input_ids": {0: "batch_size", 1: "sequence_length"}, "text_embeds": {0: "batch_size"}}, 2),
    ]
    for name, module, example, i, o, dynamic, offset in towers:
        init_weights(module, args.seed * 1000 + offset)
        module.eval()
        fp32_path = os.path.join(out, "onnx", f"{name}.onnx")
        with torch.no_grad():
            export(module, example, i, o, dynamic, fp32_path)
        for dtype, suffix, convert in (("fp16", "_fp16", to_fp16), ("q8", "_quantized", quantize_dynamic)):
            if dtype in dtypes:
                model = convert(onnx.load(fp32_path))
                model.doc_string = f"CLIP stand-in ({args.arch}, {dtype}, seed {args.seed}): random weights, not a trained model"
                onnx.save(model, os.path.join(out, "onnx", f"{name}{suffix}.onnx"))
        if "fp32" not in dtypes:
            os.remove(fp32_path)
        print(f"make-standin-clip: {name} done ({time.time() - t0:.0f} s)", flush=True)

    sizes = {f: os.path.getsize(os.path.join(out, "onnx", f)) for f in sorted(os.listdir(os.path.join(out, "onnx")))}
    tiny.write_json(os.path.join(out, "standin.json"), {"arch": args.arch, "seed": args.seed, "files": sizes})
    for f, n in sizes.items():
        print(f"  onnx/{f}: {n / 1e6:.1f} MB")
    print(f"make-standin-clip: wrote {out} ({args.arch}, seed {args.seed}, vocabulary {len(vocab)}) in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
