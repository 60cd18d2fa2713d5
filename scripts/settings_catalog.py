"""The settings agent's contract in Python: catalog, op validator, action programs, prompt and keyword search.

Everything here follows models/settings/AGENT-FORMAT.md (prompt, program grammar) and models/settings/README.md
(types and operations). The search is a line-by-line port of java/dev/mu4j/settings/LexicalIndex.java, pinned to
the Java one by tests/golden/settings-search/ (scripts/gen_golden_settings_search.py) and SearchParityTest.

Usage (library):
    from settings_catalog import load_catalog, parse_program, validate_program, build_prompt
    cat = load_catalog()                                   # models/settings/catalog.json
    validate_program(cat, "mouse.pointer_size increase ; display.brightness open")   # raises ProgramError
    cat.search("make the mouse pointer larger", 3)         # [Setting, ...] best first, as Catalog.search
    build_prompt(cat, "Make the pointer larger", k=3)      # "<s><|meta|>mouse.pointer_size: Mouse pointer size; ..."

Usage (command line): search the catalog, or check programs
    python3 scripts/settings_catalog.py search "make the mouse pointer larger" [K]
    python3 scripts/settings_catalog.py validate "sound.volume set 30 ; network.wifi on"
"""

from __future__ import annotations

import bisect
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
CATALOG_PATH = REPO / "models" / "settings" / "catalog.json"

# Special tokens in id order (AGENT-FORMAT.md "Tokens"); <pad> must be id 0.
SPECIAL_TOKENS = ["<pad>", "<s>", "</s>", "<unk>", "<|meta|>", "<|user|>", "<|plan|>", "<|end|>"]
BOS, META, USER, PLAN, END = "<s>", "<|meta|>", "<|user|>", "<|plan|>", "<|end|>"
OPS = ("set", "increase", "decrease", "on", "off", "open")
TYPE_OPS = {
    "toggle": ("on", "off", "open"),
    "range": ("set", "increase", "decrease", "open"),
    "enum": ("set", "open"),
    "action": ("on", "open"),
    "page": ("open",),
}
MAX_ACTIONS = 3
MAX_TEXT_CHARS = 400


class ProgramError(ValueError):
    """A program that breaks the grammar or the catalog's operation table."""


@dataclass(frozen=True)
class Setting:
    id: str
    title: str
    category: str
    type: str
    synonyms: tuple[str, ...]
    keywords: tuple[str, ...]
    description: str
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: str | None = None
    default: float | None = None
    values: tuple[str, ...] = ()
    value_labels: dict = field(default_factory=dict)  # value id -> label (the id when the catalog has none)
    value_synonyms: dict = field(default_factory=dict)  # value id -> tuple of phrases
    ordered: bool = False

    @property
    def ops(self) -> tuple[str, ...]:
        if self.type == "enum" and self.ordered:
            return ("set", "increase", "decrease", "open")
        return TYPE_OPS[self.type]

    @property
    def adjustable(self) -> bool:  # SettingType.adjustable(): toggle, range, enum
        return self.type in ("toggle", "range", "enum")

    @property
    def integral(self) -> bool:  # Range.integral(): min, max and step all whole
        return all(float(x).is_integer() for x in (self.min, self.max, self.step))


def _setting(d: dict) -> Setting:
    values = tuple(d.get("values", ()))
    labels = d.get("valueLabels", {})
    syns = d.get("valueSynonyms", {})
    return Setting(
        id=d["id"], title=d["title"], category=d["category"], type=d["type"],
        synonyms=tuple(d.get("synonyms", ())), keywords=tuple(d.get("keywords", ())),
        description=d["description"], min=d.get("min"), max=d.get("max"), step=d.get("step"),
        unit=d.get("unit"), default=d.get("default"), values=values,
        value_labels={v: labels.get(v, v) for v in values},
        value_synonyms={v: tuple(syns.get(v, ())) for v in values},
        ordered=bool(d.get("ordered", False)),
    )


