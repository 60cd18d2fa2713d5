"""Checks the settings data generator and the Python contract. Usage: python3 scripts/test_settings_data.py

Plain asserts (pytest also collects the test_ functions). Fast: a few thousand samples.
"""

from __future__ import annotations

from settings_catalog import ProgramError, build_prompt, load_catalog, normalise_text, validate_program
import re

from settings_catalog import format_program
from settings_data import (CONFUSABLE_REQUESTS, INTENTS, NEEDS, NEEDS_NEW, OOS_FAMILIES, OOS_NEW, OOS_SLOTS, T, T_NEW,
                           VERBS, Generator, generate)

CAT = load_catalog()


def test_validator_mirrors_op_table() -> None:
    good = ["none", "sound.volume set 30", "sound.volume increase", "sound.volume decrease 20", "network.wifi on",
            "display.scale set 125", "display.scale increase", "update.check_now on", "display.display open",
            "mouse.pointer_size increase ; display.brightness open",
            "network.wifi off ; bluetooth.enabled off ; privacy.location off"]
    bad = ["", "None", "sound.volume set", "sound.volume set 101", "sound.volume set 2.5", "sound.volume on",
           "network.wifi set 1", "network.wifi on 1", "display.scale set 130", "colors.mode increase",
           "display.display on", "update.check_now off", "sound.volume increase 0", "sound.volume increase 101",
           "a.b on", "network.wifi on;bluetooth.enabled on", "network.wifi on ; network.wifi off",
           "network.wifi on ; bluetooth.enabled on ; privacy.location on ; sound.mute on", "sound.volume set 030",
           "sound.volume set -1"]
    for p in good:
        validate_program(CAT, p)
    for p in bad:
        try:
            validate_program(CAT, p)
        except ProgramError:
            continue
        raise AssertionError(f"accepted {p!r}")


def test_prompt_format() -> None:
    assert build_prompt(CAT, "  Make\tthe  POINTER\nlarger ", 0) == "<s><|user|>make the pointer larger<|plan|>"
    p = build_prompt(CAT, "mouse pointer size", 2)
    assert p.startswith("<s><|meta|>mouse.pointer_size: Mouse pointer size; ") and p.endswith(
        "<|user|>mouse pointer size<|plan|>"), p
    assert normalise_text("a\u0000b\u00a0 c" + "x" * 500)[:4] == "ab c" and len(normalise_text("x" * 500)) == 400


def test_deterministic_and_valid() -> None:
    a = list(generate(CAT, "train", 5, 2000))
    b = list(generate(CAT, "train", 5, 2000))
    assert a == b
    assert a != list(generate(CAT, "train", 6, 2000))
    for d in a:  # generate() validates too; this guards against a generator that stops doing so
        validate_program(CAT, d["program"])
    cats = {d["category"] for d in a}
    assert {"toggle", "range_set", "enum_set", "multi", "out_of_scope", "open", "page", "action"} <= cats, cats


def test_dev_holds_out_families_and_synonyms() -> None:
    train, dev = Generator(CAT, "train", 1), Generator(CAT, "dev", 1)
    for kind in train.templates:
        held = set(dev.templates[kind]) - set(train.templates[kind])
        assert not held & set(train.templates[kind])
    assert set(dev.oos) and not set(dev.oos) & set(train.oos)
    held = {(sid, n.text) for sid, sn in train.names.items() for n in sn.names if n.holdout}
    assert len(held) > 50
    for sid in train.names:  # train never picks a held-out synonym as the name of a setting
        for _ in range(20):
            assert not train.pick_name(sid).holdout
    assert any(dev.pick_name(sid).holdout for sid, _ in held for _ in range(5))


def test_needs_name_catalog_settings_and_values() -> None:
    # the check must be able to fail: a misspelt id and a value the enum does not have are rejected
    for p in ["display.brightnes increase", "power.lid_close_action set nap", "typing.repeat_rate on"]:
        try:
            validate_program(CAT, p)
        except ProgramError:
            continue
        raise AssertionError(f"accepted {p!r}")
    owner: dict[str, str] = {}
    for texts, prog in NEEDS + CONFUSABLE_REQUESTS:
        acts = validate_program(CAT, prog)  # unknown setting, op or value -> ProgramError
        assert all(a.setting in CAT.by_id for a in acts), prog
        assert len(texts) >= (3 if (texts, prog) in NEEDS else 2) and len(set(texts)) == len(texts), texts
        for t in texts:
            assert t == t.lower().strip(), t
            assert owner.setdefault(t, prog) == prog, f"{t!r} means both {owner[t]!r} and {prog!r}"
    oos = set(OOS_FAMILIES)
    assert not oos & set(owner), oos & set(owner)
    assert not oos & set(INTENTS), oos & set(INTENTS)
    assert len(NEEDS) >= 270 and len(NEEDS_NEW) >= 40, (len(NEEDS), len(NEEDS_NEW))


