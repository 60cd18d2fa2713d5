"""Writes tests/golden/settings-search/search.json: queries and the top-K setting ids the Python port of the catalog
search returns (scripts/settings_catalog.py). SearchParityTest checks that dev.mu4j.settings.Catalog.search returns
the same ids in the same order, so the prompts built for training and by the Java agent carry the same candidates.
Also writes normalise.json: raw requests and what normalise_text makes of them; NormaliseParityTest checks that
TextNormalizer.java agrees, so the model reads at run time the text it was trained on.

Usage:
    python3 scripts/gen_golden_settings_search.py            # rewrites tests/golden/settings-search/search.json
    python3 scripts/gen_golden_settings_search.py --out DIR  # writes elsewhere (e.g. to diff)

Queries: hand-picked edge cases (case, punctuation, hyphens, plurals, stop words only, non-ASCII, digits) and
generated requests from scripts/settings_data.py (train and dev styles, noise included, normalised as the prompt
builder normalises them). The file also records the catalog's sha256, so a stale golden is reported as such.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from settings_catalog import CATALOG_PATH, REPO, load_catalog, normalise_text
from settings_data import generate

MAGIC = "MU4JSEARCH"
VERSION = 1
K = 10  # deeper than any K the agent uses, so the order below the cut is pinned too
EDGE_CASES = [
    "", " ", "the", "turn it on please", "a an the my", "Bluetooth!", "BLUETOOTH", "bluetooth?!", "Wi-Fi", "wi fi",
    "wifi", "WiFi on", "e-mail", "set-up", "batteries", "keys", "glass", "status", "notifications", "notification",
    "24 hour clock", "24-hour clock", "144hz", "144 Hz", "4k", "1080p", "3840x2160", "2.4 ghz", "dark mode",
    "Dark-Mode", "dark modes", "brightnesses", "brighter", "bright", "bri", "br", "scrolling", "scroll",
    "screen timeout", "firewall", "turn off the firewall", "windows update", "update", "updates",
    "make the mouse pointer larger and adjust the screen brightness", "mouse pointer size", "cursor",
    "cursors", "caret", "text cursor thickness", "night light strength", "volume", "mono audio", "text size",
    "display scale", "magnifier", "magnifiers", "zoom", "français", "Français (France)", "日本語", "español",
    "deutsch", "über", "naïve café", "straße", "ǅemal", "İstanbul", "ΟΔΟΣ", "emoji 😀 volume", "tab\tseparated",
    "new\nline", "non\u00a0breaking space", "ideographic\u3000space", "dash—em", "slash/sound", "under_score",
    "dots.in.id", "display.brightness", "mouse.pointer_size increase", "privacy.camera_apps", "123", "0", "100%",
    "50 percent", "what's the weather", "write me a poem", "open excel", "delete my files", "my eyes hurt at night",
    "let apps use my camera", "apps", "app", "let", "show", "open settings", "settings", "microsoft", "windows",
    "don't", "can't hear anything", "it's too loud", "pc", "pcs", "is", "this", "us", "bus", "ies", "series",
    "babies", "lies", "focus", "bonus", "analysis", "axis", "sss", "ssss", "ss", "s",
]


# Unicode the two languages could disagree on: Java's whitespace (U+0085 is a control there, U+00A0 a space),
# format characters, lone surrogates, special lowercasing (dotted I, final sigma, the Kelvin sign), NFC after
# lowercasing, and the 400-unit cut at a space, inside an emoji pair, and after astral characters.
NORMALISE_CASES = [
    "", "   ", "Turn On Bluetooth", "TURN THE VOLUME UP!!", "i WANT the Wi-Fi off", "\tturn\n on \r\nbluetooth ",
    "a\u0085b", "a\u00a0b", "a\u2007b", "a\u202fb", "a\u2028b\u2029c", "a\u3000b", "a\u001cb\u001fc",
    "zero\u200bwidth", "bom\ufeffhere", "soft\u00adhyphen", "rtl\u200fmark", "nul\u0000char", "bell\u0007",
    "lone \ud800 high", "lone \udc00 low", "pair \U0001F600 ok", "\u0130STANBUL", "\u039f\u0394\u039f\u03a3 \u039f\u0394\u039f\u03a3",
    "\u01c5EMAL", "STRASSE stra\u00dfe", "\u212a KELVIN", "\u212b ANGSTROM", "CAFE\u0301", "\uff21\uff22\uff23",
    "x" * 399 + " y", "x" * 398 + "  y", "x" * 400 + "y", "\U0001F600" * 201, "a" + "\U0001F600" * 200,
    " " * 500 + "late start", "\u0130" * 250,
]


def normalise_cases() -> list[str]:
    cat = load_catalog()
    out = list(NORMALISE_CASES)
    for split, seed, n in (("train", 9003, 150), ("dev", 9004, 150)):
        out += [d["text"] for d in generate(cat, split, seed, n)]
    return list(dict.fromkeys(out))


def queries() -> list[str]:
    cat = load_catalog()
    out = list(EDGE_CASES)
    for split, seed, n in (("train", 9001, 110), ("dev", 9002, 90)):
        out += [normalise_text(d["text"]) for d in generate(cat, split, seed, n)]
    return list(dict.fromkeys(out))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=str(REPO / "tests" / "golden" / "settings-search"))
    args = p.parse_args()
    cat = load_catalog()
    cases = []
    for q in queries():
        ids = [s.id for s in cat.search(q, K)]
        assert ids == [s.id for s in cat._index.search_ref(q, K)], q  # fast path == line-by-line port
        cases.append({"query": q, "ids": ids})
    doc = {
        "magic": MAGIC, "version": VERSION, "k": K,
        "catalog": "models/settings/catalog.json",
        "catalog_sha256": hashlib.sha256(CATALOG_PATH.read_bytes()).hexdigest(),
        "generator": "scripts/gen_golden_settings_search.py",
        "cases": cases,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "search.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} queries -> {out / 'search.json'}")
    norm = {
        "magic": "MU4JNORMALISE", "version": 1, "generator": "scripts/gen_golden_settings_search.py",
        "cases": [{"raw": t, "normalised": normalise_text(t)} for t in normalise_cases()],
    }
    # ASCII escapes: the file must carry lone surrogates, which UTF-8 cannot
    (out / "normalise.json").write_text(json.dumps(norm, indent=1, ensure_ascii=True) + "\n", encoding="ascii")
    print(f"{len(norm['cases'])} texts -> {out / 'normalise.json'}")


if __name__ == "__main__":
    main()