class Catalog:
    """The settings of catalog.json in file order, with lookup by id and the keyword search."""

    def __init__(self, settings: list[Setting]) -> None:
        self.settings = settings
        self.by_id = {s.id: s for s in settings}
        self._index = LexicalIndex(settings)

    def search(self, query: str, limit: int) -> list[Setting]:
        """Catalog.search(query, limit): best match first, at most limit settings."""
        return self._index.search(query, limit)


def load_catalog(path: str | Path = CATALOG_PATH) -> Catalog:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return Catalog([_setting(d) for d in doc["settings"]])


# ---------------------------------------------------------------------------------------------------------------
# Action programs


@dataclass(frozen=True)
class Action:
    setting: str
    op: str
    value: str | None = None  # as written in the program: "30", "2.5" or an enum value id

    def __str__(self) -> str:
        return f"{self.setting} {self.op}" + ("" if self.value is None else f" {self.value}")


def format_number(x: float) -> str:
    """Program form of a number: whole numbers without a decimal point ("30"), others as short decimals."""
    if float(x).is_integer():
        return str(int(x))
    return repr(float(x))


def parse_program(text: str) -> list[Action]:
    """Splits a program into actions by the grammar alone; [] for "none". Raises ProgramError."""
    if text == "none":
        return []
    parts = text.split(" ; ")
    if not 1 <= len(parts) <= MAX_ACTIONS:
        raise ProgramError(f"{len(parts)} actions (1..{MAX_ACTIONS} allowed): {text!r}")
    out = []
    for p in parts:
        words = p.split(" ")
        if len(words) not in (2, 3) or any(w == "" for w in words):
            raise ProgramError(f"action {p!r} is not 'SETTING_ID OP [VALUE]'")
        if words[1] not in OPS:
            raise ProgramError(f"unknown op {words[1]!r} in {p!r}")
        out.append(Action(words[0], words[1], words[2] if len(words) == 3 else None))
    return out


def _number(s: str) -> float | None:
    """INTEGER | DECIMAL of the grammar in canonical form: digits, optionally '.' and more digits, no sign, no
    exponent, written as format_number writes it (no leading zeros, no trailing '.0')."""
    head, dot, tail = s.partition(".")
    if not head.isdigit() or not head.isascii() or (dot and (not tail.isdigit() or not tail.isascii())):
        return None
    return float(s) if format_number(float(s)) == s else None


def action_rejection(cat: Catalog, a: Action) -> str | None:
    """Why an action is invalid, or None; mirrors Setting.rejection in Java (README "Types and operations")."""
    s = cat.by_id.get(a.setting)
    if s is None:
        return f"unknown setting {a.setting!r}"
    if a.op not in s.ops:
        return f"{s.id} ({s.type}) does not take {a.op!r}; it takes {list(s.ops)}"
    if a.op == "set":
        if a.value is None:
            return f"'set' on {s.id} needs a value"
        if s.type == "range":
            n = _number(a.value)
            if n is None:
                return f"{s.id} needs a number, got {a.value!r}"
            if not (s.min <= n <= s.max) or (s.integral and not n.is_integer()):
                return f"{s.id}: {a.value} is outside {s.min}..{s.max} {s.unit}"
            return None
        if a.value not in s.values:
            return f"{s.id}: {a.value!r} is not one of {list(s.values)}"
        return None
    if a.op in ("increase", "decrease"):
        if a.value is None:
            return None
        if s.type != "range":
            return f"{a.op!r} on {s.id} takes no value"
        n = _number(a.value)
        if n is None or not (0 < n <= s.max - s.min) or (s.integral and not n.is_integer()):
            return f"{s.id}: amount {a.value} must be positive and at most {s.max - s.min}"
        return None
    return None if a.value is None else f"{a.op!r} on {s.id} takes no value"


def validate_program(cat: Catalog, text: str) -> list[Action]:
    """Parses and checks every action against the catalog; the canonical text must round-trip. Raises ProgramError."""
    actions = parse_program(text)
    for a in actions:
        why = action_rejection(cat, a)
        if why:
            raise ProgramError(f"{why} (program {text!r})")
    ids = [a.setting for a in actions]
    if len(set(ids)) != len(ids):
        raise ProgramError(f"a setting appears twice in {text!r}")
    if format_program(actions) != text:
        raise ProgramError(f"program {text!r} is not in canonical form")
    return actions


