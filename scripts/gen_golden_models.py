"""Writes the forward-pass golden files: tiny random models and the logits they must produce.

Usage:
    python3 scripts/gen_golden_models.py              # rewrites tests/golden/{mu-*,hf-*}/ and golden-index.json
    python3 scripts/gen_golden_models.py --out DIR    # writes elsewhere (e.g. to diff against the committed files)

Mu models are built, run and checked with scripts/mu_reference.py; HF Llama/Qwen2 models with `transformers`
(eager attention). Seeds are fixed, so reruns with the same package versions give byte-identical files.
The layout of expected.bin and golden-index.json is documented in tests/golden/README.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tokenizers
import torch
import transformers
from torch import Tensor, nn
from transformers import AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM

from mu_reference import MuConfig, MuModel, load, save

REPO = Path(__file__).resolve().parent.parent
MAGIC = b"MU4JGOLD"
VERSION = 1
N_TOKENS = 12
# (start_pos, n_tokens): a 6-token prefill, three 1-token decode steps, then a 3-token chunk at pos 9..11.
STEPS = [(0, 6), (6, 1), (7, 1), (8, 1), (9, 3)]
RELATIVE_TOLERANCE = 1e-4  # the Java test's bound: |diff| <= 1e-4 * logit_range
INCREMENTAL_TOLERANCE = 1e-5  # reference self-check: KV-cache steps vs full forward
RELOAD_TOLERANCE = 1e-6  # reloading the written files must reproduce expected.bin
HF_KEEP = {"config.json", "model.safetensors", "generation_config.json", "greedy.json"}


@dataclass(frozen=True)
class MuSpec:
    name: str
    seed: int
    std: float  # std of every matrix (embeddings included), tuned for logits spanning a few units
    dtype: torch.dtype  # storage dtype of every tensor
    config: MuConfig
    up_bias_shift: float = 0.0  # added to every ffn.up.bias after randomize
    tokenizer: str | None = None  # a tests/golden/tokenizers/<name> whose tokenizer.json the model dir gets


@dataclass(frozen=True)
class HfSpec:
    name: str
    seed: int
    std: float
    model_class: type
    config: transformers.PretrainedConfig
    legacy_config_layout: bool  # rewrite config.json as transformers 4.x writes it (see to_legacy_layout)


MU_SPECS = [
    MuSpec("mu-dual-ln-gelu", seed=1001, std=0.1, dtype=torch.float32, config=MuConfig(
        vocab_size=320, dim=64, n_layers=2, n_heads=4, n_kv_heads=2, head_dim=16, hidden_dim=176,
        ffn_type="gelu", norm_type="layernorm", dual_norm=True, norm_eps=1e-5, rope_theta=10000.0,
        rotary_fraction=0.5, max_seq_len=64, tie_embeddings=True, qkv_bias=True, o_bias=True, mlp_bias=True),
        # GELU inputs near -2.7 give outputs near 0 that the erf and tanh forms get 5% apart (4.7e-4 absolute);
        # the post norm rescales them, so this golden tells the two forms apart (~14x its tolerance).
        up_bias_shift=-2.0),
    # n_heads * head_dim = 64 != dim = 48 on purpose: q/o are not square.
    MuSpec("mu-swiglu-rms-f16", seed=1002, std=0.1, dtype=torch.float16, config=MuConfig(
        vocab_size=320, dim=48, n_layers=2, n_heads=4, n_kv_heads=1, head_dim=16, hidden_dim=96,
        ffn_type="swiglu", norm_type="rmsnorm", dual_norm=True, norm_eps=1e-5, rope_theta=10000.0,
        rotary_fraction=1.0, max_seq_len=64, tie_embeddings=False)),
    MuSpec("mu-swiglu-bf16", seed=1003, std=0.1, dtype=torch.bfloat16, config=MuConfig(
        vocab_size=320, dim=64, n_layers=2, n_heads=2, n_kv_heads=2, head_dim=32, hidden_dim=176,
        ffn_type="swiglu", norm_type="rmsnorm", dual_norm=False, norm_eps=1e-5, rope_theta=500000.0,
        rotary_fraction=1.0, max_seq_len=64, tie_embeddings=True)),
    # A text model: vocab = the llama3-style golden tokenizer's (827 ids), so text generation runs end to end.
    MuSpec("mu-tiny-text", seed=1004, std=0.1, dtype=torch.float32, tokenizer="llama3", config=MuConfig(
        vocab_size=827, dim=64, n_layers=2, n_heads=4, n_kv_heads=2, head_dim=16, hidden_dim=176,
        ffn_type="swiglu", norm_type="layernorm", dual_norm=True, norm_eps=1e-5, rope_theta=10000.0,
        rotary_fraction=1.0, max_seq_len=128, tie_embeddings=True, bos_token_id=822, eos_token_id=823)),
]

GREEDY_PROMPT = 6  # greedy.json: the first 6 golden tokens as the prompt ...
GREEDY_NEW = 10  # ... and 10 greedy tokens after it
GREEDY_MIN_MARGIN = 1e-3  # top-1 minus top-2 logit at every greedy step, so float noise cannot flip a choice
TEXT_PROMPT = "The quick brown fox"

HF_COMMON = dict(vocab_size=320, hidden_size=64, intermediate_size=176, num_hidden_layers=2,
                 num_attention_heads=4, rms_norm_eps=1e-6, max_position_embeddings=128, dtype="float32",
                 attn_implementation="eager")
HF_SPECS = [
    HfSpec("hf-llama-tiny", seed=2001, std=0.1, model_class=LlamaForCausalLM, legacy_config_layout=True,
           config=LlamaConfig(**HF_COMMON, num_key_value_heads=2, rope_theta=10000.0, tie_word_embeddings=False)),
    # rope_theta 1e6 (Qwen2's own value) so a reader that misses rope_parameters and falls back to 10000 fails.
    HfSpec("hf-qwen2-tiny", seed=2002, std=0.1, model_class=Qwen2ForCausalLM, legacy_config_layout=False,
           config=Qwen2Config(**HF_COMMON, num_key_value_heads=1, rope_theta=1000000.0, tie_word_embeddings=True)),
]


def randomize(model: nn.Module, seed: int, std: float) -> None:
    """Re-initialises every parameter so that each one matters: matrices N(0, std^2), 1-D weights (all norm
    weights, in Mu and HF models alike) 1 + N(0, 0.1^2), biases N(0, 0.1^2)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):  # sorted: the draw order never depends on module order
            noise = torch.randn(p.shape, generator=g)
            if p.dim() == 2:
                p.copy_(noise * std)
            elif name.endswith(".weight"):
                p.copy_(1.0 + 0.1 * noise)
            else:
                p.copy_(0.1 * noise)


