"""Trains a tiny settings model for a few steps and writes what the Java side needs to check its export.

Usage: python3 scripts/tiny_trained_export.py OUT_DIR [--steps 40]

Run by tests/java/dev/mu4j/TrainedExportTest.java (skipped there when PyTorch is absent). Writes
OUT_DIR/model/ (config.json, model.safetensors, tokenizer.json: the trainer's own export) and
OUT_DIR/reference.json: the loss curve's first and last values, a settings prompt, its ids from HF `tokenizers`,
and PyTorch's logits (mu_reference, full forward) for every position of that prompt.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch
from tokenizers import Tokenizer

from mu_reference import load
from settings_catalog import build_prompt, load_catalog
from settings_data import generate

SCRIPTS = Path(__file__).resolve().parent
TINY = [  # a 0.1M-parameter model, shared with test_train_smoke.py
        "--dim", "64", "--n-layers", "2", "--n-heads", "4", "--n-kv-heads", "2", "--hidden-dim", "128",
        "--max-seq-len", "128", "--batch-tokens", "2048", "--max-batch", "32", "--warmup", "5", "--lr", "3e-3",
        "--log-every", "10", "--threads", "2"]
REQUEST = "make the mouse pointer larger and adjust the screen brightness"


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, cwd=SCRIPTS.parent, stdout=subprocess.DEVNULL)


def write_tiny_dataset(cat, out: Path, dev_samples: int) -> Path:
    """OUT/train.jsonl (2,000 requests), OUT/dev.jsonl and a 1,024-token tokenizer; returns the tokenizer's path."""
    for split, n in (("train", 2000), ("dev", dev_samples)):
        with open(out / f"{split}.jsonl", "w") as f:
            for d in generate(cat, split, 3, n):
                f.write(json.dumps(d) + "\n")
    tok = out / "tokenizer.json"
    run(str(SCRIPTS / "train_tokenizer.py"), "--out", str(tok), "--samples", "3000", "--vocab-size", "1024")
    return tok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=40)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)
    cat = load_catalog()
    tok = write_tiny_dataset(cat, out, dev_samples=50)
    run(str(SCRIPTS / "train.py"), "--data", str(out / "train.jsonl"), "--dev", str(out / "dev.jsonl"),
        "--tokenizer", str(tok), "--out", str(out / "run"), "--steps", str(args.steps), "--meta-k", "0", *TINY,
        "--log-every", "5", "--eval-every", "1000")
    losses = [l for _, l in json.loads((out / "run" / "loss.json").read_text())["train"]]

    model_dir = out / "run" / "model"
    text = build_prompt(cat, REQUEST, 0)
    ids = Tokenizer.from_file(str(model_dir / "tokenizer.json")).encode(text, add_special_tokens=False).ids
    with torch.no_grad():
        logits = load(model_dir)(torch.tensor(ids))  # (T, vocab)
    ref = {"model": str(model_dir), "first_loss": losses[0], "last_loss": losses[-1], "prompt": text, "ids": ids,
           "logits": logits.tolist()}
    (out / "reference.json").write_text(json.dumps(ref))
    print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f}; {len(ids)} prompt tokens; logits -> {out / 'reference.json'}")


if __name__ == "__main__":
    main()
