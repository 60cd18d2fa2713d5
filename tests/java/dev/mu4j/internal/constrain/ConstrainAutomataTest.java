package dev.mu4j.internal.constrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.MuException;
import dev.mu4j.settings.Catalog;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Table tests of the automata: number ranges, the settings program grammar (on a small hand-made catalog with
 * decimal and negative ranges), claims, and the token masks against their one-token-at-a-time reference on a
 * hand-made vocabulary whose tokens straddle grammar boundaries.
 */
class ConstrainAutomataTest {
    /** A catalog with every setting type, a decimal range and a range below zero. */
    static final String SMALL_CATALOG = """
            {"version": 1, "settings": [
             {"id": "a.toggle", "title": "A", "category": "system", "uri": "ms-settings:display", "type": "toggle",
              "description": "d", "apply": {"method": "ui_only"}, "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"},
             {"id": "a.toggle_two", "title": "B", "category": "system", "uri": "ms-settings:display", "type": "toggle",
              "description": "d", "apply": {"method": "ui_only"}, "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"},
             {"id": "b.zoom", "title": "Z", "category": "system", "uri": "ms-settings:display", "type": "range",
              "min": 0.5, "max": 3, "step": 0.25, "unit": "x",
              "description": "d", "apply": {"method": "ui_only"}, "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"},
             {"id": "b.offset", "title": "O", "category": "system", "uri": "ms-settings:display", "type": "range",
              "min": -12, "max": 7, "step": 1, "unit": "level",
              "description": "d", "apply": {"method": "ui_only"}, "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"},
             {"id": "c.mode", "title": "M", "category": "system", "uri": "ms-settings:display", "type": "enum",
              "values": ["light", "dark", "10"], "ordered": true,
              "description": "d", "apply": {"method": "ui_only"}, "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"},
             {"id": "d.run", "title": "R", "category": "system", "uri": "ms-settings:display", "type": "action",
              "description": "d", "apply": {"method": "ui_only"}, "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"},
             {"id": "e.page", "title": "P", "category": "system", "uri": "ms-settings:display", "type": "page",
              "description": "d", "apply": {"method": "uri"}, "risk": "low", "confirmed": true, "confidence": "DOC",
              "source": "test"}
            ]}""";

    static Catalog smallCatalog() {
        return Catalog.fromJson(new StringReader(SMALL_CATALOG), "small-catalog");
    }

    static Dfa integers(long lo, long hi) {
        Nfa nfa = new Nfa(100_000, "test");
        int s = nfa.state();
        int e = Numbers.integers(nfa, s, BigInteger.valueOf(lo), BigInteger.valueOf(hi));
        return nfa.determinize(s, e, 0);
    }

    static Dfa decimals(String lo, String hi, int digits) {
        Nfa nfa = new Nfa(100_000, "test");
        int s = nfa.state();
        int e = Numbers.decimals(nfa, s, new BigDecimal(lo).movePointRight(digits).toBigIntegerExact(),
                new BigDecimal(hi).movePointRight(digits).toBigIntegerExact(), digits);
        return nfa.determinize(s, e, 0);
    }