def golden_tokens(seed: int, vocab_size: int) -> Tensor:  # (N_TOKENS,) int64
    return torch.randint(0, vocab_size, (N_TOKENS,), generator=torch.Generator().manual_seed(seed))


def expected_logits(forward: Callable[[Tensor], Tensor], tokens: Tensor) -> list[Tensor]:
    """Per step, the (n_tokens, vocab) logits at the step's positions of a full forward over tokens[:end]."""
    with torch.no_grad():
        return [forward(tokens[: start + n])[start : start + n].float() for start, n in STEPS]


def write_expected(path: Path, vocab_size: int, tokens: Tensor, logits: list[Tensor]) -> None:
    """expected.bin, little-endian: header (magic, version, vocab_size, n_steps), then per step
    start_pos, n_tokens, int32[n_tokens] token ids, float32[n_tokens * vocab_size] logits row-major."""
    with open(path, "wb") as f:
        f.write(MAGIC + struct.pack("<iii", VERSION, vocab_size, len(STEPS)))
        for (start, n), step_logits in zip(STEPS, logits):
            f.write(struct.pack("<ii", start, n))
            f.write(tokens[start : start + n].numpy().astype("<i4").tobytes())
            f.write(step_logits.numpy().astype("<f4").tobytes())


def read_expected(path: Path) -> tuple[Tensor, list[Tensor]]:
    """Inverse of write_expected: (tokens (N_TOKENS,), per-step logits), checking the header and layout."""
    data = path.read_bytes()
    version, vocab_size, n_steps = struct.unpack_from("<iii", data, len(MAGIC))
    assert data[: len(MAGIC)] == MAGIC and version == VERSION and n_steps == len(STEPS), path
    offset, tokens, logits = len(MAGIC) + 12, [], []
    for start, n in STEPS:
        assert struct.unpack_from("<ii", data, offset) == (start, n), path
        offset += 8
        tokens += np.frombuffer(data, "<i4", n, offset).tolist()
        offset += 4 * n
        logits.append(torch.from_numpy(np.frombuffer(data, "<f4", n * vocab_size, offset).copy()).view(n, -1))
        offset += 4 * n * vocab_size
    assert offset == len(data), f"{path}: {len(data) - offset} trailing bytes"
    return torch.tensor(tokens), logits


