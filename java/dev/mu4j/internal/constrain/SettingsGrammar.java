package dev.mu4j.internal.constrain;

import dev.mu4j.MuException;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Range;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The action programs of {@code models/settings/AGENT-FORMAT.md} for one catalog, as an automaton:
 *
 * <pre>
 * program := "none" | action ( " ; " action ){0,2}
 * action  := SETTING_ID " " OP ( " " VALUE )?
 * </pre>
 *
 * with the catalog's rules (README "Types and operations", {@link Setting#rejection}): each setting only its own
 * ops; {@code set} on a range a number in [min, max], on an enum one of its value ids; {@code increase} /
 * {@code decrease} on a range an optional positive amount up to {@code max - min}; no value elsewhere. Numbers are
 * whole on integral ranges; on the others they have at most as many decimals as min, max and step (at least one).
 *
 * <p>The three action slots are separate copies of the action automaton (so a fourth " ; " never fits). "No
 * setting twice" is a claim ({@link Dfa}): the space after a setting id claims that setting's index. Settings whose
 * tails are alike (every toggle; ranges with the same bounds; enums with the same values) share one tail per slot.
 */
final class SettingsGrammar {
    /** The most actions in one program. */
    static final int MAX_ACTIONS = 3;
    private static final int MAX_STATES = 2_000_000;

    private SettingsGrammar() {}

    /** The automaton of the programs of {@code catalog}; claims are indices into {@code catalog.settings()}. */
    static Dfa compile(Catalog catalog) {
        Nfa nfa = new Nfa(MAX_STATES, "the settings grammar of " + catalog.source());
        List<Setting> settings = catalog.settings();
        if (settings.size() < MAX_ACTIONS) {
            // the claim rule needs a free setting for every slot a program can still open
            throw new MuException(catalog.source() + ": a program grammar needs at least " + MAX_ACTIONS + " settings");
        }
        int start = nfa.state(), accept = nfa.state();
        nfa.epsilon(nfa.literal(start, "none"), accept);
        int slotStart = start;
        for (int slot = 0; slot < MAX_ACTIONS; slot++) {
            int slotEnd = action(nfa, slotStart, settings);
            nfa.epsilon(slotEnd, accept);
            if (slot + 1 < MAX_ACTIONS) slotStart = nfa.literal(slotEnd, " ; ");
        }
        Dfa dfa = nfa.determinize(start, accept, MAX_ACTIONS);
        if (dfa == null) throw new MuException(catalog.source() + ": the settings grammar accepts no program");
        return dfa;
    }

    /** One action slot: every setting id, then its tail (shared by alike settings); returns the slot's end. */
    private static int action(Nfa nfa, int from, List<Setting> settings) {
        int end = nfa.state();
        Map<String, Integer> tails = new HashMap<>();
        for (int i = 0; i < settings.size(); i++) {
            Setting s = settings.get(i);
            String key = tailKey(s);
            Integer tail = tails.get(key);
            if (tail == null) {
                tail = nfa.state();
                tails.put(key, tail);
                tail(nfa, tail, s, end);
            }
            int idEnd = nfa.literal(from, s.id());
            nfa.edge(idEnd, ' ', ' ', tail, i);
        }
        return end;
    }

    /** Two settings with equal keys accept the same "OP [VALUE]" texts. */
    private static String tailKey(Setting s) {
        return switch (s.type()) {
            case RANGE -> "range " + s.range().min() + " " + s.range().max() + " " + s.range().step();
            case ENUM -> "enum " + s.ordered() + " " + s.valueIds();
            default -> s.type().name();
        };
    }

    /** "OP [VALUE]" after the space that follows the id. */
    private static void tail(Nfa nfa, int from, Setting s, int end) {
        for (String op : s.ops()) {
            int afterOp = nfa.literal(from, op);
            if (op.equals("set")) {
                int value = nfa.literal(afterOp, " ");
                if (s.type() == SettingType.RANGE) {
                    nfa.epsilon(setValue(nfa, value, s.range()), end);
                } else {
                    for (String v : s.valueIds()) nfa.epsilon(nfa.literal(value, v), end);
                }
            } else {
                nfa.epsilon(afterOp, end);
                if ((op.equals("increase") || op.equals("decrease")) && s.type() == SettingType.RANGE) {
                    nfa.epsilon(amount(nfa, nfa.literal(afterOp, " "), s.range()), end);
                }
            }
        }
    }

    private static int setValue(Nfa nfa, int from, Range r) {
        int d = decimals(r);
        BigInteger lo = scaled(r.min(), d, RoundingMode.CEILING), hi = scaled(r.max(), d, RoundingMode.FLOOR);
        return Numbers.decimals(nfa, from, lo, hi, d);
    }

    private static int amount(Nfa nfa, int from, Range r) {
        int d = decimals(r);
        BigDecimal span = new BigDecimal(Double.toString(r.max())).subtract(new BigDecimal(Double.toString(r.min())));
        BigInteger hi = span.movePointRight(d).setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        return Numbers.decimals(nfa, from, BigInteger.ONE, hi, d);
    }

    /** Fraction digits of the range's numbers: 0 when integral, else those of min, max and step, at least 1. */
    static int decimals(Range r) {
        if (r.integral()) return 0;
        int d = 1;
        for (double v : new double[] {r.min(), r.max(), r.step()}) {
            d = Math.max(d, new BigDecimal(Double.toString(v)).stripTrailingZeros().scale());
        }
        return d;
    }

    private static BigInteger scaled(double v, int digits, RoundingMode mode) {
        return new BigDecimal(Double.toString(v)).movePointRight(digits).setScale(0, mode).toBigIntegerExact();
    }
}