def test_needs_split_like_templates() -> None:
    train, dev = Generator(CAT, "train", 1), Generator(CAT, "dev", 1)
    held = 0
    for (tr, prog), (dv, prog2) in zip(train.needs, dev.needs):
        assert prog == prog2
        new = set(dv) - set(tr)
        held += len(new)
        assert not new & set(tr)
    assert held > 100, held


def test_bare_names_open() -> None:
    """A setting's name alone (no verb, no value) is `open`, for toggles as for the rest (AGENT-FORMAT.md)."""
    g = Generator(CAT, "train", 3)
    seen = 0
    for _ in range(4000):
        c = g.ambiguous_clause() if g.rng.random() < 0.7 else g.page_clause()
        names = {n.text for a in c.actions for n in g.names[a.setting].names}
        if c.text in names:
            seen += 1
            assert all(a.op == "open" for a in c.actions), (c.text, c.actions)
            assert c.text not in ("mute", "zoom in"), c.text  # a verb: a request (on), never a bare name
    assert seen > 20, seen
    # and the whole stream: a toggle's plain name alone is never turned on or off
    toggles = {n.text for sn in g.names.values() if sn.setting.type == "toggle" for n in sn.names
               if n.text.split()[0] not in VERBS and n.text.split()[0] != "zoom" and INTENTS.get(n.text, "noun") == "noun"}
    hits = 0
    for d in generate(CAT, "train", 4, 6000):
        if d["text"].lower().rstrip("?!. ") in toggles and d["category"] != "multi":
            hits += 1
            assert d["program"].split(" ")[1] == "open", d
    assert hits >= 3, hits


# which clause builder uses a template kind (so every added family can be forced through it)
KIND_CLAUSE = {"on": "toggle_clause", "off": "toggle_clause", "range_set": "range_clause", "increase": "range_clause",
               "decrease": "range_clause", "increase_by": "range_clause", "decrease_by": "range_clause",
               "more_adj": "range_clause", "more_adj_by": "range_clause", "max": "range_clause", "min": "range_clause",
               "half": "range_clause", "enum_set": "enum_clause", "enum_value_only": "enum_clause",
               "enum_increase": "enum_clause", "enum_decrease": "enum_clause", "valued_on": "enum_clause",
               "valued_off": "enum_clause", "action_run": "action_clause", "action_verb": "action_clause",
               "open": "action_clause", "page_verb": "page_clause", "bare": "ambiguous_clause",
               "ambiguous": "ambiguous_clause"}
EXPECTED_OP = {"on": {"on", "open"}, "off": {"off", "set"}, "increase": {"increase"}, "decrease": {"decrease"},
               "increase_by": {"increase"}, "decrease_by": {"decrease"}, "range_set": {"set"}, "max": {"set"},
               "min": {"set"}, "half": {"set"}, "enum_set": {"set"}, "enum_value_only": {"set"},
               "enum_increase": {"increase"}, "enum_decrease": {"decrease"}, "valued_on": {"set"},
               "valued_off": {"set"}, "action_run": {"on"}, "action_verb": {"on"}, "open": {"open"},
               "page_verb": {"open"}, "bare": {"open"}, "ambiguous": {"open"}, "more_adj": {"increase", "decrease"},
               "more_adj_by": {"increase", "decrease"}}


def _slots(t: str) -> frozenset:
    return frozenset(re.findall(r"\{(\w+)\}", t))


def test_new_families_are_new_and_yield_valid_programs() -> None:
    """Every family added on 2026-11-27 is new to its kind, uses the slots its kind's older families use, and,
    forced through the clause builder, gives valid programs with the op its kind stands for."""
    assert sum(len(v) for v in T_NEW.values()) >= 40
    for kind, added in T_NEW.items():
        old = [t for t in T[kind][1] if t not in added]
        assert len(old) + len(added) == len(T[kind][1]), kind  # no family listed twice
        old_slots = {_slots(t) for t in old}
        for t in added:
            assert _slots(t) in old_slots, (kind, t)
            assert t == t.lower() and t == t.strip(), t
    g = Generator(CAT, "train", 11)
    old_only = {k: [x for x in v if x not in T_NEW.get(k, [])] for k, v in g.templates.items()}
    for kind, added in T_NEW.items():
        for t in added:
            g.templates = dict(old_only)  # only t is new, so a sample that used a new family used t
            g.templates[kind] = [t]
            hits = 0
            for _ in range(3000):
                g.used_new = False
                c = getattr(g, KIND_CLAUSE[kind])()
                if c is None or not g.used_new:
                    continue
                hits += 1
                assert "{" not in c.text and c.actions, (t, c)
                validate_program(CAT, format_program(c.actions))
                assert {a.op for a in c.actions} <= EXPECTED_OP[kind], (kind, t, c.text, c.actions)
                if hits == 5:
                    break
            assert hits, (kind, t)


