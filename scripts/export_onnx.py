"""Export a model directory to a static-shape ONNX package for ONNX Runtime (CPU) and NPU execution providers.

Usage:
    python3 scripts/export_onnx.py MODEL_DIR                      # writes MODEL_DIR/onnx/ (fp32)
    python3 scripts/export_onnx.py MODEL_DIR --int8               # also MODEL_DIR/onnx-int8/ (QDQ, calibrated)
    python3 scripts/export_onnx.py MODEL_DIR --prefill 32 --check # window size; run the op checker afterwards
    python3 scripts/export_onnx.py MODEL_DIR --verify             # compare with mu_reference.py, print max |diff|

The package (one directory, next to config.json; contract in models/FORMAT.md "ONNX package"):
    manifest.json   format, shapes, input/output names, mask value, which backends can run it
    decode.onnx     query window 1          } both graphs read their weights from weights.bin
    prefill.onnx    query window --prefill  } (ONNX external data; one copy shared by the two graphs)
    weights.bin

Every graph has static shapes only (batch 1, a fixed window T, a fixed cache of S = max_seq_len rows):
    inputs   input_ids      int32   [1, T]
             position_ids   int32   [1, T]             rows of padding: any valid position (0)
             attention_mask float32 [1, 1, T, S + T]   additive: 0 = may attend, MASK_VALUE = may not
             past_keys      float32 [n_layers, n_kv_heads, S, head_dim]   post-RoPE keys, row p = position p
             past_values    float32 [n_layers, n_kv_heads, S, head_dim]
    outputs  logits         float32 [1, T, vocab_size]
             new_keys       float32 [n_layers, T, n_kv_heads, head_dim]   keys of the T window tokens
             new_values     float32 [n_layers, T, n_kv_heads, head_dim]
Attention columns 0..S-1 are the past cache rows, S..S+T-1 the window's own tokens. The graph never writes the cache:
the caller copies new_keys/new_values rows into its cache (which stays bound in place), so no graph needs a
dynamic-index scatter, which NPUs handle badly.

Opset 17: the newest opset whose ops (LayerNormalization since 17) all appear in the QNN EP and OpenVINO EP op lists
(scripts/onnx_op_lists.json), and old enough for the vendor builds of ONNX Runtime shipped in 2024-2026. Exact GELU is
the com.microsoft Gelu contrib op (one op, supported by the ORT CPU kernels, the QNN EP and OpenVINO's ONNX
frontend) because ai.onnx Gelu needs opset 20 and the Erf decomposition is not in the QNN EP list.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from safetensors.torch import load_file
from torch import Tensor, nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mu_reference  # noqa: E402
from mu_reference import MuConfig, MuModel  # noqa: E402

OPSET = 17
FORMAT = "mu4j-onnx"
FORMAT_VERSION = 1
MASK_VALUE = -10000.0       # finite (fp16-representable for NPUs); exp(-10000 + s) is exactly 0 in fp32
ALIGN = 4096                # external-data offsets aligned so ONNX Runtime can memory-map them
INLINE_BYTES = 1024         # smaller initializers stay inside the .onnx file
FINGERPRINT_BYTES = 65536   # weights_fingerprint reads this much from the start and the end of each weights file

# ---------------------------------------------------------------------------------------------------------------
# Loading: Mu directories through mu_reference, HF Llama/Qwen2 directories mapped onto the Mu architecture.


def _hf_config(d: dict) -> MuConfig:
    arch = (d.get("architectures") or [d.get("model_type", "")])[0].lower()
    qwen = "qwen2" in arch
    heads = d["num_attention_heads"]
    rope = d.get("rope_theta") or (d.get("rope_parameters") or {}).get("rope_theta") or 10000.0
    if d.get("rope_scaling"):
        raise ValueError("rope_scaling is not supported")
    bias = bool(d.get("attention_bias", False))
    return MuConfig(
        vocab_size=d["vocab_size"], dim=d["hidden_size"], n_layers=d["num_hidden_layers"], n_heads=heads,
        n_kv_heads=d.get("num_key_value_heads", heads), head_dim=d.get("head_dim") or d["hidden_size"] // heads,
        hidden_dim=d["intermediate_size"], ffn_type="swiglu", norm_type="rmsnorm", dual_norm=False,
        norm_eps=d["rms_norm_eps"], rope_theta=float(rope), max_seq_len=d["max_position_embeddings"],
        tie_embeddings=bool(d.get("tie_word_embeddings", False)), qkv_bias=qwen or bias, o_bias=bias,
        mlp_bias=bool(d.get("mlp_bias", False)))


def _hf_name(name: str) -> str:
    name = name.removeprefix("model.")
    for hf, mu in (("embed_tokens", "embed"), ("self_attn.q_proj", "attn.q"), ("self_attn.k_proj", "attn.k"),
                   ("self_attn.v_proj", "attn.v"), ("self_attn.o_proj", "attn.o"), ("input_layernorm", "attn_norm"),
                   ("post_attention_layernorm", "ffn_norm"), ("mlp.gate_proj", "ffn.gate"),
                   ("mlp.up_proj", "ffn.up"), ("mlp.down_proj", "ffn.down")):
        name = name.replace(hf, mu)
    return name


def load_model(model_dir: Path) -> MuModel:
    """A Mu or HF Llama/Qwen2 model directory as a float32 MuModel (the stored, rounded values upcast)."""
    d = json.loads((model_dir / "config.json").read_text())
    if d.get("model_type") == "mu":
        return mu_reference.load(model_dir)
    cfg = _hf_config(d)
    tensors = {_hf_name(k): v.float() for k, v in load_file(model_dir / "model.safetensors").items()}
    if cfg.tie_embeddings:
        tensors.pop("lm_head.weight", None)
    model = MuModel(cfg)
    model.load_state_dict(tensors, strict=True)
    return model.eval()


# ---------------------------------------------------------------------------------------------------------------
# The static-shape step: one window of T tokens against a fixed cache of S rows.


class _MsGelu(torch.autograd.Function):
    """Exact (erf) GELU exported as the single com.microsoft Gelu op."""

    @staticmethod
    def forward(ctx, x: Tensor) -> Tensor:  # noqa: ARG004
        return F.gelu(x)

    @staticmethod
    def symbolic(g, x):
        return g.op("com.microsoft::Gelu", x)


class _GemmT(torch.autograd.Function):
    """x (T, in) @ w(out, in)^T as one Gemm(transB=1) on the stored weight: the tied lm_head gets no transposed copy."""

    @staticmethod
    def forward(ctx, x: Tensor, w: Tensor) -> Tensor:  # noqa: ARG004
        return x @ w.t()

    @staticmethod
    def symbolic(g, x, w):
        return g.op("Gemm", x, w, transB_i=1)


class StaticStep(nn.Module):
    """forward(input_ids, position_ids, attention_mask, past_keys, past_values) -> logits, new_keys, new_values.

    All shapes come from the config and the window, never from tensors, so the traced graph has no Shape ops.
    Activations are 2-D (T, features) so every linear layer is one Gemm that shares the stored weight (no transposed
    copies), and the tied lm_head reuses the embedding table.
    """

    def __init__(self, model: MuModel, window: int) -> None:
        super().__init__()
        self.m, self.c, self.t = model, model.cfg, window
        c = self.c
        self.s = c.max_seq_len
        positions = torch.arange(self.s)
        cos, sin = mu_reference.rope_cos_sin(c, positions)          # (S, rot_dim), float32 like the reference
        self.register_buffer("cos_table", cos.contiguous(), persistent=False)
        self.register_buffer("sin_table", sin.contiguous(), persistent=False)

    def _norm(self, mod: nn.Module, x: Tensor) -> Tensor:
        if isinstance(mod, nn.Identity):
            return x
        if isinstance(mod, mu_reference.LayerNorm):
            return F.layer_norm(x, (self.c.dim,), mod.weight, mod.bias, mod.eps)   # opset 17 LayerNormalization
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + mod.eps) * mod.weight

    def _ffn(self, ffn: nn.Module, h: Tensor) -> Tensor:
        if self.c.ffn_type == "swiglu":
            return ffn.down(F.silu(ffn.gate(h)) * ffn.up(h))
        u = ffn.up(h)
        return ffn.down(_MsGelu.apply(u) if self.c.ffn_type == "gelu" else F.gelu(u, approximate="tanh"))

    def _rope(self, x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:  # x (T, heads, head_dim); cos/sin (T, 1, rot)
        rot, hd = self.c.rot_dim, self.c.head_dim
        x_rot = x[..., :rot]
        half = rot // 2
        rotated = torch.cat([-x_rot[..., half:], x_rot[..., :half]], dim=-1)
        out = x_rot * cos + rotated * sin
        return out if rot == hd else torch.cat([out, x[..., rot:]], dim=-1)

    def forward(self, input_ids: Tensor, position_ids: Tensor, attention_mask: Tensor, past_keys: Tensor,
                past_values: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        c, t, s = self.c, self.t, self.s
        h_n, kv_n, hd = c.n_heads, c.n_kv_heads, c.head_dim
        group = h_n // kv_n
        scale = 1.0 / math.sqrt(hd)
        ids = input_ids.reshape(t)
        pos = position_ids.reshape(t)
        cos = self.cos_table[pos].reshape(t, 1, c.rot_dim)
        sin = self.sin_table[pos].reshape(t, 1, c.rot_dim)
        x = self.m.embed.weight[ids]                                          # (T, dim)
        new_k, new_v = [], []
        for i, layer in enumerate(self.m.layers):
            a = layer.attn
            h = self._norm(layer.attn_norm, x)
            q = self._rope(a.q(h).reshape(t, h_n, hd), cos, sin)              # (T, H, hd)
            k = self._rope(a.k(h).reshape(t, kv_n, hd), cos, sin)             # (T, KVH, hd)
            v = a.v(h).reshape(t, kv_n, hd)
            new_k.append(k)
            new_v.append(v)
            keys = torch.cat([past_keys[i], k.transpose(0, 1)], dim=1)        # (KVH, S + T, hd)
            values = torch.cat([past_values[i], v.transpose(0, 1)], dim=1)
            # query head j reads kv head j // group: (H, T, hd) -> (KVH, group * T, hd), no repeated K/V
            qg = q.transpose(0, 1).reshape(kv_n, group * t, hd)
            scores = torch.matmul(qg, keys.transpose(1, 2)) * scale           # (KVH, group * T, S + T)
            scores = scores.reshape(kv_n, group, t, s + t) + attention_mask   # mask (1, 1, T, S + T)
            probs = torch.softmax(scores, dim=-1).reshape(kv_n, group * t, s + t)
            att = torch.matmul(probs, values).reshape(h_n, t, hd).transpose(0, 1).reshape(t, h_n * hd)
            x = x + self._norm(layer.attn_post_norm, a.o(att))
            x = x + self._norm(layer.ffn_post_norm, self._ffn(layer.ffn, self._norm(layer.ffn_norm, x)))
        out_w = self.m.embed.weight if self.m.lm_head is None else self.m.lm_head.weight
        logits = _GemmT.apply(self._norm(self.m.norm, x), out_w).reshape(1, t, c.vocab_size)
        return logits, torch.stack(new_k), torch.stack(new_v)


INPUTS = ["input_ids", "position_ids", "attention_mask", "past_keys", "past_values"]
OUTPUTS = ["logits", "new_keys", "new_values"]


def example_inputs(cfg: MuConfig, t: int) -> tuple[Tensor, ...]:
    s = cfg.max_seq_len
    cache = (cfg.n_layers, cfg.n_kv_heads, s, cfg.head_dim)
    return (torch.zeros(1, t, dtype=torch.int32), torch.zeros(1, t, dtype=torch.int32),
            torch.zeros(1, 1, t, s + t), torch.zeros(cache), torch.zeros(cache))


def export_graph(model: MuModel, t: int, path: Path) -> onnx.ModelProto:
    step = StaticStep(model, t).eval()
    with torch.no_grad():
        torch.onnx.export(step, example_inputs(model.cfg, t), str(path), input_names=INPUTS, output_names=OUTPUTS,
                          opset_version=OPSET, do_constant_folding=True, dynamo=False,
                          custom_opsets={"com.microsoft": 1})
    graph = onnx.load(str(path))
    path.unlink()
    _constants_to_initializers(graph)
    return graph


def _constants_to_initializers(m: onnx.ModelProto) -> None:
    """Constant nodes become initializers: NPU EPs take constants as initializers, and the op list stays short."""
    keep = []
    for node in m.graph.node:
        if node.op_type == "Constant" and len(node.attribute) == 1 and node.attribute[0].name == "value":
            t = onnx.TensorProto()
            t.CopyFrom(node.attribute[0].t)
            t.name = node.output[0]
            m.graph.initializer.append(t)
        else:
            keep.append(node)
    del m.graph.node[:]
    m.graph.node.extend(keep)


# ---------------------------------------------------------------------------------------------------------------
# Packaging: two graphs, one weights file.


def write_package(graphs: dict[str, onnx.ModelProto], out: Path, cfg: MuConfig, windows: dict[str, int],
                  quant: str, source_dir: Path) -> None:
    """Writes the graphs with their large initializers moved into one shared, deduplicated weights.bin."""
    out.mkdir(parents=True, exist_ok=True)
    blobs: dict[str, tuple[int, int]] = {}        # sha256 -> (offset, length)
    with open(out / "weights.bin", "wb") as f:
        for name, g in graphs.items():
            for init in g.graph.initializer:
                raw = numpy_helper.to_array(init).tobytes()
                if len(raw) < INLINE_BYTES:
                    continue
                key = hashlib.sha256(raw + str(init.data_type).encode() + str(list(init.dims)).encode()).hexdigest()
                if key not in blobs:
                    pad = (-f.tell()) % ALIGN
                    f.write(b"\0" * pad)
                    blobs[key] = (f.tell(), len(raw))
                    f.write(raw)
                offset, length = blobs[key]
                dims, dtype, tname = list(init.dims), init.data_type, init.name
                init.Clear()
                init.name, init.data_type = tname, dtype
                init.dims.extend(dims)
                init.data_location = onnx.TensorProto.EXTERNAL
                for k, v in (("location", "weights.bin"), ("offset", str(offset)), ("length", str(length))):
                    e = init.external_data.add()
                    e.key, e.value = k, v
            onnx.save(g, str(out / f"{name}.onnx"))
    s = cfg.max_seq_len
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "backends": ["onnxruntime"],
        "execution_providers": {"tested": ["cpu"], "op_lists_checked": ["qnn-htp", "openvino-npu"]},
        "opset": OPSET,
        "quantization": quant,
        "source": {"config_sha256": hashlib.sha256((source_dir / "config.json").read_bytes()).hexdigest(),
                   "weights_fingerprint": weights_fingerprint(source_dir)},
        "batch": 1,
        "cache_len": s,
        "n_layers": cfg.n_layers, "n_kv_heads": cfg.n_kv_heads, "head_dim": cfg.head_dim,
        "vocab_size": cfg.vocab_size,
        "mask_value": MASK_VALUE,
        "padding": "left",
        "inputs": INPUTS,
        "outputs": OUTPUTS,
        "graphs": {name: {"file": f"{name}.onnx", "window": w,
                          "attention_columns": s + w} for name, w in windows.items()},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def weights_fingerprint(model_dir: Path) -> str:
    """SHA-256 over every *.safetensors file (by name): name, size, first and last 64 KiB. Cheap at load time even
    for large models, and a retrained model (same shapes, new values) changes it."""
    h = hashlib.sha256()
    for f in sorted(model_dir.glob("*.safetensors")):
        size = f.stat().st_size
        h.update(f"{f.name}\n{size}\n".encode())
        with open(f, "rb") as fh:
            h.update(fh.read(FINGERPRINT_BYTES))
            fh.seek(max(0, size - FINGERPRINT_BYTES))
            h.update(fh.read(FINGERPRINT_BYTES))
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# A Python runner of the package contract (the Java backend implements the same steps): used for --verify and to
# produce calibration inputs for int8.


class PackageRunner:
    def __init__(self, pkg: Path, providers: list[str] | None = None) -> None:
        import onnxruntime as ort
        self.man = json.loads((pkg / "manifest.json").read_text())
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        self.sess = {n: ort.InferenceSession(str(pkg / g["file"]), so, providers=providers or ["CPUExecutionProvider"])
                     for n, g in self.man["graphs"].items()}
        m = self.man
        self.s = m["cache_len"]
        shape = (m["n_layers"], m["n_kv_heads"], self.s, m["head_dim"])
        self.k, self.v = np.zeros(shape, np.float32), np.zeros(shape, np.float32)
        self.recorded: dict[str, list[dict]] | None = None

    def run_window(self, graph: str, tokens: list[int], pos0: int) -> np.ndarray:
        """tokens (len n <= window) at positions pos0..; left-padded; returns logits (n, vocab)."""
        t = self.man["graphs"][graph]["window"]
        n, pad, s = len(tokens), t - len(tokens), self.s
        ids = np.zeros((1, t), np.int32)
        pos = np.zeros((1, t), np.int32)
        ids[0, pad:] = tokens
        pos[0, pad:] = np.arange(pos0, pos0 + n)
        mask = np.full((1, 1, t, s + t), self.man["mask_value"], np.float32)
        for r in range(t):
            if r < pad:
                mask[0, 0, r, s + r] = 0.0                     # padding rows see themselves only
            else:
                mask[0, 0, r, :pos0] = 0.0                     # the cache rows before the window
                mask[0, 0, r, s + pad: s + r + 1] = 0.0        # the window's real tokens up to this one
        feeds = {"input_ids": ids, "position_ids": pos, "attention_mask": mask, "past_keys": self.k,
                 "past_values": self.v}
        if self.recorded is not None:
            self.recorded.setdefault(graph, []).append({k: v.copy() for k, v in feeds.items()})
        logits, nk, nv = self.sess[graph].run(None, feeds)
        self.k[:, :, pos0:pos0 + n] = nk[:, pad:].transpose(0, 2, 1, 3)
        self.v[:, :, pos0:pos0 + n] = nv[:, pad:].transpose(0, 2, 1, 3)
        return logits[0, pad:]

    def forward(self, tokens: list[int], pos0: int) -> np.ndarray:
        """All logits (n, vocab) of tokens at pos0..: full prefill windows, then the rest (decode for 1 token)."""
        w = self.man["graphs"]["prefill"]["window"]
        out, i = [], 0
        while i < len(tokens):
            part = tokens[i:i + w]
            graph = "decode" if len(part) == 1 else "prefill"
            out.append(self.run_window(graph, part, pos0 + i))
            i += len(part)
        return np.concatenate(out)


def verify(model: MuModel, pkg: Path, seed: int = 0) -> float:
    """Max |logit difference| between the package (ORT CPU) and mu_reference on a random prompt + decode steps."""
    cfg = model.cfg
    g = torch.Generator().manual_seed(seed)
    w = json.loads((pkg / "manifest.json").read_text())["graphs"]["prefill"]["window"]
    n = min(cfg.max_seq_len - 4, w + w // 2 + 1)            # one full window, then a left-padded one
    ids = torch.randint(0, cfg.vocab_size, (n + 3,), generator=g).tolist()
    with torch.no_grad():
        ref = model(torch.tensor(ids)).numpy()
    r = PackageRunner(pkg)
    got = np.concatenate([r.forward(ids[:n], 0)] + [r.forward([tok], n + j) for j, tok in enumerate(ids[n:])])
    return float(np.abs(got - ref).max())


# ---------------------------------------------------------------------------------------------------------------
# int8 QDQ


def calibration_sequences(model_dir: Path, n: int) -> list[list[int]]:
    """Token ids of n synthetic settings requests (train split, so never the dev set) with their programs."""
    from tokenizers import Tokenizer
    import settings_catalog
    import settings_data
    cat = settings_catalog.load_catalog()
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    k = json.loads((model_dir / "config.json").read_text()).get("agent_meta_candidates", 0) or 0
    seqs = []
    for ex in settings_data.generate(cat, "train", 1234, n):
        text = settings_catalog.build_prompt(cat, ex["text"], k) + ex["program"] + "<|end|>"
        seqs.append(tok.encode(text, add_special_tokens=False).ids)
    return seqs


def quantize_package(fp32_pkg: Path, out: Path, model_dir: Path, cfg: MuConfig, windows: dict[str, int],
                     n_calib: int) -> None:
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    runner = PackageRunner(fp32_pkg)
    runner.recorded = {}
    for seq in calibration_sequences(model_dir, n_calib):
        seq = seq[: cfg.max_seq_len]
        runner.k[:] = 0
        runner.v[:] = 0
        runner.forward(seq[:-4], 0)                  # prompt windows (full and padded) ...
        for j, tok in enumerate(seq[-4:]):           # ... and decode steps
            runner.forward([tok], len(seq) - 4 + j)

    class Reader(CalibrationDataReader):
        def __init__(self, feeds: list[dict]) -> None:
            self.it = iter(feeds)

        def get_next(self):
            return next(self.it, None)

    graphs = {}
    tmp = out.parent / (out.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    for name in windows:
        src = onnx.load(str(fp32_pkg / f"{name}.onnx"))     # external data resolved from fp32_pkg
        plain = tmp / f"{name}-fp32.onnx"
        onnx.save(src, str(plain))
        q = tmp / f"{name}-int8.onnx"
        # Linear layers (Gemm: weights int8 per channel, activations uint8); attention, norms, softmax and the
        # mask stay float: the additive mask and the softmax do not survive 8-bit activations.
        quantize_static(str(plain), str(q), Reader(runner.recorded[name]), quant_format=QuantFormat.QDQ,
                        op_types_to_quantize=["Gemm"], per_channel=True, activation_type=QuantType.QUInt8,
                        weight_type=QuantType.QInt8)
        graphs[name] = onnx.load(str(q))
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()
    write_package(graphs, out, cfg, windows, "int8-qdq (Gemm weights int8 per channel, activations uint8)",
                  model_dir)


# ---------------------------------------------------------------------------------------------------------------


def export(model_dir: Path, out: Path | None = None, prefill: int = 32, int8: bool = False, n_calib: int = 64,
           check: bool = False, verify_tol: float | None = None) -> Path:
    model = load_model(model_dir)
    cfg = model.cfg
    prefill = min(prefill, cfg.max_seq_len)
    out = out or model_dir / "onnx"
    windows = {"decode": 1, "prefill": prefill}
    out.mkdir(parents=True, exist_ok=True)
    graphs = {name: export_graph(model, w, out / f"{name}.tmp.onnx") for name, w in windows.items()}
    write_package(graphs, out, cfg, windows, "none (float32)", model_dir)
    print(f"{out}: decode (T=1) + prefill (T={prefill}), cache {cfg.max_seq_len} rows, "
          f"weights.bin {(out / 'weights.bin').stat().st_size} bytes")
    if verify_tol is not None:
        d = verify(model, out)
        print(f"{out}: max |logits - mu_reference| = {d:.3g}")
        if d > verify_tol:
            raise SystemExit(f"{out}: logits differ from mu_reference by {d} > {verify_tol}")
    pkgs = [out]
    if int8:
        q = out.parent / (out.name + "-int8")
        quantize_package(out, q, model_dir, cfg, windows, n_calib)
        print(f"{q}: int8 QDQ, weights.bin {(q / 'weights.bin').stat().st_size} bytes")
        pkgs.append(q)
    if check:
        import check_onnx_ops
        for p in pkgs:
            for name in windows:
                problems = check_onnx_ops.check(p / f"{name}.onnx")
                if problems:
                    raise SystemExit("\n".join(problems))
            print(f"{p}: op check passed (qnn-htp, openvino-npu; static shapes)")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("--out", type=Path, help="package directory (default MODEL_DIR/onnx)")
    ap.add_argument("--prefill", type=int, default=32, help="prefill window in tokens (default 32)")
    ap.add_argument("--int8", action="store_true", help="also write an int8 QDQ package (OUT-int8)")
    ap.add_argument("--calib", type=int, default=64, help="calibration requests for --int8 (train split)")
    ap.add_argument("--check", action="store_true", help="run scripts/check_onnx_ops.py on the graphs")
    ap.add_argument("--verify", type=float, nargs="?", const=1e-4, metavar="TOL",
                    help="compare logits with mu_reference.py; fail above TOL (default 1e-4)")
    a = ap.parse_args()
    export(a.model_dir, a.out, a.prefill, a.int8, a.calib, a.check, a.verify)


if __name__ == "__main__":
    main()