def max_diff(a: list[Tensor], b: list[Tensor]) -> float:
    return max((x - y).abs().max().item() for x, y in zip(a, b))


def logit_stats(logits: list[Tensor]) -> dict:
    all_logits = torch.cat([x.flatten() for x in logits])
    lo, hi = all_logits.min().item(), all_logits.max().item()
    return {"logit_min": round(lo, 6), "logit_max": round(hi, 6), "logit_range": round(hi - lo, 6)}


def greedy(forward: Callable[[Tensor], Tensor], prompt: Tensor, name: str) -> tuple[list[int], float]:
    """GREEDY_NEW argmax tokens after prompt (full forward per step) and the smallest top-1/top-2 margin."""
    ids, margin = prompt.clone(), float("inf")
    with torch.no_grad():
        for _ in range(GREEDY_NEW):
            top2 = forward(ids)[-1].float().topk(2).values
            margin = min(margin, float(top2[0] - top2[1]))
            ids = torch.cat([ids, forward(ids)[-1].argmax().reshape(1)])
    assert margin >= GREEDY_MIN_MARGIN, f"{name}: greedy margin {margin} too small; pick another seed"
    return ids[len(prompt):].tolist(), margin


def write_greedy(model_dir: Path, forward: Callable[[Tensor], Tensor], tokens: Tensor, name: str,
                 tokenizer: "tokenizers.Tokenizer | None" = None) -> None:
    """greedy.json: a prompt and the greedy continuation the reference computes (the Java test freezes it).
    With a tokenizer, the prompt is TEXT_PROMPT encoded by HF tokenizers and the text is HF's decode."""
    entry: dict = {}
    if tokenizer is not None:
        prompt = torch.tensor(tokenizer.encode(TEXT_PROMPT).ids)
        entry["prompt_text"] = TEXT_PROMPT
    else:
        prompt = tokens[:GREEDY_PROMPT]
    generated, margin = greedy(forward, prompt, name)
    entry.update(prompt_ids=prompt.tolist(), generated_ids=generated, min_margin=round(margin, 6))
    if tokenizer is not None:
        entry["generated_text"] = tokenizer.decode(generated, skip_special_tokens=False)
    (model_dir / "greedy.json").write_text(json.dumps(entry, indent=2, ensure_ascii=False) + "\n")


def dtype_name(dtype: torch.dtype) -> str:
    return {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}[dtype]


