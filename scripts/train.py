"""Trains a Mu model (scripts/mu_reference.py): plain-text pretraining or the settings-agent fine-tune.

Usage:
    # settings fine-tune from scratch (or --init a pretrained model dir), exported to OUT/model
    python3 scripts/train.py --data build/settings/train.jsonl --dev models/settings/data/dev.jsonl \
        --tokenizer build/settings/tokenizer.json --out build/settings/run --steps 3000 --meta-k 0
    # pretraining on any plain-text file (next-token loss on every token)
    python3 scripts/train.py --pretrain-text corpus.txt --tokenizer tok.json --out build/pre --steps 500
    # knowledge distillation from a larger teacher model dir (same tokenizer)
    python3 scripts/train.py ... --teacher build/teacher/model --kd-alpha 0.5 --kd-temperature 2
    # continue an interrupted run from OUT/ckpt.pt
    python3 scripts/train.py ... --resume

What it does: the Mu architecture of mu_reference.MuModel (dual LayerNorm, RoPE, GQA, tied embeddings); a
warmup-stable-decay learning rate; Muon (Newton-Schulz orthogonalised momentum) on the 2-D weight matrices of the
blocks and AdamW on embeddings, norms and biases; for settings data, loss only on the program tokens and <|end|>
(the prompt is masked; --prompt-loss W adds W x the request's own next-token loss); checkpoints to OUT/ckpt.pt
every --ckpt-every steps and at the end; the loss curve as OUT/loss.png (+ OUT/loss.json); the final model exported
to OUT/model (config.json with model_type "mu", model.safetensors, tokenizer.json). Runs on cuda when present, else
CPU.
"""

from __future__ import annotations

import os

# OpenMP threads that spin while waiting starve each other on a shared, busy CPU (10x slower steps measured on the
# 2-core build machine); passive waiting costs nothing when the machine is idle. Must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import math
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tokenizers import Tokenizer
from torch import Tensor

from mu_reference import MuConfig, MuModel, apply_rope, load, rope_cos_sin, save
from settings_catalog import END, SPECIAL_TOKENS, build_prompt, load_catalog

PAD_ID = SPECIAL_TOKENS.index("<pad>")
BOS_ID = SPECIAL_TOKENS.index("<s>")
END_ID = SPECIAL_TOKENS.index(END)


# ---------------------------------------------------------------------------------------------------------------
# Data: every example is (ids, first_loss_pos); loss covers ids[first_loss_pos:] as targets.


def settings_examples(path: str, tok: Tokenizer, meta_k: int, max_len: int) -> list[tuple[np.ndarray, int]]:
    """Prompt (masked) + program + <|end|> for every line of a settings JSONL file."""
    cat = load_catalog()
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    prompts = [build_prompt(cat, r["text"], meta_k) for r in rows]
    p_ids = tok.encode_batch(prompts, add_special_tokens=False)
    g_ids = tok.encode_batch([r["program"] for r in rows], add_special_tokens=False)
    out, skipped = [], 0
    for p, g in zip(p_ids, g_ids):
        ids = p.ids + g.ids + [END_ID]
        if len(ids) > max_len:
            skipped += 1
            continue
        out.append((np.array(ids, dtype=np.int32), len(p.ids)))
    if skipped:
        print(f"train: {skipped} examples of {path} longer than {max_len} tokens skipped", file=sys.stderr)
    return out


def text_examples(path: str, tok: Tokenizer, max_len: int) -> list[tuple[np.ndarray, int]]:
    """Plain text cut into max_len windows that start with <s>; loss on every token after <s>."""
    text = Path(path).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    ids: list[int] = []
    for enc in tok.encode_batch(paragraphs, add_special_tokens=False):
        ids += enc.ids + [END_ID]
    n = max_len - 1
    return [(np.array([BOS_ID] + ids[i : i + n], dtype=np.int32), 1) for i in range(0, max(1, len(ids) - 1), n)
            if len(ids[i : i + n]) > 1]