def format_program(actions: list[Action]) -> str:
    return " ; ".join(str(a) for a in actions) if actions else "none"


# ---------------------------------------------------------------------------------------------------------------
# Prompt


_JAVA_WHITESPACE_CONTROLS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _java_space(ch: str) -> bool:
    """Character.isWhitespace(cp) || Character.isSpaceChar(cp): the Z* separators (no-break spaces included) and
    the ASCII controls Java counts as whitespace (U+0085 is not one of them, unlike Python's str.isspace)."""
    return unicodedata.category(ch) in ("Zs", "Zl", "Zp") or ch in _JAVA_WHITESPACE_CONTROLS


def _kept(ch: str) -> bool:
    """Not a lone surrogate, and not a control or format character unless Java counts it as whitespace."""
    c = unicodedata.category(ch)
    return c != "Cs" and (c not in ("Cc", "Cf") or _java_space(ch))


def normalise_text(text: str) -> str:
    """AGENT-FORMAT normalisation, TextNormalizer.java's steps in its order: control (Cc) and format (Cf)
    characters that are not whitespace and lone surrogates removed, lowercased, NFC, whitespace runs collapsed to
    one space, trimmed, cut to 400 UTF-16 units (never inside a surrogate pair). Whitespace counts as a space, so
    "a\nb" becomes "a b", not "ab". tests/golden/settings-search/normalise.json pins Python and Java together."""
    kept = "".join(ch for ch in text if _kept(ch))
    text = unicodedata.normalize("NFC", _java_lower(kept))
    out = []
    units = 0  # UTF-16 length of out
    space = False
    for ch in text:
        if _java_space(ch):
            space = units > 0
            continue
        if space:
            if units + 1 > MAX_TEXT_CHARS:
                break
            out.append(" ")
            units += 1
            space = False
        n = 2 if ord(ch) > 0xFFFF else 1
        if units + n > MAX_TEXT_CHARS:
            break
        out.append(ch)
        units += n
    return "".join(out)


def meta_section(cat: Catalog, text: str, k: int) -> str:
    """'{id}: {title}; {id}: {title}' for the k settings Catalog.search ranks first ('' when k == 0)."""
    if k <= 0:
        return ""
    return "; ".join(f"{s.id}: {s.title}" for s in cat.search(text, k))


def build_prompt(cat: Catalog, user_text: str, k: int) -> str:
    """<s><|meta|>{meta}<|user|>{normalised text}<|plan|>; K = 0 drops the <|meta|> section."""
    text = normalise_text(user_text)
    meta = META + meta_section(cat, text, k) if k > 0 else ""
    return f"{BOS}{meta}{USER}{text}{PLAN}"


# ---------------------------------------------------------------------------------------------------------------
# Keyword search: a port of LexicalIndex.java. Same constants, same float operations in the same order, so the
# scores are bit-identical and ties break the same way. Per-word results are cached (they depend only on the word).

W_TITLE = 3.0
W_SYNONYM = 3.0
W_ID = 2.0
W_KEYWORD = 2.0
W_VALUE = 1.0
W_DESCRIPTION = 0.5
EXACT = 1.0
PREFIX = 0.7
REVERSE_PREFIX = 0.5
TYPO = 0.6  # a word that neither is nor starts a catalog token: tokens one slip away (first letter kept, 4+ chars)
TYPO_MIN_LENGTH = 4
PHRASE_EQUAL = 5.0
PHRASE_CONTAINED = 2.0
TITLE_COVERAGE = 1.0
ADJUSTABLE = 0.5

STOP = frozenset((
    "a an the my me i to of for on off in and or please make set turn change adjust want can you it is be with up "
    "down more less bigger larger smaller increase decrease higher lower enable disable switch at by this that use "
    "when so too bit little much some all from into your go open show let").split())