def test_new_families_split_and_reached() -> None:
    train, dev = Generator(CAT, "train", 1), Generator(CAT, "dev", 1)
    new_in_dev = sum(1 for k, added in T_NEW.items() for t in added if t in dev.templates[k])
    new_in_train = sum(1 for k, added in T_NEW.items() for t in added if t in train.templates[k])
    assert new_in_dev >= 20 and new_in_train >= 150, (new_in_dev, new_in_train)
    assert sum(1 for t in OOS_NEW if t in dev.oos) >= 5
    n_new = sum(train.sample() is not None and train.used_new for _ in range(4000))
    assert 0.15 < n_new / 4000 < 0.5, n_new


def _fills(t: str) -> list[str]:
    names = re.findall(r"\{(\w+)\}", t)
    if not names:
        return [t]
    out = []
    for i in range(max(len(OOS_SLOTS[k]) for k in names)):
        x = t
        for k in names:
            x = x.replace("{" + k + "}", OOS_SLOTS[k][i % len(OOS_SLOTS[k])], 1)
        out.append(x)
    return out


def test_new_out_of_scope_names_no_catalog_action() -> None:
    """The added out-of-scope lines never hold an action's name, nor are they any setting's name, request phrase
    or indirect need (so `none` is never the label of something the catalog can do)."""
    phrases = {p.lower() for s in CAT.settings for p in [s.title] + list(s.synonyms)}
    actions = {p.lower() for s in CAT.settings if s.type == "action" for p in [s.title] + list(s.synonyms)}
    needs = {t for texts, _ in NEEDS + CONFUSABLE_REQUESTS for t in texts}
    assert len(OOS_NEW) >= 40 and not set(OOS_NEW) & (set(OOS_FAMILIES[:-len(OOS_NEW)]))
    for fam in OOS_NEW:
        for text in _fills(fam):
            low = normalise_text(text)
            assert low not in phrases and low not in needs and low not in INTENTS, text
            padded = " " + re.sub(r"[^\w]+", " ", low) + " "
            hit = [a for a in actions if " " + re.sub(r"[^\w]+", " ", a).strip() + " " in padded]
            assert not hit, (text, hit)
    # and the check can fail: an action's name inside a line is found
    assert any(" sync now " in " " + a + " " for a in actions)


def test_explained_requests_keep_their_one_program() -> None:
    """A request's own reason (a need with the same setting and op) or a setting it leaves alone adds no action."""
    from settings_catalog import Action
    g = Generator(CAT, "train", 4)
    need_texts = {t: validate_program(CAT, prog) for texts, prog in g.needs for t in texts}
    kept = reasoned = 0
    for s in CAT.settings:
        for op in s.ops:
            acts = [Action(s.id, op)]
            for _ in range(3):
                text = g.explained("do it", acts)
                if text == "do it":
                    continue
                why = [t for t in need_texts if t in text and text.replace(t, "").strip(" ,.-") != ""]
                if why and not text.startswith("do it but") and " alone" not in text:
                    reasoned += 1
                    assert any(need_texts[t][0].setting == s.id and need_texts[t][0].op == op for t in why), text
                else:
                    kept += 1
                    assert any(re.search(re.escape(k).replace(r"\{n\}", ".+") + "$", text) for k in g.KEEP), text
    assert reasoned > 20 and kept > 40, (reasoned, kept)
    assert not any(re.search(r"\b(on|off|enable|disable|turn)\b", k) for k in g.KEEP)  # "keep it on" would ask
    # held-out needs stay out of train's reasons
    dev = Generator(CAT, "dev", 4)
    held = {t for texts, _ in dev.needs for t in texts} - {t for texts, _ in g.needs for t in texts}
    assert held and not held & {t for lst in g.reasons.values() for t, _ in lst}


if __name__ == "__main__":
    for name, fn in list(globals().items()):
        if name.startswith("test_"):
            fn()
            print(f"ok {name}")