def batch_plan(lengths: list[int], batch_tokens: int, max_batch: int, seed: int, epoch: int) -> list[list[int]]:
    """Example indices grouped into batches of similar length (little padding), in a seeded random order."""
    rng = random.Random(f"{seed}:{epoch}")
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    chunk = 8192  # sort by length within chunks, so batches stay mixed across the data
    for c in range(0, len(order), chunk):
        part = sorted(order[c : c + chunk], key=lambda i: lengths[i])
        cur: list[int] = []
        for i in part:
            longest = max(lengths[i], max((lengths[j] for j in cur), default=0))
            if cur and (longest * (len(cur) + 1) > batch_tokens or len(cur) >= max_batch):
                batches.append(cur)
                cur = []
            cur.append(i)
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(examples: list[tuple[np.ndarray, int]], idx: list[int]) -> tuple[Tensor, Tensor, Tensor]:
    """tokens (B, T) right-padded with <pad>; targets (B, T) next tokens; mask (B, T) where the loss counts."""
    T = max(len(examples[i][0]) for i in idx)
    tokens = torch.full((len(idx), T), PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(idx), T), dtype=torch.bool)
    for r, i in enumerate(idx):
        ids, first = examples[i]
        tokens[r, : len(ids)] = torch.from_numpy(ids.astype(np.int64))
        mask[r, first - 1 : len(ids) - 1] = True  # position t predicts token t+1
    targets = torch.roll(tokens, -1, dims=1)
    return tokens, targets, mask


# ---------------------------------------------------------------------------------------------------------------
# Training forward: the reference model's own modules and parameters, with scaled_dot_product_attention (the same
# causal GQA softmax attention) and the output layer applied only where the loss needs logits. test_train_smoke.py
# checks it against MuModel.forward.


def hidden_states(model: MuModel, tokens: Tensor, dropout: float = 0.0) -> Tensor:
    """tokens (B, T) at positions 0..T-1 -> final-norm hidden states (B, T, dim). dropout (training only) drops
    units of each sub-layer's output before its post norm and of the embeddings; the exported model has none."""
    cfg = model.cfg
    B, T = tokens.shape
    cos, sin = rope_cos_sin(cfg, torch.arange(T, device=tokens.device))
    x = F.dropout(model.embed(tokens), dropout, model.training)
    for layer in model.layers:
        a = layer.attn
        h = layer.attn_norm(x)
        q = apply_rope(a.q(h).view(B, T, a.n_heads, a.head_dim), cos, sin).transpose(1, 2)
        k = apply_rope(a.k(h).view(B, T, a.n_kv_heads, a.head_dim), cos, sin).transpose(1, 2)
        v = a.v(h).view(B, T, a.n_kv_heads, a.head_dim).transpose(1, 2)
        o = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=a.n_heads != a.n_kv_heads)
        o = a.o(o.transpose(1, 2).reshape(B, T, a.n_heads * a.head_dim))
        x = x + layer.attn_post_norm(F.dropout(o, dropout, model.training))
        x = x + layer.ffn_post_norm(F.dropout(layer.ffn(layer.ffn_norm(x)), dropout, model.training))
    return model.norm(x)


def logits_at(model: MuModel, tokens: Tensor, mask: Tensor, dropout: float = 0.0) -> Tensor:
    """Logits (N, vocab) at the N positions where mask is set."""
    h = hidden_states(model, tokens, dropout)[mask]
    w = model.embed.weight if model.lm_head is None else model.lm_head.weight
    return h @ w.T


# ---------------------------------------------------------------------------------------------------------------
# Muon (Jordan et al. 2024, "Muon: An optimizer for hidden layers in neural networks"): SGD momentum whose update
# matrix is replaced by the nearest semi-orthogonal matrix, found with a quintic Newton-Schulz iteration.