    static boolean matches(Dfa dfa, String text) {
        return dfa.matches(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void integerRangesAcceptExactlyTheCanonicalNumbersInside() {
        long[][] ranges = {{0, 300}, {5, 240}, {1, 15}, {200, 900}, {-12, 7}, {-300, -5}, {0, 0}, {7, 7}, {9, 10},
                {99, 101}, {-1, 0}};
        for (long[] r : ranges) {
            Dfa dfa = integers(r[0], r[1]);
            for (long v = -1100; v <= 1100; v++) {
                boolean inside = v >= r[0] && v <= r[1];
                assertEquals(inside, matches(dfa, Long.toString(v)), r[0] + ".." + r[1] + " on " + v);
            }
            for (String bad : List.of("", "-", "-0", "00", "007", "+5", "1.0", "1.", ".5", "5 ", " 5", "1e2")) {
                assertFalse(matches(dfa, bad), r[0] + ".." + r[1] + " accepted '" + bad + "'");
            }
        }
    }

    @Test
    void integerRangesAtTheEndsOfLong() {
        Dfa dfa = integers(Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(matches(dfa, Long.toString(Long.MAX_VALUE)));
        assertTrue(matches(dfa, Long.toString(Long.MIN_VALUE)));
        assertTrue(matches(dfa, "0"));
        assertFalse(matches(dfa, "9223372036854775808"));
        assertFalse(matches(dfa, "-9223372036854775809"));
        assertFalse(matches(dfa, "10000000000000000000"));
    }

    @Test
    void decimalRangesAcceptNumbersWithUpToTheGivenDecimals() {
        String[][] ranges = {{"0.5", "3", "2"}, {"0.5", "2.5", "1"}, {"-1.25", "0.75", "2"}, {"0", "0.5", "1"},
                {"1.05", "1.95", "2"}};
        List<String> texts = new ArrayList<>();
        for (int v = -400; v <= 400; v++) {
            BigDecimal d = BigDecimal.valueOf(v, 2);
            texts.add(d.toPlainString());                              // two decimals: "1.50", "-0.05"
            texts.add(d.stripTrailingZeros().toPlainString());         // canonical: "1.5", "2"
            if (d.scale() > 0 && d.remainder(BigDecimal.ONE).signum() != 0) continue;
            texts.add(d.setScale(1, java.math.RoundingMode.UNNECESSARY).toPlainString());
        }
        for (String[] r : ranges) {
            int digits = Integer.parseInt(r[2]);
            Dfa dfa = decimals(r[0], r[1], digits);
            BigDecimal lo = new BigDecimal(r[0]), hi = new BigDecimal(r[1]);
            for (String t : texts) {
                BigDecimal v = new BigDecimal(t);
                int places = t.contains(".") ? t.length() - t.indexOf('.') - 1 : 0;
                boolean negativeZero = t.startsWith("-") && v.signum() == 0;
                boolean expected = v.compareTo(lo) >= 0 && v.compareTo(hi) <= 0 && places <= digits && !negativeZero;
                assertEquals(expected, matches(dfa, t), Arrays.toString(r) + " on " + t);
            }
            for (String bad : List.of("", ".5", "1.", "-", "00.5", "+1", "0.5.5")) assertFalse(matches(dfa, bad), bad);
        }
    }

    @Test
    void settingsProgramsFollowTheGrammarAndTheCatalog() {
        Dfa dfa = SettingsGrammar.compile(smallCatalog());
        for (String ok : List.of("none", "a.toggle on", "a.toggle_two off", "a.toggle open", "b.zoom set 0.5",
                "b.zoom set 3", "b.zoom set 2.75", "b.zoom set 1.5", "b.zoom set 1.50", "b.zoom increase",
                "b.zoom decrease 2.5", "b.zoom increase 0.25", "b.offset set -12", "b.offset set 0", "b.offset set 7",
                "b.offset decrease 19", "c.mode set dark", "c.mode set 10", "c.mode increase", "c.mode open",
                "d.run on", "d.run open", "e.page open", "a.toggle on ; a.toggle_two off",
                "a.toggle on ; b.zoom set 2 ; c.mode set light", "b.offset increase 3 ; a.toggle off")) {
            assertTrue(matches(dfa, ok), ok);
        }
        for (String bad : List.of("", "None", "none ", " none", "none ; a.toggle on", "a.toggle", "a.toggle ",
                "a.toggle set 1", "a.toggle on ", "a.toggle on;a.toggle_two off", "a.toggle on ; a.toggle off",
                "a.toggle on ; a.toggle_two on ; b.zoom open ; c.mode open", "b.zoom set 3.25", "b.zoom set 0.25",
                "b.zoom set 1.125", "b.zoom set 01", "b.zoom increase 0", "b.zoom increase 2.75", "b.zoom on",
                "b.offset set -13", "b.offset set 8", "b.offset set -0", "b.offset increase 20", "b.offset increase -1",
                "c.mode set Dark", "c.mode set 11", "c.mode on", "c.mode increase 1", "d.run off", "d.run set 1",
                "e.page on", "x.unknown open", "a.toggle  on", "a.toggle on ;", "a.toggle on ; ")) {
            assertFalse(matches(dfa, bad), bad);
        }
    }

    @Test
    void claimsAreLiveOnlyWhileAFreeKeyRemains() {
        Catalog catalog = smallCatalog();
        Dfa dfa = SettingsGrammar.compile(catalog);
        assertEquals(SettingsGrammar.MAX_ACTIONS, dfa.maxClaims());
        // after "a.toggle on ; " the next id may be anything but a.toggle
        int s = run(dfa, "a.toggle on ; a.toggle");
        int toggle = 0, toggleTwo = 1;
        // "a.toggle" can still become a.toggle_two
        assertTrue(dfa.live(s, new int[] {toggle}, 1, new int[0]));
        assertFalse(dfa.live(s, new int[] {toggle, toggleTwo}, 2, new int[0]));
        // the first slot's states never depend on claims
        assertNull(dfa.pendingClaims(run(dfa, "a.toggle on")));
    }

    static int run(Dfa dfa, String text) {
        int s = 0;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int r = dfa.find(s, b & 0xFF);
            if (r < 0) throw new AssertionError("'" + text + "' leaves the automaton");
            s = dfa.target(r);
        }
        return s;
    }

    @Test
    void claimsThatCollideOnOneByteAreAGrammarBug() {
        Nfa nfa = new Nfa(100, "test");
        int s = nfa.state(), a = nfa.state(), b = nfa.state();
        nfa.edge(s, 'x', 'x', a, 1);
        nfa.edge(s, 'x', 'x', b, 2);
        assertThrows(IllegalStateException.class, () -> nfa.determinize(s, a, 1));
    }

    @Test
    void statesThatCannotAcceptAreTrimmed() {
        Nfa nfa = new Nfa(100, "test");
        int s = nfa.state(), ok = nfa.literal(s, "ab");
        nfa.literal(s, "ac");   // leads nowhere
        Dfa dfa = nfa.determinize(s, ok, 0);
        assertEquals(3, dfa.stateCount());
        assertTrue(dfa.find(run(dfa, "a"), 'c') < 0);
        Nfa never = new Nfa(10, "test");
        int a = never.state(), b = never.state();
        never.literal(a, "x");
        assertNull(never.determinize(a, b, 0));
    }

    @Test
    void tooLargeGrammarsFailWithAMessage() {
        Nfa nfa = new Nfa(50, "the test grammar");
        MuException e = assertThrows(MuException.class, () -> {
            int s = nfa.state();
            for (int i = 0; i < 100; i++) s = nfa.range(s, 'a', 'a');
        });
        assertTrue(e.getMessage().startsWith("the test grammar needs more than 50 automaton states"), e.getMessage());
    }

    // ---- masks over a token trie ---------------------------------------------------------------------------

    /** A vocabulary with tokens that straddle every boundary of the program grammar. */
    static final String[] VOCAB = {"<s>", "<|end|>", "<|user|>", "a", "b", "c", "d", "e", "t", "o", "n", "f", "g",
        "l", "i", "r", "k", "m", "s", "p", "u", "w", "x", "y", "z", "h", "v", "_", ".", " ", ";", "-", "0", "1", "2",
        "3", "4", "5", "6", "7", "8", "9", "none", "a.toggle", "a.toggle_two", "a.", "toggle", "_two", " on", " off",
        " open", " on ;", "on ; ", " ; ", " ;", "; a.", " set", " set 1", "set 1.", ".5", "0.25", " increase", " decrease",
        "e on", "le on", "ggle o", "zoom", "b.zoom set", " -", "-1", "12", " dark", " light", " 10", "c.mode",
        "offset", "b.", " b.", " ; b.", "none ;", "toggle on ; a.toggle", "n ; a.toggle_two on ; b.zoom open"};

    static MaskTable table(Dfa dfa) {
        byte[][] bytes = new byte[VOCAB.length][];
        boolean[] special = new boolean[VOCAB.length];
        for (int i = 0; i < VOCAB.length; i++) {
            bytes[i] = VOCAB[i].getBytes(StandardCharsets.UTF_8);
            special[i] = VOCAB[i].startsWith("<") && VOCAB[i].length() > 1;
        }
        return new MaskTable(dfa, bytes, special, 1);
    }

    @Test
    void masksEqualTheirReferenceInEveryStateForEveryClaimSet() {
        Catalog catalog = smallCatalog();
        MaskTable table = table(SettingsGrammar.compile(catalog));
        Dfa dfa = table.dfa();
        int keys = catalog.settings().size();
        List<int[]> claimSets = new ArrayList<>();
        claimSets.add(new int[0]);
        for (int a = 0; a < keys; a++) {
            claimSets.add(new int[] {a});
            for (int b = a + 1; b < keys; b++) claimSets.add(new int[] {a, b});
        }
        MaskTable.Allowed allowed = new MaskTable.Allowed(VOCAB.length);
        int checked = 0, allowedSeen = 0;
        for (int s = 0; s < dfa.stateCount(); s++) {
            for (int[] claimed : claimSets) {
                table.allowed(s, claimed, claimed.length, allowed);
                int n = 0;
                for (int t = 0; t < VOCAB.length; t++) {
                    boolean fast = allowed.contains(t);
                    assertEquals(table.allowedRef(s, claimed, claimed.length, t), fast,
                            "state " + s + " claimed " + Arrays.toString(claimed) + " token '" + VOCAB[t] + "'");
                    if (fast) n++;
                    checked++;
                }
                assertEquals(n, allowed.count);
                allowedSeen += n;
            }
        }
        assertTrue(allowedSeen > 1000, "too few allowed tokens to mean anything: " + allowedSeen);
        assertTrue(checked > 100_000, "checked " + checked);
    }

    @Test
    void processorFollowsTokensAcrossBoundariesAndClaims() {
        MaskTable table = table(SettingsGrammar.compile(smallCatalog()));
        GrammarProcessor p = new GrammarProcessor(table);
        p.reset();
        // "a.toggle on ; a.toggle_two on ; b.zoom open" in tokens that straddle the boundaries
        for (String t : List.of("a.", "toggle on ; a.toggle", "_two", " on ;", " b.", "zoom", " open")) {
            assertAllowed(p, table, t, true);
            p.accept(index(t));
        }
        assertTrue(p.complete());
        assertAllowed(p, table, " ;", false);   // a fourth action never fits
        float[] logits = new float[VOCAB.length];
        p.process(null, 0, logits);
        assertEquals(0f, logits[1]);           // the end token
        p.accept(1);
        assertTrue(p.ended());

        p.reset();
        for (String t : List.of("a.toggle", " on", " ; ")) p.accept(index(t));
        assertAllowed(p, table, "a.toggle_two", true);
        assertAllowed(p, table, "a.", true);
        assertAllowed(p, table, "toggle on ; a.toggle", false);   // cannot start with a.toggle after ' ; '
        p.accept(index("a."));
        assertAllowed(p, table, "toggle", true);                  // may still become a.toggle_two ...
        p.accept(index("toggle"));
        assertAllowed(p, table, " on", false);                    // ... but not a.toggle again
        assertAllowed(p, table, "_two", true);
        assertThrows(MuException.class, () -> p.accept(index(" on")));
        assertAllowed(p, table, "<|end|>", false);
        assertAllowed(p, table, "<|user|>", false);
    }

    static int index(String token) {
        int i = Arrays.asList(VOCAB).indexOf(token);
        if (i < 0) throw new AssertionError("no token '" + token + "'");
        return i;
    }

    static void assertAllowed(GrammarProcessor p, MaskTable table, String token, boolean allowed) {
        float[] logits = new float[VOCAB.length + 5];
        p.process(null, 0, logits);
        assertEquals(allowed, logits[index(token)] == 0f, "'" + token + "'");
        for (int i = VOCAB.length; i < logits.length; i++) assertEquals(Float.NEGATIVE_INFINITY, logits[i]);
    }

    @Test
    void applyMasksExactlyTheTokensNotAllowed() {
        Random rng = new Random(3);
        MaskTable table = table(SettingsGrammar.compile(smallCatalog()));
        GrammarProcessor p = new GrammarProcessor(table);
        for (int round = 0; round < 200; round++) {
            int vocab = 1 + rng.nextInt(300);
            MaskTable.Allowed a = new MaskTable.Allowed(vocab);
            boolean[] in = new boolean[vocab];
            double density = rng.nextDouble();
            List<Integer> ids = new ArrayList<>();
            for (int t = 0; t < vocab; t++) {
                in[t] = rng.nextDouble() < density;
                if (in[t]) ids.add(t);
            }
            a.count = ids.size();
            a.sparse = rng.nextBoolean();
            a.ids = ids.stream().mapToInt(Integer::intValue).toArray();
            a.bits = new long[(vocab + 63) / 64];
            for (int t : a.ids) a.bits[t >>> 6] |= 1L << t;
            float[] logits = new float[vocab + rng.nextInt(70)];
            for (int i = 0; i < logits.length; i++) logits[i] = rng.nextFloat();
            float[] before = logits.clone();
            p.apply(a, logits, vocab);
            for (int i = 0; i < logits.length; i++) {
                float want = i < vocab && in[i] ? before[i] : Float.NEGATIVE_INFINITY;
                assertEquals(want, logits[i], "round " + round + " id " + i + " sparse " + a.sparse);
            }
        }
    }

    @Test
    void trieWalkMatchesReferenceOnRandomVocabularies() {
        Random rng = new Random(7);
        Dfa dfa = SettingsGrammar.compile(smallCatalog());
        String alphabet = "abcdefgilmnoprstuwz_.; -0123456789";
        for (int round = 0; round < 20; round++) {
            int n = 200 + rng.nextInt(300);
            byte[][] bytes = new byte[n][];
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                int len = 1 + rng.nextInt(8);
                for (int k = 0; k < len; k++) sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
                bytes[i] = sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            MaskTable table = new MaskTable(dfa, bytes, new boolean[n], -1);
            MaskTable.Allowed allowed = new MaskTable.Allowed(n);
            for (int s = 0; s < dfa.stateCount(); s += 1 + rng.nextInt(3)) {
                int[] claimed = rng.nextBoolean() ? new int[0] : new int[] {rng.nextInt(7)};
                table.allowed(s, claimed, claimed.length, allowed);
                for (int t = 0; t < n; t++) {
                    assertEquals(table.allowedRef(s, claimed, claimed.length, t), allowed.contains(t),
                            "round " + round + " state " + s + " token " + new String(bytes[t], StandardCharsets.UTF_8));
                }
            }
        }
    }
}
