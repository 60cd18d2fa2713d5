"""Evaluates a settings-agent model on a JSONL set (text, program): greedy decoding with the reference model's KV cache.

Usage:
    python3 scripts/eval_settings.py models/mu-settings [--data models/settings/data/dev.jsonl] [--limit N]
        [--json metrics.json] [--errors 20] [--device cuda]

Prints exact match (every action right: setting, op, value, order), accuracy per category, out-of-scope precision
and recall (prediction "none" vs gold "none"), multi-intent exact match (gold with 2-3 actions), the share of
predictions that are valid programs for the catalog, and the first --errors mistakes. K (meta candidates) comes
from the model's config.json ("agent_meta_candidates", 0 when absent).
"""

from __future__ import annotations

import os

# OpenMP threads that spin while waiting starve each other on a shared, busy CPU (10x slower steps measured on the
# 2-core build machine); passive waiting costs nothing when the machine is idle. Must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import torch
from tokenizers import Tokenizer

from mu_reference import MuModel, load
from settings_catalog import END, SPECIAL_TOKENS, ProgramError, build_prompt, load_catalog, validate_program

END_ID = SPECIAL_TOKENS.index(END)
MAX_NEW_TOKENS = 48


@torch.no_grad()
def greedy(model: MuModel, prompt_ids: list[int], max_new: int = MAX_NEW_TOKENS) -> list[int]:
    """Greedy continuation until <|end|> (not included) or max_new tokens or the context is full."""
    cache = model.new_cache()
    dev = model.embed.weight.device
    logits = model(torch.tensor(prompt_ids, device=dev), start_pos=0, cache=cache)[-1]
    out: list[int] = []
    pos = len(prompt_ids)
    while len(out) < max_new and pos < model.cfg.max_seq_len:
        nxt = int(logits.argmax())
        if nxt == END_ID:
            break
        out.append(nxt)
        logits = model(torch.tensor([nxt], device=dev), start_pos=pos, cache=cache)[-1]
        pos += 1
    return out


class Predictor:
    def __init__(self, model_dir: str | Path, device: str = "cpu") -> None:
        self.model = load(model_dir).to(device).eval()
        self.tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
        self.k = self.model.cfg.agent_meta_candidates or 0
        self.cat = load_catalog()

    def __call__(self, text: str) -> str:
        ids = self.tok.encode(build_prompt(self.cat, text, self.k), add_special_tokens=False).ids
        ids = ids[: self.model.cfg.max_seq_len - 1]
        return self.tok.decode(greedy(self.model, ids), skip_special_tokens=False)


def evaluate(pred: Predictor, rows: list[dict]) -> tuple[dict, list[tuple[dict, str]]]:
    cat = pred.cat
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = 0
    multi = [0, 0]
    noisy = {True: [0, 0], False: [0, 0]}
    held = {True: [0, 0], False: [0, 0]}
    valid = 0
    errors = []
    for r in rows:
        got = pred(r["text"])
        ok = got == r["program"]
        c = by_cat[r.get("category", "all")]
        c[0] += ok
        c[1] += 1
        gold_none, got_none = r["program"] == "none", got == "none"
        tp += gold_none and got_none
        fp += got_none and not gold_none
        fn += gold_none and not got_none
        if r["program"].count(" ; ") >= 1:
            multi[0] += ok
            multi[1] += 1
        for table, key in ((noisy, "noisy"), (held, "held_out_synonym")):
            n = table[bool(r.get(key, False))]
            n[0] += ok
            n[1] += 1
        try:
            validate_program(cat, got)
            valid += 1
        except ProgramError:
            pass
        if not ok:
            errors.append((r, got))
    total = len(rows)
    correct = sum(v[0] for v in by_cat.values())
    metrics = {
        "n": total,
        "exact_match": correct / total,
        "valid_programs": valid / total,
        "per_category": {k: {"accuracy": v[0] / v[1], "n": v[1]} for k, v in sorted(by_cat.items())},
        "out_of_scope": {"precision": tp / max(1, tp + fp), "recall": tp / max(1, tp + fn), "n_gold": tp + fn},
        "multi_intent": {"accuracy": multi[0] / max(1, multi[1]), "n": multi[1]},
        "noisy": {"accuracy": noisy[True][0] / max(1, noisy[True][1]), "n": noisy[True][1]},
        "clean": {"accuracy": noisy[False][0] / max(1, noisy[False][1]), "n": noisy[False][1]},
        "held_out_synonym": {"accuracy": held[True][0] / max(1, held[True][1]), "n": held[True][1]},
        "seen_synonyms": {"accuracy": held[False][0] / max(1, held[False][1]), "n": held[False][1]},
    }
    return metrics, errors


def report(m: dict) -> str:
    lines = [f"exact match        {m['exact_match']:.4f}  ({m['n']} requests)",
             f"valid programs     {m['valid_programs']:.4f}",
             f"out-of-scope       precision {m['out_of_scope']['precision']:.4f}  recall {m['out_of_scope']['recall']:.4f}"
             f"  ({m['out_of_scope']['n_gold']} gold none)",
             f"multi-intent       {m['multi_intent']['accuracy']:.4f}  ({m['multi_intent']['n']})",
             f"noisy / clean      {m['noisy']['accuracy']:.4f} ({m['noisy']['n']}) / {m['clean']['accuracy']:.4f} ({m['clean']['n']})",
             f"held-out synonym   {m['held_out_synonym']['accuracy']:.4f} ({m['held_out_synonym']['n']})"
             f"  vs seen names {m['seen_synonyms']['accuracy']:.4f} ({m['seen_synonyms']['n']})",
             "per category:"]
    for k, v in m["per_category"].items():
        lines.append(f"  {k:<16} {v['accuracy']:.4f}  ({v['n']})")
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model_dir")
    p.add_argument("--data", default=str(Path(__file__).resolve().parent.parent / "models/settings/data/dev.jsonl"))
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--json", help="write the metrics here")
    p.add_argument("--errors", type=int, default=15, help="mistakes to print")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu", help="torch device for the model (cpu, cuda)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    rows = [json.loads(line) for line in open(args.data, encoding="utf-8")]
    if args.limit:
        rows = rows[: args.limit]
    pred = Predictor(args.model_dir, args.device)
    t0 = time.time()
    metrics, errors = evaluate(pred, rows)
    metrics["seconds"] = round(time.time() - t0, 1)
    metrics["meta_k"] = pred.k
    print(report(metrics))
    for r, got in errors[: args.errors]:
        print(f"  x [{r.get('category')}] {r['text']!r}\n      gold {r['program']}\n      got  {got}")
    print(f"eval: {len(rows)} requests in {metrics['seconds']}s (K = {pred.k})", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()