NS_COEFFS = (3.4445, -4.7750, 2.0315)  # quintic coefficients from the Muon write-up (fast, not exactly converging)


def newton_schulz(g: Tensor, steps: int = 5, eps: float = 1e-7) -> Tensor:
    """Approximately U V^T of g = U S V^T: X <- a X + (b A + c A^2) X with A = X X^T, after scaling ||X||_F to 1."""
    a, b, c = NS_COEFFS
    x = g.float()
    tall = x.shape[0] > x.shape[1]
    if tall:
        x = x.T  # iterate on the wide orientation: A is (rows, rows), the smaller Gram matrix
    x = x / (x.norm() + eps)
    for _ in range(steps):
        A = x @ x.T
        x = a * x + (b * A + c * A @ A) @ x
    return (x.T if tall else x).to(g.dtype)


class Muon(torch.optim.Optimizer):
    """For 2-D weights only. update = NS(nesterov momentum of the gradient), scaled by 0.2 * sqrt(max(rows, cols))
    so its RMS matches a typical AdamW update (Liu et al. 2025, "Muon is scalable for LLM training"), so the same
    learning rate and weight decay suit both optimizers; decoupled weight decay as in AdamW."""

    def __init__(self, params, lr: float, momentum: float = 0.95, weight_decay: float = 0.0, ns_steps: int = 5):
        super().__init__(params, dict(lr=lr, momentum=momentum, weight_decay=weight_decay, ns_steps=ns_steps))

    @torch.no_grad()
    def step(self) -> None:
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "momentum" not in state:
                    state["momentum"] = torch.zeros_like(p)
                buf = state["momentum"]
                buf.mul_(group["momentum"]).add_(p.grad)
                update = p.grad.add(buf, alpha=group["momentum"])  # Nesterov
                o = newton_schulz(update, group["ns_steps"])
                scale = 0.2 * math.sqrt(max(p.shape))
                p.mul_(1 - group["lr"] * group["weight_decay"])
                p.add_(o, alpha=-group["lr"] * scale)


def make_optimizers(model: MuModel, lr: float, weight_decay: float) -> list[torch.optim.Optimizer]:
    """Muon for the blocks' 2-D matrices; AdamW for embeddings (also the tied output layer), norms and biases."""
    muon, adam_decay, adam_plain = [], [], []
    for name, p in model.named_parameters():
        if p.ndim == 2 and name.startswith("layers."):
            muon.append(p)
        elif p.ndim == 2:
            adam_decay.append(p)
        else:
            adam_plain.append(p)
    opts: list[torch.optim.Optimizer] = [torch.optim.AdamW(
        [{"params": adam_decay, "weight_decay": weight_decay}, {"params": adam_plain, "weight_decay": 0.0}],
        lr=lr, betas=(0.9, 0.95), eps=1e-8)]
    if muon:
        opts.append(Muon(muon, lr=lr, weight_decay=weight_decay))
    for o in opts:
        for g in o.param_groups:
            g["base_lr"] = lr
    return opts


def wsd_lr(step: int, total: int, warmup: int, decay_frac: float) -> float:
    """Warmup-stable-decay multiplier: linear warmup, constant, then a linear decay to 0 over the last decay_frac."""
    if step < warmup:
        return (step + 1) / warmup
    decay_start = int(total * (1 - decay_frac))
    if step < decay_start:
        return 1.0
    return max(0.0, (total - step) / max(1, total - decay_start))


# ---------------------------------------------------------------------------------------------------------------


def build_config(args, vocab_size: int) -> MuConfig:
    return MuConfig(
        vocab_size=vocab_size, dim=args.dim, n_layers=args.n_layers, n_heads=args.n_heads, n_kv_heads=args.n_kv_heads,
        head_dim=args.dim // args.n_heads, hidden_dim=args.hidden_dim, ffn_type=args.ffn_type,
        norm_type=args.norm_type, dual_norm=not args.no_dual_norm, norm_eps=1e-5, rope_theta=10000.0,
        max_seq_len=args.max_seq_len, tie_embeddings=True, bos_token_id=BOS_ID, eos_token_id=END_ID,
        agent_meta_candidates=None if args.pretrain_text else args.meta_k)


