"""Independent PyTorch reference of the Mu architecture, written from models/FORMAT.md only.

It is the specification in executable form: plain float32 ops, no fused kernels, no runtime code consulted.
Golden files and (later) training reuse it.

Usage (library):
    import torch
    from mu_reference import load, save
    model = load("tests/golden/mu-dual-ln-gelu")           # F16/BF16 weights are upcast to float32
    logits = model(torch.tensor([5, 17, 42]))               # (3, vocab_size): full causal forward from pos 0
    cache = model.new_cache()
    logits = model(torch.tensor([5, 17]), start_pos=0, cache=cache)   # prefill, (2, vocab_size)
    logits = model(torch.tensor([42]), start_pos=2, cache=cache)      # decode,  (1, vocab_size)
    save(model, "out/my-model", dtype=torch.float16)        # config.json + model.safetensors

Usage (command line): top-5 next tokens after a token sequence
    python3 scripts/mu_reference.py MODEL_DIR TOKEN_ID [TOKEN_ID ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch import Tensor, nn

FFN_TYPES = ("swiglu", "gelu", "gelu_tanh")
NORM_TYPES = ("layernorm", "rmsnorm")
STORED_DTYPES = (torch.float32, torch.float16, torch.bfloat16)


@dataclass(frozen=True)
class MuConfig:
    """config.json of a Mu model (`"model_type": "mu"`); field names and defaults as in FORMAT.md."""

    vocab_size: int
    dim: int
    n_layers: int
    n_heads: int
    n_kv_heads: int
    head_dim: int
    hidden_dim: int
    ffn_type: str
    norm_type: str
    dual_norm: bool
    norm_eps: float
    rope_theta: float
    max_seq_len: int
    tie_embeddings: bool
    rotary_fraction: float = 1.0
    qkv_bias: bool = False
    o_bias: bool = False
    mlp_bias: bool = False
    bos_token_id: int | None = None
    eos_token_id: int | None = None
    # Settings agent models only (models/settings/AGENT-FORMAT.md): K meta candidates in the prompt. Not part of
    # the forward pass; left out of config.json when unset.
    agent_meta_candidates: int | None = None

    def __post_init__(self) -> None:
        if self.ffn_type not in FFN_TYPES:
            raise ValueError(f"ffn_type {self.ffn_type!r} is not one of {FFN_TYPES}")
        if self.norm_type not in NORM_TYPES:
            raise ValueError(f"norm_type {self.norm_type!r} is not one of {NORM_TYPES}")
        if self.n_heads % self.n_kv_heads != 0:
            raise ValueError(f"n_kv_heads {self.n_kv_heads} does not divide n_heads {self.n_heads}")
        rot = self.head_dim * self.rotary_fraction
        if rot != int(rot) or int(rot) % 2 != 0 or not 0 < rot <= self.head_dim:
            raise ValueError(f"head_dim * rotary_fraction = {rot} must be an even integer in (0, head_dim]")

    @property
    def rot_dim(self) -> int:
        """Rotary dims per head: the first rot_dim dims of each q/k head are rotated, the rest pass through."""
        return int(self.head_dim * self.rotary_fraction)

    @classmethod
    def from_dict(cls, d: dict) -> MuConfig:
        if d.get("model_type") != "mu":
            raise ValueError(f"model_type is {d.get('model_type')!r}, expected 'mu'")
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(d) - fields - {"model_type"})
        if unknown:
            raise ValueError(f"unknown config.json fields: {unknown}")
        return cls(**{k: v for k, v in d.items() if k != "model_type"})

    def to_dict(self) -> dict:
        """config.json content; optional ids that are unset are left out."""
        d = {"model_type": "mu", **dataclasses.asdict(self)}
        return {k: v for k, v in d.items() if v is not None}


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: Tensor) -> Tensor:  # (..., dim) -> (..., dim)
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class LayerNorm(nn.Module):
    def __init__(self, dim: int, eps: float) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x: Tensor) -> Tensor:  # (..., dim) -> (..., dim); biased variance, eps inside the sqrt
        mean = x.mean(-1, keepdim=True)
        var = (x - mean).pow(2).mean(-1, keepdim=True)
        return (x - mean) * torch.rsqrt(var + self.eps) * self.weight + self.bias


def make_norm(cfg: MuConfig) -> nn.Module:
    return LayerNorm(cfg.dim, cfg.norm_eps) if cfg.norm_type == "layernorm" else RMSNorm(cfg.dim, cfg.norm_eps)


def rope_cos_sin(cfg: MuConfig, positions: Tensor) -> tuple[Tensor, Tensor]:
    """cos, sin of shape (T, rot_dim) for positions (T,), in float32 (HF Llama convention)."""
    rot = cfg.rot_dim
    inv_freq = 1.0 / (cfg.rope_theta ** (torch.arange(0, rot, 2, device=positions.device).float() / rot))
    angles = positions.float()[:, None] * inv_freq[None, :]  # (T, rot/2)
    angles = torch.cat([angles, angles], dim=-1)  # (T, rot): dims j and j + rot/2 share frequency j
    return angles.cos(), angles.sin()


def rotate_half(x: Tensor) -> Tensor:  # (..., 2m): [x1, x2] -> [-x2, x1]
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat([-x2, x1], dim=-1)


def apply_rope(x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
    """x (B, T, heads, head_dim); cos/sin (T, rot_dim). Rotates the first rot_dim dims of every head."""
    rot = cos.shape[-1]
    cos, sin = cos[None, :, None, :], sin[None, :, None, :]  # broadcast over batch and heads
    x_rot, x_pass = x[..., :rot], x[..., rot:]
    return torch.cat([x_rot * cos + rotate_half(x_rot) * sin, x_pass], dim=-1)


class KVCache:
    """Post-RoPE keys and values of every layer: k[i], v[i] are (B, max_seq_len, n_kv_heads, head_dim)."""

    def __init__(self, cfg: MuConfig, batch_size: int = 1, device: torch.device | str = "cpu") -> None:
        shape = (batch_size, cfg.max_seq_len, cfg.n_kv_heads, cfg.head_dim)
        self.k = [torch.zeros(shape, device=device) for _ in range(cfg.n_layers)]
        self.v = [torch.zeros(shape, device=device) for _ in range(cfg.n_layers)]


class Attention(nn.Module):
    def __init__(self, cfg: MuConfig) -> None:
        super().__init__()
        self.n_heads, self.n_kv_heads, self.head_dim = cfg.n_heads, cfg.n_kv_heads, cfg.head_dim
        self.q = nn.Linear(cfg.dim, cfg.n_heads * cfg.head_dim, bias=cfg.qkv_bias)
        self.k = nn.Linear(cfg.dim, cfg.n_kv_heads * cfg.head_dim, bias=cfg.qkv_bias)
        self.v = nn.Linear(cfg.dim, cfg.n_kv_heads * cfg.head_dim, bias=cfg.qkv_bias)
        self.o = nn.Linear(cfg.n_heads * cfg.head_dim, cfg.dim, bias=cfg.o_bias)

    def forward(
        self, h: Tensor, cos: Tensor, sin: Tensor, start_pos: int, kv: tuple[Tensor, Tensor] | None
    ) -> Tensor:
        """h (B, T, dim) at positions start_pos..start_pos+T-1 -> (B, T, dim).

        kv: this layer's cache buffers (B, max_seq_len, n_kv_heads, head_dim), written at the T new
        positions and read for positions 0..start_pos+T-1; None attends to the T new positions only.
        """
        B, T, _ = h.shape
        q = apply_rope(self.q(h).view(B, T, self.n_heads, self.head_dim), cos, sin)
        k = apply_rope(self.k(h).view(B, T, self.n_kv_heads, self.head_dim), cos, sin)
        v = self.v(h).view(B, T, self.n_kv_heads, self.head_dim)
        if kv is not None:
            k_cache, v_cache = kv
            k_cache[:, start_pos : start_pos + T] = k
            v_cache[:, start_pos : start_pos + T] = v
            k, v = k_cache[:, : start_pos + T], v_cache[:, : start_pos + T]  # (B, S, n_kv_heads, head_dim)
        # Grouped-query attention: query head j uses kv head j // (n_heads / n_kv_heads) (HF repeat_kv).
        group = self.n_heads // self.n_kv_heads
        k = k.repeat_interleave(group, dim=2)  # (B, S, n_heads, head_dim)
        v = v.repeat_interleave(group, dim=2)
        scores = torch.einsum("bthd,bshd->bhts", q, k) / math.sqrt(self.head_dim)  # (B, n_heads, T, S)
        q_pos = torch.arange(start_pos, start_pos + T, device=h.device)
        k_pos = torch.arange(k.shape[1], device=h.device)
        future = k_pos[None, :] > q_pos[:, None]  # (T, S): causal, a query sees keys at positions <= its own
        probs = scores.masked_fill(future, float("-inf")).softmax(dim=-1)
        out = torch.einsum("bhts,bshd->bthd", probs, v).reshape(B, T, self.n_heads * self.head_dim)
        return self.o(out)


class FeedForward(nn.Module):
    def __init__(self, cfg: MuConfig) -> None:
        super().__init__()
        self.ffn_type = cfg.ffn_type
        if cfg.ffn_type == "swiglu":
            self.gate = nn.Linear(cfg.dim, cfg.hidden_dim, bias=cfg.mlp_bias)
        self.up = nn.Linear(cfg.dim, cfg.hidden_dim, bias=cfg.mlp_bias)
        self.down = nn.Linear(cfg.hidden_dim, cfg.dim, bias=cfg.mlp_bias)

    def forward(self, h: Tensor) -> Tensor:  # (B, T, dim) -> (B, T, dim)
        if self.ffn_type == "swiglu":
            return self.down(F.silu(self.gate(h)) * self.up(h))
        approximate = "tanh" if self.ffn_type == "gelu_tanh" else "none"  # "gelu" is the exact erf form
        return self.down(F.gelu(self.up(h), approximate=approximate))


class Block(nn.Module):
    def __init__(self, cfg: MuConfig) -> None:
        super().__init__()
        # Without dual_norm the post norms are identities with no parameters (no tensors in the file).
        post_norm = make_norm if cfg.dual_norm else (lambda _: nn.Identity())
        self.attn_norm = make_norm(cfg)
        self.attn = Attention(cfg)
        self.attn_post_norm = post_norm(cfg)
        self.ffn_norm = make_norm(cfg)
        self.ffn = FeedForward(cfg)
        self.ffn_post_norm = post_norm(cfg)

    def forward(
        self, x: Tensor, cos: Tensor, sin: Tensor, start_pos: int, kv: tuple[Tensor, Tensor] | None
    ) -> Tensor:  # (B, T, dim) -> (B, T, dim)
        x = x + self.attn_post_norm(self.attn(self.attn_norm(x), cos, sin, start_pos, kv))
        return x + self.ffn_post_norm(self.ffn(self.ffn_norm(x)))


class MuModel(nn.Module):
    """The Mu transformer; state_dict() names are exactly the tensor names of FORMAT.md."""

    def __init__(self, cfg: MuConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.dim)
        self.layers = nn.ModuleList(Block(cfg) for _ in range(cfg.n_layers))
        self.norm = make_norm(cfg)
        self.lm_head = None if cfg.tie_embeddings else nn.Linear(cfg.dim, cfg.vocab_size, bias=False)

    def new_cache(self, batch_size: int = 1) -> KVCache:
        return KVCache(self.cfg, batch_size, self.embed.weight.device)

    def forward(self, tokens: Tensor, start_pos: int = 0, cache: KVCache | None = None) -> Tensor:
        """tokens (T,) or (B, T) at positions start_pos.. -> float32 logits (T, vocab) or (B, T, vocab).

        With a cache, the tokens' keys/values are stored in it and attention covers all earlier positions;
        without one, the tokens are the whole sequence and start_pos must be 0.
        """
        unbatched = tokens.dim() == 1
        if unbatched:
            tokens = tokens[None]
        T = tokens.shape[1]
        if cache is None and start_pos != 0:
            raise ValueError("start_pos > 0 needs a KV cache holding the earlier positions")
        if start_pos + T > self.cfg.max_seq_len:
            raise ValueError(f"positions up to {start_pos + T} exceed max_seq_len {self.cfg.max_seq_len}")
        cos, sin = rope_cos_sin(self.cfg, torch.arange(start_pos, start_pos + T, device=tokens.device))
        x = self.embed(tokens)  # (B, T, dim)
        for i, layer in enumerate(self.layers):
            kv = None if cache is None else (cache.k[i], cache.v[i])
            x = layer(x, cos, sin, start_pos, kv)
        out_weight = self.embed.weight if self.lm_head is None else self.lm_head.weight  # (vocab, dim)
        logits = self.norm(x) @ out_weight.T  # (B, T, vocab)
        return logits[0] if unbatched else logits


def load(model_dir: str | Path) -> MuModel:
    """Reads config.json + model.safetensors; every tensor must be present with its FORMAT.md name and shape."""
    model_dir = Path(model_dir)
    cfg = MuConfig.from_dict(json.loads((model_dir / "config.json").read_text()))
    tensors = load_file(model_dir / "model.safetensors")
    for name, t in tensors.items():
        if t.dtype not in STORED_DTYPES:
            raise ValueError(f"{model_dir / 'model.safetensors'}: tensor {name} has dtype {t.dtype}")
    model = MuModel(cfg)
    model.load_state_dict({name: t.float() for name, t in tensors.items()}, strict=True)
    return model.eval()


def save(model: MuModel, model_dir: str | Path, dtype: torch.dtype = torch.float32) -> None:
    """Writes config.json + model.safetensors, every tensor stored as dtype (F32, F16 or BF16)."""
    if dtype not in STORED_DTYPES:
        raise ValueError(f"dtype {dtype} is not one of {STORED_DTYPES}")
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "config.json").write_text(json.dumps(model.cfg.to_dict(), indent=2) + "\n")
    tensors = {name: t.detach().to(dtype).contiguous() for name, t in model.state_dict().items()}
    save_file(tensors, model_dir / "model.safetensors")


def main() -> None:
    parser = argparse.ArgumentParser(description="Top-5 next tokens of a Mu model after a token sequence.")
    parser.add_argument("model_dir")
    parser.add_argument("tokens", type=int, nargs="+")
    args = parser.parse_args()
    model = load(args.model_dir)
    with torch.no_grad():
        logits = model(torch.tensor(args.tokens))[-1]  # (vocab,)
    top = logits.topk(5)
    for value, index in zip(top.values.tolist(), top.indices.tolist()):
        print(f"{index}\t{value:.6f}")


if __name__ == "__main__":
    main()