def generate_mu(spec: MuSpec, out: Path) -> dict:
    model_dir = out / spec.name
    shutil.rmtree(model_dir, ignore_errors=True)
    model = MuModel(spec.config)
    randomize(model, spec.seed, spec.std)
    if spec.up_bias_shift:
        with torch.no_grad():
            for layer in model.layers:
                layer.ffn.up.bias.add_(spec.up_bias_shift)
    save(model, model_dir, spec.dtype)
    model = load(model_dir)  # expected logits come from the weights as stored (F16/BF16 rounded)
    tokens = golden_tokens(spec.seed, spec.config.vocab_size)
    logits = expected_logits(model, tokens)

    cache = model.new_cache()  # self-check: incremental decoding with the KV cache == full forward
    with torch.no_grad():
        incremental = [model(tokens[start : start + n], start, cache) for start, n in STEPS]
    diff = max_diff(incremental, logits)
    assert diff <= INCREMENTAL_TOLERANCE, f"{spec.name}: KV-cache forward differs by {diff}"

    write_expected(model_dir / "expected.bin", spec.config.vocab_size, tokens, logits)
    tokenizer = None
    if spec.tokenizer:
        source = REPO / "tests" / "golden" / "tokenizers" / spec.tokenizer / "tokenizer.json"
        shutil.copyfile(source, model_dir / "tokenizer.json")
        tokenizer = tokenizers.Tokenizer.from_file(str(source))
        assert tokenizer.get_vocab_size() == spec.config.vocab_size, "vocab must match the tokenizer"
    write_greedy(model_dir, model, tokens, spec.name, tokenizer)
    summary = {k: v for k, v in spec.config.to_dict().items() if k != "model_type"}
    return {"dir": spec.name, "format": "mu", "weights_dtype": dtype_name(spec.dtype), "config": summary,
            **logit_stats(logits)}


def to_legacy_layout(config_path: Path) -> None:
    """Rewrites a transformers 5 config.json in the 4.x layout that most published checkpoints still use:
    top-level rope_theta and rope_scaling instead of rope_parameters, torch_dtype instead of dtype."""
    d = json.loads(config_path.read_text())
    rope = d.pop("rope_parameters")
    assert rope == {"rope_theta": rope["rope_theta"], "rope_type": "default"}, rope
    d["rope_theta"], d["rope_scaling"] = rope["rope_theta"], None
    d["torch_dtype"] = d.pop("dtype")
    config_path.write_text(json.dumps(dict(sorted(d.items())), indent=2) + "\n")


def hf_forward(model: nn.Module) -> Callable[[Tensor], Tensor]:  # ids (T,) -> logits (T, vocab)
    return lambda ids: model(input_ids=ids[None], use_cache=False).logits[0]


def generate_hf(spec: HfSpec, out: Path) -> dict:
    model_dir = out / spec.name
    shutil.rmtree(model_dir, ignore_errors=True)
    torch.manual_seed(spec.seed)  # transformers draws its own init from the global RNG; randomize replaces it
    model = spec.model_class(spec.config).eval()
    randomize(model, spec.seed, spec.std)
    model.save_pretrained(model_dir)  # transformers 5 always writes safetensors (no safe_serialization flag)
    for extra in sorted(set(p.name for p in model_dir.iterdir()) - HF_KEEP):
        (model_dir / extra).unlink()
    if spec.legacy_config_layout:
        to_legacy_layout(model_dir / "config.json")
    tokens = golden_tokens(spec.seed, spec.config.vocab_size)
    logits = expected_logits(hf_forward(model), tokens)
    write_expected(model_dir / "expected.bin", spec.config.vocab_size, tokens, logits)
    write_greedy(model_dir, hf_forward(model), tokens, spec.name)

    c = spec.config
    summary = {"vocab_size": c.vocab_size, "dim": c.hidden_size, "n_layers": c.num_hidden_layers,
               "n_heads": c.num_attention_heads, "n_kv_heads": c.num_key_value_heads,
               "head_dim": c.hidden_size // c.num_attention_heads, "hidden_dim": c.intermediate_size,
               "ffn_type": "swiglu", "norm_type": "rmsnorm", "dual_norm": False, "norm_eps": c.rms_norm_eps,
               "rope_theta": c.rope_parameters["rope_theta"], "rotary_fraction": 1.0,
               "tie_embeddings": c.tie_word_embeddings, "qkv_bias": c.model_type == "qwen2",
               "config_layout": "transformers-4" if spec.legacy_config_layout else "transformers-5"}
    return {"dir": spec.name, "format": f"hf-{c.model_type}", "weights_dtype": "F32", "config": summary,
            **logit_stats(logits)}