_JAVA_SPACE = " \t\n\x0b\f\r"  # Java regex \s without UNICODE_CHARACTER_CLASS


def _letter_or_digit(ch: str) -> bool:  # Java \p{L} or \p{N}
    c = unicodedata.category(ch)
    return c[0] in ("L", "N")


def _java_lower(text: str) -> str:
    """String.toLowerCase(Locale.ROOT) for the text we meet; Python's lower() agrees on everything but a few
    context rules (Java lowercases final sigma the same way since JDK 7)."""
    return text.lower()


def stem(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss") and not w.endswith("us") and not w.endswith("is"):
        return w[:-1]
    return w


def _split_java_space(text: str) -> list[str]:
    chunks, cur = [], []
    for ch in text:
        if ch in _JAVA_SPACE:
            chunks.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    chunks.append("".join(cur))
    return chunks


def search_tokens(text: str) -> list[str]:
    """LexicalIndex.tokens: lowercase, split on non letters/digits, hyphenated words also joined, STOP dropped,
    plural stripped."""
    out: list[str] = []
    for chunk in _split_java_space(_java_lower(text)):
        parts, cur = [], []
        for ch in chunk:
            if _letter_or_digit(ch):
                cur.append(ch)
            elif cur:
                parts.append("".join(cur))
                cur = []
        if cur:
            parts.append("".join(cur))
        for p in parts:
            _add(out, p)
        if len(parts) > 1:
            _add(out, "".join(parts))
    return out


def _add(out: list[str], word: str) -> None:
    if word not in STOP:
        out.append(stem(word))


def _match(w: str, t: str) -> float:
    if w == t:
        return EXACT
    if len(w) >= 3 and t.startswith(w):
        return PREFIX
    if len(t) >= 4 and w.startswith(t):
        return REVERSE_PREFIX
    return 0.0


def one_edit(a: str, b: str) -> bool:
    """Spelling.oneEdit: a becomes b by one insertion, deletion, substitution or swap of neighbours."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < la and i < lb and a[i] == b[i]:
        i += 1
    if la == lb:
        if i == la or a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    return a[i:] == b[i + 1:] if la < lb else a[i + 1:] == b[i:]


def _slip(w: str, t: str) -> bool:
    """LexicalIndex.slip: both long enough, the same first letter, one edit apart, not equal."""
    return len(w) >= TYPO_MIN_LENGTH and len(t) >= TYPO_MIN_LENGTH and w[0] == t[0] and w != t and one_edit(w, t)


@dataclass
class _Doc:
    setting: Setting
    fields: list[tuple[float, list[str]]]
    phrases: list[list[str]]
    title_tokens: list[str]


class LexicalIndex:
    """search_ref is the line-by-line port; search is the same arithmetic vectorised over settings with numpy and
    per-word caching (elementwise float64 adds in the same order give the same bits); a test checks they agree."""

    def __init__(self, settings: list[Setting]) -> None:
        self.docs: list[_Doc] = []
        for s in settings:
            fields: list[tuple[float, list[str]]] = []
            phrases: list[list[str]] = []
            title = search_tokens(s.title)
            fields.append((W_TITLE, title))
            phrases.append(title)
            for syn in s.synonyms:
                t = search_tokens(syn)
                fields.append((W_SYNONYM, t))
                phrases.append(t)
            fields.append((W_ID, search_tokens(s.id.replace(".", " ").replace("_", " "))))
            for k in s.keywords:
                fields.append((W_KEYWORD, search_tokens(k)))
            for v in s.values:
                fields.append((W_VALUE, search_tokens(s.value_labels[v])))
                for vs in s.value_synonyms[v]:
                    fields.append((W_VALUE, search_tokens(vs)))
            fields.append((W_DESCRIPTION, search_tokens(s.description)))
            self.docs.append(_Doc(s, fields, phrases, title))
        self._prepare_fast()

    # -- reference ------------------------------------------------------------------------------------------

    def search_ref(self, query: str, limit: int) -> list[Setting]:
        if limit <= 0:
            return []
        q = search_tokens(query)
        if not q:
            return []
        known = {w for w in q if any(_match(w, t) > REVERSE_PREFIX for d in self.docs for _, toks in d.fields for t in toks)}
        hits = []
        for d in self.docs:
            score = self._score_ref(d, q, known)
            if score > 0:
                hits.append((score, d.setting))
        hits.sort(key=lambda h: (-h[0], not h[1].adjustable, _java_string_key(h[1].id)))
        return [s for _, s in hits[:limit]]

    @staticmethod
    def _score_ref(d: _Doc, q: list[str], known: set[str]) -> float:
        total = 0.0
        matched_title: set[str] = set()
        for w in q:
            best = 0.0
            for weight, toks in d.fields:
                for t in toks:
                    m = _match(w, t) if w in known or not _slip(w, t) else max(_match(w, t), TYPO)
                    best = max(best, weight * m)
            total += best
            for t in d.title_tokens:
                if _match(w, t) > 0:
                    matched_title.add(t)
        if total == 0:
            return 0.0
        for p in d.phrases:
            if p == q:
                total += PHRASE_EQUAL
                break
            if len(q) > 1 and _contains_run(p, q):
                total += PHRASE_CONTAINED
                break
        if d.title_tokens:
            total += TITLE_COVERAGE * len(matched_title) / len(set(d.title_tokens))
        if d.setting.adjustable:
            total += ADJUSTABLE
        return total

    # -- fast path ------------------------------------------------------------------------------------------

    def _prepare_fast(self) -> None:
        n = len(self.docs)
        self._title_index = []  # per doc: distinct title token -> bit
        for d in self.docs:
            distinct = list(dict.fromkeys(d.title_tokens))
            assert len(distinct) <= 63, d.setting.id
            self._title_index.append({t: 1 << i for i, t in enumerate(distinct)})
        self._title_distinct = np.array([max(1, len(t)) for t in self._title_index], dtype=np.float64)
        self._has_title = np.array([bool(d.title_tokens) for d in self.docs])
        self._adjustable = np.array([d.setting.adjustable for d in self.docs])
        # phrase bonus by query: single words only when equal to a phrase; longer queries take the first phrase
        # (in field order) that contains them as a run: PHRASE_EQUAL if that phrase equals the query.
        self._phrase_bonus: dict[tuple[str, ...], list[tuple[int, float]]] = {}
        for i, d in enumerate(self.docs):
            seen: set[tuple[str, ...]] = set()
            for p in d.phrases:
                runs = {tuple(p)} if len(p) == 1 else set()
                for a in range(len(p)):
                    for b in range(a + 2, len(p) + 1):
                        runs.add(tuple(p[a:b]))
                for r in runs:
                    if r in seen:
                        continue
                    seen.add(r)
                    bonus = PHRASE_EQUAL if list(r) == p else PHRASE_CONTAINED
                    self._phrase_bonus.setdefault(r, []).append((i, bonus))
        # single-word queries: only equality counts, with any phrase (not only the first containing one)
        self._single_bonus: dict[str, list[int]] = {}
        for i, d in enumerate(self.docs):
            for w in {p[0] for p in d.phrases if len(p) == 1}:
                self._single_bonus.setdefault(w, []).append(i)
        self._ids = [d.setting.id for d in self.docs]
        # inverted index: field token -> (doc, the largest weight of a field holding it in that doc)
        inv: dict[str, dict[int, float]] = {}
        for i, d in enumerate(self.docs):
            for weight, toks in d.fields:
                for t in toks:
                    inv.setdefault(t, {})
                    inv[t][i] = max(inv[t].get(i, 0.0), weight)
        self._inv = {t: sorted(v.items()) for t, v in inv.items()}
        self._vocab = sorted(self._inv)
        self._title_inv: dict[str, list[tuple[int, int]]] = {}
        for i, bitmap in enumerate(self._title_index):
            for t, bit in bitmap.items():
                self._title_inv.setdefault(t, []).append((i, bit))
        self._word_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._n = n

    def _word(self, w: str) -> tuple[np.ndarray, np.ndarray]:
        """Per doc: the best field score of word w (float64) and the bit set of title tokens it matches. Only the
        field tokens that match w are visited: w itself, the tokens w starts (a sorted-range scan) and w's own
        prefixes of 4+ characters; max() over them is the max over every field token, as in Java."""
        hit = self._word_cache.get(w)
        if hit is None:
            best = np.zeros(self._n, dtype=np.float64)
            bits = np.zeros(self._n, dtype=np.uint64)
            matched = {}
            if w in self._inv:
                matched[w] = EXACT
            if len(w) >= 3:
                i = bisect.bisect_left(self._vocab, w)
                while i < len(self._vocab) and self._vocab[i].startswith(w):
                    matched.setdefault(self._vocab[i], PREFIX)
                    i += 1
            for j in range(4, len(w)):
                if w[:j] in self._inv:
                    matched.setdefault(w[:j], REVERSE_PREFIX)
            for t, m in matched.items():
                for doc, weight in self._inv[t]:
                    best[doc] = max(best[doc], weight * m)
                for doc, bit in self._title_inv.get(t, ()):
                    bits[doc] |= np.uint64(bit)
            known = any(m > REVERSE_PREFIX for m in matched.values())
            if not known and len(w) >= TYPO_MIN_LENGTH:  # a slip: no title coverage, as in Java's bonuses()
                i = bisect.bisect_left(self._vocab, w[0])
                while i < len(self._vocab) and self._vocab[i].startswith(w[0]):
                    if _slip(w, self._vocab[i]):
                        for doc, weight in self._inv[self._vocab[i]]:
                            best[doc] = max(best[doc], weight * TYPO)
                    i += 1
            hit = (best, bits)
            if len(self._word_cache) < 500_000:
                self._word_cache[w] = hit
        return hit

    def search(self, query: str, limit: int) -> list[Setting]:
        if limit <= 0:
            return []
        q = search_tokens(query)
        if not q:
            return []
        total = np.zeros(self._n, dtype=np.float64)
        bits = np.zeros(self._n, dtype=np.uint64)
        for w in q:
            best, b = self._word(w)
            total = total + best
            bits = bits | b
        live = total != 0
        bonus = np.zeros(self._n, dtype=np.float64)
        if len(q) == 1:
            for i in self._single_bonus.get(q[0], ()):
                bonus[i] = PHRASE_EQUAL
        else:
            for i, v in self._phrase_bonus.get(tuple(q), ()):
                bonus[i] = v
        total = total + bonus  # adding 0.0 leaves a value unchanged, as skipping the add does
        coverage = TITLE_COVERAGE * np.bitwise_count(bits).astype(np.float64) / self._title_distinct
        total = np.where(self._has_title, total + coverage, total)
        total = np.where(self._adjustable, total + ADJUSTABLE, total)
        total = np.where(live, total, 0.0)
        idx = np.flatnonzero(total > 0)
        if len(idx) > limit:
            cut = np.partition(total[idx], len(idx) - limit)[len(idx) - limit]  # the limit-th largest score
            idx = idx[total[idx] >= cut]
        order = sorted(idx.tolist(), key=lambda i: (-total[i], not self._adjustable[i], _java_string_key(self._ids[i])))
        return [self.docs[i].setting for i in order[:limit]]


def _java_string_key(s: str) -> list[int]:
    """String.compareTo order: UTF-16 code units."""
    b = s.encode("utf-16-be")
    return [int.from_bytes(b[i : i + 2], "big") for i in range(0, len(b), 2)]


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def main() -> None:
    cat = load_catalog()
    if len(sys.argv) >= 3 and sys.argv[1] == "search":
        k = int(sys.argv[3]) if len(sys.argv) > 3 else 5
        for s in cat.search(sys.argv[2], k):
            print(f"{s.id}\t{s.title}")
    elif len(sys.argv) == 3 and sys.argv[1] == "validate":
        print(validate_program(cat, sys.argv[2]))
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