def init_weights(model: MuModel, seed: int) -> None:
    """Normal(0, 0.02) matrices, output projections scaled by 1/sqrt(2 n_layers) (GPT-2), norms at 1/0."""
    g = torch.Generator().manual_seed(seed)
    for name, p in model.named_parameters():
        if p.ndim == 2:
            std = 0.02 / math.sqrt(2 * model.cfg.n_layers) if name.endswith(("attn.o.weight", "ffn.down.weight")) else 0.02
            with torch.no_grad():
                p.copy_(torch.randn(p.shape, generator=g) * std)


def kd_loss(student: Tensor, teacher: Tensor, temperature: float) -> Tensor:
    """KL(teacher || student) on temperature-softened distributions, times T^2 (Hinton et al. 2015)."""
    t = temperature
    return F.kl_div(F.log_softmax(student / t, -1), F.log_softmax(teacher / t, -1), log_target=True,
                    reduction="batchmean") * t * t


@torch.no_grad()
def eval_loss(model: MuModel, examples, device, batch_tokens: int) -> float:
    model.eval()
    total, count = 0.0, 0
    for idx in batch_plan([len(e[0]) for e in examples], batch_tokens, 256, 0, 0):
        tokens, targets, mask = (x.to(device) for x in collate(examples, idx))
        logits = logits_at(model, tokens, mask)
        total += F.cross_entropy(logits, targets[mask], reduction="sum").item()
        count += int(mask.sum())
    model.train()
    return total / max(1, count)