def mu_from_hf(hf_model: nn.Module) -> MuModel:
    """The Mu model with the same weights as an HF Llama/Qwen2 model (FORMAT.md's reading of HF configs)."""
    c = hf_model.config
    head_dim = getattr(c, "head_dim", None) or c.hidden_size // c.num_attention_heads
    cfg = MuConfig(vocab_size=c.vocab_size, dim=c.hidden_size, n_layers=c.num_hidden_layers,
                   n_heads=c.num_attention_heads, n_kv_heads=c.num_key_value_heads, head_dim=head_dim,
                   hidden_dim=c.intermediate_size, ffn_type="swiglu", norm_type="rmsnorm", dual_norm=False,
                   norm_eps=c.rms_norm_eps, rope_theta=c.rope_parameters["rope_theta"],
                   max_seq_len=c.max_position_embeddings, tie_embeddings=c.tie_word_embeddings,
                   qkv_bias=c.model_type == "qwen2" or getattr(c, "attention_bias", False),
                   o_bias=getattr(c, "attention_bias", False), mlp_bias=getattr(c, "mlp_bias", False))
    renames = [("model.embed_tokens.", "embed."), ("model.norm.", "norm."), ("model.layers.", "layers."),
               ("self_attn.", "attn."), ("_proj.", "."), ("input_layernorm.", "attn_norm."),
               ("post_attention_layernorm.", "ffn_norm."), ("mlp.", "ffn.")]
    state = {}
    for name, t in hf_model.state_dict().items():
        for old, new in renames:
            name = name.replace(old, new)
        state[name] = t
    if cfg.tie_embeddings:
        state.pop("lm_head.weight", None)
    model = MuModel(cfg)
    model.load_state_dict(state, strict=True)
    return model.eval()


def check(out: Path, index: list[dict]) -> None:
    """Reloads every directory independently of the generator's in-memory models and recomputes its logits."""
    for entry in index:
        model_dir = out / entry["dir"]
        tokens, logits = read_expected(model_dir / "expected.bin")
        tolerance = RELATIVE_TOLERANCE * entry["logit_range"]
        if entry["format"] == "mu":
            diff = max_diff(expected_logits(load(model_dir), tokens), logits)
            assert diff <= RELOAD_TOLERANCE, f"{model_dir}: reloaded logits differ by {diff}"
            print(f"{entry['dir']:20s} reload max|diff| {diff:.2e}")
        else:
            hf_model = AutoModelForCausalLM.from_pretrained(model_dir, attn_implementation="eager").eval()
            diff = max_diff(expected_logits(hf_forward(hf_model), tokens), logits)
            assert diff <= RELOAD_TOLERANCE, f"{model_dir}: from_pretrained logits differ by {diff}"
            # The Mu reference must agree with transformers when given the same weights.
            ref_diff = max_diff(expected_logits(mu_from_hf(hf_model), tokens), logits)
            assert ref_diff <= tolerance, f"{model_dir}: mu_reference differs from transformers by {ref_diff}"
            print(f"{entry['dir']:20s} reload max|diff| {diff:.2e}, mu_reference vs transformers {ref_diff:.2e}")
        print(f"{'':20s} logit range {entry['logit_range']:.4f}, Java tolerance {tolerance:.2e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "tests" / "golden")
    args = parser.parse_args()
    torch.set_num_threads(1)  # one thread: a fixed summation order, so reruns give the same float bits
    transformers.utils.logging.disable_progress_bar()
    args.out.mkdir(parents=True, exist_ok=True)

    index = [generate_mu(spec, args.out) for spec in MU_SPECS] + [generate_hf(spec, args.out) for spec in HF_SPECS]
    golden_index = {
        "expected_file": "expected.bin",
        "layout": "see README.md",
        "n_tokens": N_TOKENS,
        "steps": [{"start_pos": start, "n_tokens": n} for start, n in STEPS],
        "relative_tolerance": RELATIVE_TOLERANCE,
        "tolerance_rule": "max |actual - expected| <= relative_tolerance * logit_range",
        "generator": "scripts/gen_golden_models.py",
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        "models": index,
    }
    (args.out / "golden-index.json").write_text(json.dumps(golden_index, indent=2) + "\n")
    check(args.out, index)


if __name__ == "__main__":
    main()
