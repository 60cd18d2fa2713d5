"""Trains the settings agent's tokenizer: HF byte-level BPE on synthetic requests, plus the special tokens and every
catalog setting id as an added token (models/settings/AGENT-FORMAT.md "Tokens").

Usage:
    python3 scripts/train_tokenizer.py --out build/settings/tokenizer.json [--vocab-size 3072] [--samples 60000]

Layout of the vocabulary: ids 0..7 are <pad> <s> </s> <unk> <|meta|> <|user|> <|plan|> <|end|> (special), then the
BPE vocabulary (the 256 byte symbols first), then the 378 setting ids in catalog order (added, not special), so
vocab_size = --vocab-size exactly. No normalizer (the prompt builder normalises), ByteLevel pre-tokenizer without
a prefix space, ByteLevel decoder, no post-processor that inserts tokens: the prompt builder writes <s> itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from tokenizers import AddedToken

from settings_catalog import SPECIAL_TOKENS, build_prompt, load_catalog
from settings_data import generate


def corpus(cat, n: int, seed: int):
    """Request texts, programs without their setting ids, and the meta lines (titles) the prompt carries."""
    ids = {s.id for s in cat.settings}
    for d in generate(cat, "train", seed, n):
        yield d["text"]
        yield " ".join(w for w in d["program"].replace(" ; ", " ; ").split(" ") if w not in ids)
    for _ in range(3):
        for s in cat.settings:
            yield f": {s.title}; "


def train(cat, vocab_size: int, samples: int, seed: int) -> Tokenizer:
    n_ids = len(cat.settings)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size - n_ids, min_frequency=2, special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(corpus(cat, samples, seed), trainer=trainer)
    tok.add_tokens([AddedToken(s.id, single_word=False, lstrip=False, rstrip=False, normalized=False)
                    for s in cat.settings])
    return tok


def check(tok: Tokenizer, cat, vocab_size: int) -> None:
    """The contract: special ids 0..7, each setting id one token, prompt + program tokenizes as its parts."""
    for i, t in enumerate(SPECIAL_TOKENS):
        assert tok.token_to_id(t) == i, (t, tok.token_to_id(t))
    for s in cat.settings:
        enc = tok.encode(s.id, add_special_tokens=False).ids
        assert len(enc) == 1 and tok.id_to_token(enc[0]) == s.id, (s.id, enc)
    assert tok.get_vocab_size() == vocab_size, tok.get_vocab_size()
    for text, prog in [("Make the pointer larger and adjust the screen brightness",
                        "mouse.pointer_size increase ; display.brightness open"),
                       ("vpn over metered off", "network.vpn_over_metered off ; network.vpn open"),
                       ("set volume to 30%", "sound.volume set 30"), ("write a poem", "none")]:
        for k in (0, 4):
            prompt = build_prompt(cat, text, k)
            whole = tok.encode(prompt + prog + "<|end|>", add_special_tokens=False).ids
            parts = (tok.encode(prompt, add_special_tokens=False).ids + tok.encode(prog, add_special_tokens=False).ids
                     + [SPECIAL_TOKENS.index("<|end|>")])
            assert whole == parts, (prompt, prog)
            assert tok.decode(whole, skip_special_tokens=False) == prompt + prog + "<|end|>", tok.decode(whole)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--vocab-size", type=int, default=3072)
    p.add_argument("--samples", type=int, default=60000, help="synthetic requests to train on")
    p.add_argument("--seed", type=int, default=101)
    args = p.parse_args()
    cat = load_catalog()
    tok = train(cat, args.vocab_size, args.samples, args.seed)
    check(tok, cat, args.vocab_size)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    tok.save(args.out)
    print(f"tokenizer: {tok.get_vocab_size()} tokens ({len(cat.settings)} setting ids) -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