def plot_losses(log: dict, path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    steps, losses = zip(*log["train"]) if log["train"] else ((), ())
    if steps:
        w = max(1, len(losses) // 100)
        smooth = np.convolve(losses, np.ones(w) / w, mode="valid")
        ax.plot(steps, losses, alpha=0.25, color="C0", lw=0.8)
        ax.plot(steps[w - 1 :], smooth, color="C0", label="train (program tokens)")
    if log["dev"]:
        ax.plot(*zip(*log["dev"]), "o-", color="C1", label="dev")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy (nats/token)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def export(model: MuModel, tokenizer_path: str, out_dir: Path, dtype: torch.dtype) -> None:
    save(model, out_dir, dtype=dtype)
    shutil.copyfile(tokenizer_path, out_dir / "tokenizer.json")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", help="settings JSONL (text, program) to fine-tune on")
    p.add_argument("--pretrain-text", help="plain-text file: next-token pretraining instead of --data")
    p.add_argument("--dev", help="settings JSONL for the dev loss (or a plain-text file with --pretrain-text)")
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--init", help="model dir to start from (e.g. a pretrained model); its config wins")
    p.add_argument("--meta-k", type=int, default=0, help="meta candidates in the prompt (AGENT-FORMAT K)")
    # model
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--n-layers", type=int, default=4)
    p.add_argument("--n-heads", type=int, default=4)
    p.add_argument("--n-kv-heads", type=int, default=2)
    p.add_argument("--hidden-dim", type=int, default=768)
    p.add_argument("--ffn-type", default="gelu", choices=["gelu", "gelu_tanh", "swiglu"])
    p.add_argument("--norm-type", default="layernorm", choices=["layernorm", "rmsnorm"])
    p.add_argument("--no-dual-norm", action="store_true")
    p.add_argument("--max-seq-len", type=int, default=256)
    # optimisation
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch-tokens", type=int, default=4096, help="padded tokens per batch (at most)")
    p.add_argument("--max-batch", type=int, default=128, help="examples per batch (at most)")
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--weight-decay", type=float, default=0.05)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--decay-frac", type=float, default=0.25, help="share of steps in the final decay")
    p.add_argument("--no-muon", action="store_true", help="AdamW for every parameter")
    p.add_argument("--dropout", type=float, default=0.0, help="training-time dropout on embeddings and sub-layers")
    p.add_argument("--prompt-loss", type=float, default=0.0,
                   help="weight of a next-token loss on the request's tokens, added to the program's (0: program only)")
    p.add_argument("--teacher", help="teacher model dir for knowledge distillation (same vocabulary)")
    p.add_argument("--kd-alpha", type=float, default=0.5, help="weight of the distillation term")
    p.add_argument("--kd-temperature", type=float, default=2.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ckpt-every", type=int, default=500)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--resume", action="store_true", help="continue from OUT/ckpt.pt")
    p.add_argument("--stop-after", type=int, default=0, help="checkpoint and exit after this step (for tests)")
    p.add_argument("--dtype", default="float32", choices=["float32", "float16"], help="exported weight dtype")
    args = p.parse_args()
    if bool(args.data) == bool(args.pretrain_text):
        p.error("give exactly one of --data and --pretrain-text")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer.from_file(args.tokenizer)

    if args.init:
        model = load(args.init)
        if not args.pretrain_text:
            model.cfg = _with_k(model.cfg, args.meta_k)
    else:
        model = MuModel(build_config(args, tok.get_vocab_size()))
        init_weights(model, args.seed)
    if model.cfg.vocab_size != tok.get_vocab_size():
        raise SystemExit(f"model vocab {model.cfg.vocab_size} != tokenizer vocab {tok.get_vocab_size()}")
    max_len = model.cfg.max_seq_len
    model.to(device).train()

    t0 = time.time()
    if args.pretrain_text:
        train_ex = text_examples(args.pretrain_text, tok, max_len)
        dev_ex = text_examples(args.dev, tok, max_len) if args.dev else []
    else:
        train_ex = settings_examples(args.data, tok, args.meta_k, max_len)
        dev_ex = settings_examples(args.dev, tok, args.meta_k, max_len) if args.dev else []
    n_params = sum(p.numel() for p in model.parameters())
    print(f"train: {len(train_ex)} examples, {len(dev_ex)} dev, {n_params / 1e6:.2f}M parameters, device {device}, "
          f"data prepared in {time.time() - t0:.1f}s", file=sys.stderr)

    teacher = None
    if args.teacher:
        teacher = load(args.teacher).to(device).eval()
        if teacher.cfg.vocab_size != model.cfg.vocab_size:
            raise SystemExit("teacher and student vocabularies differ")

    opts = make_optimizers(model, args.lr, args.weight_decay) if not args.no_muon else [
        torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=args.weight_decay)]
    for o in opts:
        for g in o.param_groups:
            g.setdefault("base_lr", args.lr)
    log = {"train": [], "dev": []}
    step = 0
    ckpt_path = out / "ckpt.pt"
    if args.resume and ckpt_path.exists():
        ck = torch.load(ckpt_path, map_location=device, weights_only=False)
        if ck["config"] != model.cfg.to_dict():
            raise SystemExit(f"{ckpt_path} holds another model ({ck['config']}); remove it or change --out")
        model.load_state_dict(ck["model"])
        for o, s in zip(opts, ck["optimizers"]):
            o.load_state_dict(s)
        step, log = ck["step"], ck["log"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"train: resumed at step {step} from {ckpt_path}", file=sys.stderr)

    lengths = [len(e[0]) for e in train_ex]
    plan_len: dict[int, int] = {}  # batches in each epoch planned so far
    current: dict[int, list[list[int]]] = {}  # the plan of the epoch in use (only one kept)

    def plan(epoch: int) -> list[list[int]]:
        if epoch not in current:
            current.clear()
            current[epoch] = batch_plan(lengths, args.batch_tokens, args.max_batch, args.seed, epoch)
            plan_len[epoch] = len(current[epoch])
        return current[epoch]

    def batch_for(s: int) -> list[int]:
        """The batch of global step s: epochs of seeded batch plans laid end to end (so a resume is exact). Each
        epoch is planned once: only its length is kept once the steps have moved past it."""
        epoch, i = 0, s
        while True:
            n = plan_len[epoch] if epoch in plan_len else len(plan(epoch))
            if i < n:
                return plan(epoch)[i]
            i -= n
            epoch += 1

    def checkpoint() -> None:
        tmp = out / "ckpt.pt.tmp"
        torch.save({"model": model.state_dict(), "optimizers": [o.state_dict() for o in opts], "step": step,
                    "log": log, "torch_rng": torch.get_rng_state(), "args": vars(args),
                    "config": model.cfg.to_dict()}, tmp)
        os.replace(tmp, ckpt_path)
        (out / "loss.json").write_text(json.dumps(log))
        plot_losses(log, out / "loss.png", f"{'pretrain' if args.pretrain_text else 'settings'}: {out.name}")

    t_start, tokens_seen = time.time(), 0
    while step < args.steps:
        tokens, targets, mask = (x.to(device) for x in collate(train_ex, batch_for(step)))
        mult = wsd_lr(step, args.steps, args.warmup, args.decay_frac)
        for o in opts:
            for g in o.param_groups:
                g["lr"] = g["base_lr"] * mult
        if args.prompt_loss > 0:  # next-token loss on the request too, weighted: every position but padding
            seen = targets != PAD_ID
            seen[:, -1] = False
            all_logits = logits_at(model, tokens, seen, args.dropout)
            per_token = F.cross_entropy(all_logits, targets[seen], reduction="none")
            on_program = mask[seen]
            logits = all_logits[on_program]
            loss = per_token[on_program].mean()
            request = per_token[~on_program]  # empty in plain-text pretraining, where every token is the target
            total = loss + args.prompt_loss * request.mean() if request.numel() else loss
        else:
            logits = logits_at(model, tokens, mask, args.dropout)
            loss = F.cross_entropy(logits, targets[mask])
            total = loss
        if teacher is not None:
            with torch.no_grad():
                t_logits = logits_at(teacher, tokens, mask)
            total = total + args.kd_alpha * (kd_loss(logits, t_logits, args.kd_temperature) - loss)
        for o in opts:
            o.zero_grad(set_to_none=True)
        total.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        for o in opts:
            o.step()
        step += 1
        tokens_seen += tokens.numel()
        log["train"].append((step, loss.item()))
        if step % args.log_every == 0 or step == args.steps:
            el = time.time() - t_start
            print(f"step {step}/{args.steps} loss {np.mean([l for _, l in log['train'][-args.log_every:]]):.4f} "
                  f"lr {mult * args.lr:.2e} {el:.0f}s ({tokens_seen / max(el, 1e-9):.0f} tok/s)", file=sys.stderr)
        if dev_ex and (step % args.eval_every == 0 or step == args.steps):
            dl = eval_loss(model, dev_ex, device, args.batch_tokens)
            log["dev"].append((step, dl))
            print(f"step {step} dev loss {dl:.4f}", file=sys.stderr)
        if step % args.ckpt_every == 0 or step == args.steps or step == args.stop_after:
            checkpoint()
        if step == args.stop_after:
            print(f"train: stopped after step {step} (--stop-after)", file=sys.stderr)
            return

    model.eval().cpu()
    export(model, args.tokenizer, out / "model", torch.float32 if args.dtype == "float32" else torch.float16)
    print(f"train: {step} steps in {time.time() - t_start:.0f}s; model -> {out / 'model'}", file=sys.stderr)


def _with_k(cfg: MuConfig, k: int) -> MuConfig:
    d = {k2: v for k2, v in cfg.to_dict().items() if k2 != "model_type"}
    d["agent_meta_candidates"] = k
    return MuConfig(**d)


if __name__ == "__main__":
    main()
