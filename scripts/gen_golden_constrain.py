"""Writes the constrained-decoding fixtures: two small byte-level BPE tokenizers for the settings agent's action
programs, a tiny random Mu model for each, and the ids HF `tokenizers` gives for a sample of programs.

Usage:
    python3 scripts/gen_golden_constrain.py              # rewrites tests/golden/constrain/
    python3 scripts/gen_golden_constrain.py --out DIR    # writes elsewhere (e.g. to diff against the committed files)

Both tokenizers are trained on the same text: seeded random action programs drawn from
models/settings/catalog.json (grammar of models/settings/AGENT-FORMAT.md; never the hand-written eval set), the
catalog's titles and descriptions, and scripts/data/tokenizer_train.txt. The special tokens are those of
AGENT-FORMAT.md, ids 0..7.

    ids-added   GPT-2 style (ByteLevel pre-tokenizer with its regex); every setting id of the catalog is an added
                non-special token, as in the shipped tokenizer, so an id is one token
    ids-split   ByteLevel without the regex: nothing splits the text before BPE, so merges run across spaces and
                punctuation ("brightness set", " ; ", "on ;"), ids take several tokens and tokens straddle every
                grammar boundary

Each directory is a Mu model directory (config.json, model.safetensors, tokenizer.json) whose vocab_size equals the
tokenizer's; weights are random (fixed seed), so the model only serves end-to-end generation tests.
encodings.json lists {"text", "ids"} for sample programs as HF encodes them (no special tokens added).

Training is deterministic, so reruns with the same package versions give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

import torch
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers

from mu_reference import MuConfig, MuModel, save

REPO = Path(__file__).resolve().parent.parent
CATALOG = REPO / "models" / "settings" / "catalog.json"
TRAIN_TEXT = REPO / "scripts" / "data" / "tokenizer_train.txt"
SPECIALS = ["<pad>", "<s>", "</s>", "<unk>", "<|meta|>", "<|user|>", "<|plan|>", "<|end|>"]
BASE_VOCAB = 1024
TRAIN_PROGRAMS = 4000
SAMPLE_PROGRAMS = 60
SEED = 4242
MODEL_SEED = 77
MODEL_STD = 0.3


def random_value(rng: random.Random, s: dict) -> str:
    """A value for `set` on a range: a whole number when min, max and step are whole, else one decimal place."""
    lo, hi, step = s["min"], s["max"], s["step"]
    if all(float(x).is_integer() for x in (lo, hi, step)):
        return str(rng.randint(int(lo), int(hi)))
    return f"{rng.uniform(lo, hi):.1f}".rstrip("0").rstrip(".")


def random_action(rng: random.Random, s: dict) -> str:
    t = s["type"]
    if t == "toggle":
        return f"{s['id']} {rng.choice(['on', 'off', 'open'])}"
    if t == "action":
        return f"{s['id']} {rng.choice(['on', 'open'])}"
    if t == "page":
        return f"{s['id']} open"
    if t == "enum":
        ops = ["set", "set", "open"] + (["increase", "decrease"] if s.get("ordered") else [])
        op = rng.choice(ops)
        return f"{s['id']} set {rng.choice(s['values'])}" if op == "set" else f"{s['id']} {op}"
    op = rng.choice(["set", "set", "increase", "decrease", "open"])
    if op == "set":
        return f"{s['id']} set {random_value(rng, s)}"
    if op in ("increase", "decrease") and rng.random() < 0.5:
        return f"{s['id']} {op} {rng.randint(1, int(s['max'] - s['min']))}"
    return f"{s['id']} {op}"


def random_programs(rng: random.Random, settings: list[dict], n: int) -> list[str]:
    out = []
    for _ in range(n):
        if rng.random() < 0.1:
            out.append("none")
            continue
        chosen = rng.sample(settings, rng.choice([1, 1, 1, 2, 2, 3]))
        out.append(" ; ".join(random_action(rng, s) for s in chosen))
    return out


def train(lines: list[str], use_regex: bool) -> Tokenizer:
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=use_regex)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=BASE_VOCAB, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=SPECIALS)
    tok.train_from_iterator(lines, trainer)
    return tok


def write_model(directory: Path, tok: Tokenizer) -> None:
    cfg = MuConfig(vocab_size=tok.get_vocab_size(with_added_tokens=True), dim=32, n_layers=1, n_heads=2,
                   n_kv_heads=1, head_dim=16, hidden_dim=64, ffn_type="swiglu", norm_type="rmsnorm",
                   dual_norm=False, norm_eps=1e-5, rope_theta=10000.0, max_seq_len=512, tie_embeddings=True)
    torch.manual_seed(MODEL_SEED)
    model = MuModel(cfg)
    g = torch.Generator().manual_seed(MODEL_SEED)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            noise = torch.randn(p.shape, generator=g)
            p.copy_(noise * MODEL_STD if p.dim() == 2 else 1.0 + 0.1 * noise)
    save(model, directory, dtype=torch.float16)
    tok.save(str(directory / "tokenizer.json"), pretty=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "tests" / "golden" / "constrain")
    args = parser.parse_args()

    settings = json.loads(CATALOG.read_text(encoding="utf-8"))["settings"]
    rng = random.Random(SEED)
    lines = random_programs(rng, settings, TRAIN_PROGRAMS)
    lines += [f"{s['title']}: {s['description']}" for s in settings]
    lines += TRAIN_TEXT.read_text(encoding="utf-8").splitlines()
    samples = random_programs(random.Random(SEED + 1), settings, SAMPLE_PROGRAMS)

    for name in ("ids-added", "ids-split"):
        out = args.out / name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        tok = train(lines, use_regex=name == "ids-added")
        if name == "ids-added":
            tok.add_tokens([AddedToken(s["id"], special=False, normalized=False) for s in settings])
        write_model(out, tok)
        encodings = [{"text": t, "ids": tok.encode(t, add_special_tokens=False).ids} for t in samples]
        (out / "encodings.json").write_text(json.dumps(encodings, indent=1) + "\n", encoding="utf-8")
        print(f"{out}: vocab {tok.get_vocab_size(with_added_tokens=True)}")


if __name__ == "__main__":
    main()
