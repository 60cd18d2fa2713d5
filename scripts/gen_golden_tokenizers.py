"""Writes the tokenizer golden files: small tokenizer.json files in the style of each model family, and the ids
and decoded text that HF `tokenizers` produces for a fixed corpus of test strings.

Usage:
    python3 scripts/gen_golden_tokenizers.py              # rewrites tests/golden/tokenizers/
    python3 scripts/gen_golden_tokenizers.py --out DIR    # writes elsewhere (e.g. to diff against the committed files)

There is no model hub here, so each tokenizer is trained with `tokenizers` on scripts/data/tokenizer_train.txt
(about 5 KB of English, French, German, CJK, emoji and code), then given the normalizer, pre-tokenizer,
decoder, post-processor and added tokens that its family's published tokenizer.json uses:

    gpt2      byte-level BPE, ByteLevel pre-tokenizer (GPT-2 regex, no prefix space), <|endoftext|>
    llama3    Split(Llama-3 regex) + ByteLevel(use_regex=false), ignore_merges, <|begin_of_text|> template
    qwen2     NFC + Split(Qwen2 regex) + ByteLevel(use_regex=false), <|im_start|>/<|im_end|>, no template
    llama2    SentencePiece-style BPE: Prepend("▁") + Replace(" ", "▁") normalizer, byte_fallback with all 256
              <0xNN> tokens, <unk>/<s>/</s>, Replace+ByteFallback+Fuse+Strip decoder, <s> template
    mistral   the same model with the newer layout: no normalizer, Metaspace(prepend_scheme=first, split=false)
    metaspace the same model with Metaspace(prepend_scheme=always, split=true) and a Metaspace decoder

and six feature variants of those models that pin the components no family uses (roberta, splits, whitespace,
normalizers, unk, fuse-unk; see the README).

Training is deterministic, so reruns with the same `tokenizers` version give byte-identical files.
The layout of expected.json is documented in tests/golden/tokenizers/README.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
from pathlib import Path

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

REPO = Path(__file__).resolve().parent.parent
TRAIN_TEXT = REPO / "scripts" / "data" / "tokenizer_train.txt"
FORMAT = "mu4j-tokenizer-golden"
VERSION = 1

# The pre-tokenizer regexes exactly as they appear in the published tokenizer.json files.
LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                 r"|\s*[\r\n]+|\s+(?!\S)|\s+")

# Whole words put into the byte-level vocabularies without merges that reach them: only a BPE model with
# ignore_merges (llama3) can produce them.
UNREACHABLE_WORDS = [" unreachable", " Zürich"]

CORPUS = [
    "",
    "Hello world",
    "Hello, world! How are you doing today?",
    "The quick brown fox jumps over the lazy dog.",
    " leading space",
    "trailing space ",
    "  two leading spaces",
    "multiple   spaces   inside",
    "\ttab\tseparated\tvalues\t",
    "line one\nline two\n\nline four\r\nwindows line\n",
    "   ",
    "\n",
    " \n \n",
    "end with newlines\n\n\n",
    "Café naïve résumé façade coöperate",
    "Zürich Straße Äpfel Öl über",
    "e\u0301te\u0301 decomposed accents",
    "你好，世界！今天天气很好。",
    "日本語のテキストです。カタカナとひらがな。",
    "한국어 문장입니다",
    "中文English混合mixed文本",
    "Русский текст и Ελληνικά",
    "I love 🍕 and 🎉!",
    "👨‍👩‍👧‍👦 family",
    "👍🏽 thumbs 👋🏿",
    "🏳️‍🌈 flag and 🇫🇷",
    "❤️‍🔥",
    "1234567890",
    "Pi is 3.14159 and e is 2.71828",
    "In 2024, 1,234,567 people",
    "phone +1 (555) 010-9999",
    "def f(x):\n    return x ** 2  # square\n",
    "for (int i = 0; i < n; i++) { sum += a[i]; }",
    "if (a && b || !c) {\n\treturn;\n}",
    '<div class="x">&amp;</div>',
    "I'm sure you'll see they've done it, haven't they? It'S OK",
    "DON'T SHOUT, WE'LL HEAR",
    "supercalifragilisticexpialidocious",
    "unreachable Zürich",
    "<|endoftext|>",
    "Hello<|endoftext|>world",
    "Hello <|endoftext|> world",
    "<|begin_of_text|>Hi there",
    "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
    "<s>Hello</s>",
    "Hello <s> world",
    "<unk>",
    "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
    "<mask>",
    "text   <mask>   more",
    "<tool_call>{}</tool_call>",
    "mu4j mu4jx amu4j mu4j!",
    "<0x41> is a literal",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters",
    "ꙮ",
    "\u0000 null and \u007f del",
    "Ω≈ç√∫˜µ≤≥÷",
    "\u202e RTL override",
    "\u00a0nbsp\u2009thin\u3000ideographic space",
    "a \u00a0b \u3000\u3000c\u2003 d  \u00a0\n e\u00a0",
    "line\u2028sep\u0085next\u000bvt\u000cff\u001cfs",
    "ſ long s 'ſ",
    "a\u200db zero width joiner",
    "x",
    " ",
    # For the feature variants: case, compatibility forms, Greek sigma, digits in other scripts, added tokens.
    "HELLO there and Hello There, hello there",
    "x <sep>  y<sep>",
    "ﬁ ① ΣΑΣ İ x_y ٣٤ 12ab3 Ⅻ",
    "  Ünïcödé   ",
]

# Ids whose every prefix is decoded, so that partial UTF-8 sequences are pinned too.
DECODE_PREFIX_TEXT = "日本語👨‍👩‍👧‍👦é ok ꙮ𝔘👋🏿"


def byte_level_base(pattern: str | None, vocab_size: int) -> Tokenizer:
    """A byte-level BPE trained on TRAIN_TEXT with GPT-2 splitting (pattern None) or a Split regex."""
    tok = Tokenizer(models.BPE())
    if pattern is None:
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    else:
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(pattern), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
        ])
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  special_tokens=["<|endoftext|>"] if pattern is None else [])
    tok.train([str(TRAIN_TEXT)], trainer)
    tok.decoder = decoders.ByteLevel()
    return tok


def with_model_fields(tok: Tokenizer, extra_vocab: list[str] = (), **fields) -> Tokenizer:
    """Returns tok reloaded from its JSON with model fields set and tokens appended to model.vocab."""
    data = json.loads(tok.to_str())
    model = data["model"]
    model.update(fields)
    next_id = max(model["vocab"].values()) + 1
    for token in extra_vocab:
        if token not in model["vocab"]:
            model["vocab"][token] = next_id
            next_id += 1
    return Tokenizer.from_str(json.dumps(data, ensure_ascii=False))


def byte_level_form(text: str) -> str:
    """The GPT-2 byte-to-unicode spelling of text, as byte-level vocabularies store it."""
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    assert len(alphabet) == 256
    table = gpt2_bytes_to_unicode()
    return "".join(table[b] for b in text.encode("utf-8"))


def gpt2_bytes_to_unicode() -> dict[int, str]:
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def build_gpt2() -> Tokenizer:
    tok = byte_level_base(None, 1000)
    tok = with_model_fields(tok, [byte_level_form(w) for w in UNREACHABLE_WORDS])
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    # A non-special added token that only matches as a whole word, matched after (empty) normalization.
    tok.add_tokens([AddedToken("mu4j", single_word=True, normalized=True, special=False)])
    return tok


def build_llama3() -> Tokenizer:
    tok = byte_level_base(LLAMA3_PATTERN, 1000)
    tok = with_model_fields(tok, [byte_level_form(w) for w in UNREACHABLE_WORDS], ignore_merges=True)
    specials = ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    bos = tok.token_to_id("<|begin_of_text|>")
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(
            single="<|begin_of_text|> $A",
            pair="<|begin_of_text|> $A <|begin_of_text|>:1 $B:1",
            special_tokens=[("<|begin_of_text|>", bos)]),
    ])
    return tok


def build_qwen2() -> Tokenizer:
    tok = byte_level_base(QWEN2_PATTERN, 1000)
    tok.normalizer = normalizers.NFC()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False)
                            for s in ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]])
    # Qwen2.5 ships <tool_call> as a non-special added token; <mask> strips the spaces before it (RoBERTa).
    tok.add_tokens([AddedToken("<tool_call>", special=False, normalized=False),
                    AddedToken("</tool_call>", special=False, normalized=False)])
    tok.add_special_tokens([AddedToken("<mask>", special=True, normalized=False, lstrip=True)])
    return tok


def sentencepiece_base() -> dict:
    """A SentencePiece-style BPE (as tokenizer.json data) with <unk>, <s>, </s> then <0x00>..<0xFF> first."""
    tok = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    # Characters seen only once are left out of the vocabulary, so they (and the characters of the corpus that
    # training never saw) go through byte_fallback. Filtering the text rather than using limit_alphabet keeps
    # training deterministic: limit_alphabet breaks ties between equally rare characters in hash order.
    text = TRAIN_TEXT.read_text(encoding="utf-8")
    counts = collections.Counter(text)
    lines = ["".join(c for c in line if counts[c] >= 2) for line in text.splitlines(keepends=True)]
    trainer = trainers.BpeTrainer(vocab_size=900, min_frequency=2, show_progress=False,
                                  special_tokens=["<unk>", "<s>", "</s>"])
    tok.train_from_iterator(lines, trainer)
    data = json.loads(tok.to_str())
    vocab = data["model"]["vocab"]
    specials = ["<unk>", "<s>", "</s>"]
    byte_tokens = [f"<0x{b:02X}>" for b in range(256)]
    rest = sorted((t for t in vocab if t not in specials and t not in byte_tokens), key=lambda t: vocab[t])
    data["model"]["vocab"] = {t: i for i, t in enumerate(specials + byte_tokens + rest)}
    data["added_tokens"] = [
        {"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True} for i, s in enumerate(specials)]
    return data


def sentencepiece_variant(base: dict, layout: str) -> Tokenizer:
    data = json.loads(json.dumps(base))
    template = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", 1)])
    tok = Tokenizer.from_str(json.dumps(data, ensure_ascii=False))
    strip_decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                                       decoders.Strip(content=" ", left=1, right=0)])
    if layout == "llama2":
        tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
        tok.pre_tokenizer = None
        tok.decoder = strip_decoder
    elif layout == "mistral":
        tok.normalizer = None
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=False)
        tok.decoder = strip_decoder
    elif layout == "metaspace":
        tok.normalizer = None
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
        tok.decoder = decoders.Sequence([decoders.ByteFallback(),
                                         decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)])
    else:
        raise ValueError(layout)
    tok.post_processor = template
    return tok


def feature_variant(base: Tokenizer, name: str) -> Tokenizer:
    """base with a pipeline no family uses, to pin the other components mu4j supports (edited as JSON)."""
    data = json.loads(base.to_str())
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}
    if name == "roberta":
        data["pre_tokenizer"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
        data["post_processor"] = {"type": "RobertaProcessing", "sep": ["<|endoftext|>", 0],
                                  "cls": ["<|endoftext|>", 0], "trim_offsets": True, "add_prefix_space": True}
    elif name == "splits":
        data["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
            {"type": "Digits", "individual_digits": True},
            {"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithPrevious", "invert": False},
            {"type": "Split", "pattern": {"Regex": "\\p{N}+"}, "behavior": "Contiguous", "invert": False},
            {"type": "Split", "pattern": {"Regex": "[aeiou]"}, "behavior": "MergedWithNext", "invert": False},
            {"type": "Split", "pattern": {"Regex": "\\w+|\\s+"}, "behavior": "Removed", "invert": True},
            byte_level]}
    elif name == "whitespace":
        data["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
            {"type": "Digits", "individual_digits": False}, {"type": "Whitespace"}, {"type": "WhitespaceSplit"},
            {"type": "CharDelimiterSplit", "delimiter": "e"}, byte_level]}
    elif name == "normalizers":
        data["normalizer"] = {"type": "Sequence", "normalizers": [
            {"type": "NFKD"}, {"type": "StripAccents"}, {"type": "Lowercase"},
            {"type": "Strip", "strip_left": True, "strip_right": False}, {"type": "NFKC"},
            {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "}, {"type": "NFD"}, {"type": "NFC"}]}
        next_id = max(t["id"] for t in data["added_tokens"]) + 1
        next_id = max(next_id, max(data["model"]["vocab"].values()) + 1)
        data["added_tokens"] += [
            {"id": next_id, "content": "HELLO there", "single_word": False, "lstrip": False, "rstrip": True,
             "normalized": True, "special": False},
            {"id": next_id + 1, "content": "<sep>", "single_word": False, "lstrip": True, "rstrip": True,
             "normalized": False, "special": True}]
    elif name == "unk":
        data["model"].update(byte_fallback=False, fuse_unk=False)
        data["post_processor"] = {"type": "BertProcessing", "sep": ["</s>", 2], "cls": ["<s>", 1]}
    elif name == "fuse-unk":
        data["model"].update(byte_fallback=False, fuse_unk=True)
        data["normalizer"] = None
        data["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never", "split": True}
        data["decoder"] = {"type": "Sequence", "decoders": [
            {"type": "ByteFallback"}, {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never",
                                      "split": True}]}
    else:
        raise ValueError(name)
    return Tokenizer.from_str(json.dumps(data, ensure_ascii=False))


def expected(name: str, tok: Tokenizer) -> dict:
    cases = []
    for text in CORPUS:
        with_special = tok.encode(text).ids
        without_special = tok.encode(text, add_special_tokens=False).ids
        cases.append({
            "text": text,
            "ids": with_special,
            "ids_no_special": without_special,
            "decode": tok.decode(with_special, skip_special_tokens=False),
            "decode_skip_special": tok.decode(with_special, skip_special_tokens=True),
        })
    prefix_ids = tok.encode(DECODE_PREFIX_TEXT, add_special_tokens=False).ids
    decode_cases = []
    for n in range(1, len(prefix_ids) + 1):
        ids = prefix_ids[:n]
        decode_cases.append({"ids": ids, "decode": tok.decode(ids, skip_special_tokens=False)})
    specials = sorted((t.content for t in tok.get_added_tokens_decoder().values() if t.special))
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": "scripts/gen_golden_tokenizers.py",
        "versions": {"tokenizers": tokenizers.__version__},
        "tokenizer": name,
        "vocab_size": tok.get_vocab_size(with_added_tokens=True),
        "special_tokens": {s: tok.token_to_id(s) for s in specials},
        "n_cases": len(cases),
        "cases": cases,
        "decode_cases": decode_cases,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "tests" / "golden" / "tokenizers")
    out: Path = parser.parse_args().out

    sp = sentencepiece_base()
    built = {
        "gpt2": build_gpt2(),
        "llama3": build_llama3(),
        "qwen2": build_qwen2(),
        "llama2": sentencepiece_variant(sp, "llama2"),
        "mistral": sentencepiece_variant(sp, "mistral"),
        "metaspace": sentencepiece_variant(sp, "metaspace"),
    }
    # Components no family above uses, on the same trained models.
    for name in ["roberta", "splits", "whitespace", "normalizers"]:
        built[name] = feature_variant(built["gpt2"], name)
    for name in ["unk", "fuse-unk"]:
        built[name] = feature_variant(built["llama2"], name)
    out.mkdir(parents=True, exist_ok=True)
    (out / "corpus.json").write_text(json.dumps({"format": FORMAT, "version": VERSION, "texts": CORPUS},
                                                ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, tok in built.items():
        folder = out / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        # Re-read what we write, so the goldens come from the file the Java test loads.
        text = tok.to_str(pretty=True)
        (folder / "tokenizer.json").write_text(text + "\n", encoding="utf-8")
        reloaded = Tokenizer.from_str(text)
        golden = expected(name, reloaded)
        (folder / "expected.json").write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
        print(f"{name}: vocab {golden['vocab_size']}, {len(golden['cases'])} cases, "
              f"{len(golden['decode_cases'])} decode cases")


if __name__ == "__main__":
    main()
