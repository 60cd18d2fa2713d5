package dev.mu4j.internal.agent;

import static dev.mu4j.internal.agent.ValuePriorTest.allowing;
import static dev.mu4j.internal.agent.ValuePriorTest.argmax;
import static dev.mu4j.internal.agent.ValuePriorTest.setting;
import static dev.mu4j.internal.agent.ValuePriorTest.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PolarityPrior}: which direction a clause states for a switch, and that only the other direction loses. */
class PolarityPriorTest {
    static final float WEIGHT = 10f;

    @BeforeAll
    static void load() throws Exception {
        ValuePriorTest.load();
    }

    static String direction(String request, String id) {
        return new PolarityPrior(ValuePriorTest.tokenText, new Clauses(ValuePriorTest.CATALOG, request), WEIGHT)
                .direction(setting(id));
    }

    /** Runs the prior on {@code logits} after the model has written {@code program} for {@code request}. */
    static float[] prior(String request, String program, float[] logits) {
        return ValuePriorTest.run(new PolarityPrior(ValuePriorTest.tokenText, new Clauses(ValuePriorTest.CATALOG, request), WEIGHT),
                program, logits);
    }

    @Test
    void eachClauseGivesItsOwnSettingItsDirection() {
        String r = "please turn off private firewall, i'd like cursor indicator turned on";
        assertEquals("off", direction(r, "security.firewall_private"));
        assertEquals("on", direction(r, "text_cursor.indicator"));
        assertEquals("on", direction("enable wifi and disable bluetooth", "network.wifi"));
        assertEquals("off", direction("enable wifi and disable bluetooth", "bluetooth.enabled"));
        assertEquals("on", direction("bluetooth on please", "bluetooth.enabled"));
    }

    @Test
    void negationTurnsTheDirectionRound() {
        assertEquals("off", direction("i don't want bluetooth enabled", "bluetooth.enabled"));
        assertEquals("off", direction("do not turn on wifi", "network.wifi"));
        assertEquals("on", direction("wifi should never be switched off", "network.wifi"));
    }

    @Test
    void unwantedWithoutAnOnOffWordIsOffAndMisspeltSwitchWordsCount() {
        assertEquals("off", direction("i don't want bluetooth", "bluetooth.enabled"));
        assertEquals("off", direction("no more night light please", "display.night_light"));
        assertEquals("on", direction("i don't want bluetooth turned off", "bluetooth.enabled"), "an on/off word decides");
        assertEquals("off", direction("diable bluetooth", "bluetooth.enabled"));
        assertEquals("on", direction("enabel wifi", "network.wifi"));
        assertEquals("unable", PolarityPrior.canonical("unable"), "the first letter is kept: not 'enable'");
    }

    @Test
    void namesPrepositionsAndUnclearClausesSayNothing() {
        assertEquals("off", direction("do not disturb off", "notifications.do_not_disturb"), "'do not' is the name");
        assertEquals("", direction("do not disturb", "notifications.do_not_disturb"));
        assertEquals("off", direction("do not turn on do not disturb", "notifications.do_not_disturb"),
                "only the name's own 'not' is the name");
        assertEquals("", direction("too much motion on screen", "visual_effects.animation"), "'on' is a preposition");
        assertEquals("", direction("stop the screen rotating", "display.rotation_lock"), "depends on the setting");
        assertEquals("", direction("enable or disable bluetooth", "bluetooth.enabled"), "both directions");
        assertEquals("", direction("bluetooth", "bluetooth.enabled"));
        assertEquals("", direction("leave touchpad on when a mouse is connected", "touchpad.leave_on_with_mouse"),
                "'on' is in the title");
        assertEquals("", direction("the flight attendant said to turn off wireless", "network.airplane_mode"),
                "'turn off wireless' is a catalog synonym of airplane mode: it means on");
        assertEquals("off", direction("please turn off private firewall", "security.firewall_private"),
                "the synonym 'turn off firewall' is not in it: its words count");
        assertEquals("off", direction("turn off leave touchpad on when a mouse is connected",
                "touchpad.leave_on_with_mouse"));
        assertEquals("", direction("turn on wifi and bluetooth settings page", "privacy.camera_apps"), "not named");
    }

    @Test
    void onlyTheOtherDirectionLoses() {
        int on = token(" on"), off = token(" off"), open = token(" open");
        float[] logits = allowing(on, open, off);   // the model prefers on, then open
        float[] out = prior("please turn off bluetooth", "bluetooth.enabled", logits);
        assertEquals(logits[on] - WEIGHT, out[on], 1e-6);
        assertEquals(logits[off], out[off], 0f);
        assertEquals(logits[open], out[open], 0f);
        assertEquals(open, argmax(out), "open is the model's, not the prior's, to drop");
        assertEquals(off, argmax(prior("please turn off bluetooth", "bluetooth.enabled", allowing(on, off))));
        int o = token(" o"), n = token("n"), ff = token("ff");
        float[] split = prior("turn off bluetooth", "bluetooth.enabled ", allowing(o));   // " o" may still be off
        assertArrayEquals(allowing(o), split);
        float[] second = prior("turn off bluetooth", "bluetooth.enabled o", allowing(n, ff));
        assertEquals(ff, argmax(second), "after ' o', 'n' spells on");
    }

    @Test
    void spellsWithoutConcatenatingIsTheSame() {
        String[] texts = {"", " ", " o", " on", " of", " off", " open", " on ", " off ;", " on" + ValuePrior.END,
                " one", " onx", " opens", "x"};
        for (String op : new String[] {" on", " off", " open", " set"}) {
            for (String q : texts) {
                boolean plain = op.startsWith(q) || q.equals(op) || q.startsWith(op + " ") || q.startsWith(op + ValuePrior.END);
                for (int cut = 0; cut <= q.length(); cut++) {
                    assertEquals(plain, ProgramPrior.spells(q.substring(0, cut), q.substring(cut), op), "'" + q + "' cut at " + cut + " for '" + op + "'");
                }
            }
        }
    }

    @Test
    void otherSettingsAndPlacesAreLeftAlone() {
        int on = token(" on"), off = token(" off");
        float[] logits = allowing(on, off);
        assertArrayEquals(logits, prior("turn off the volume", "sound.volume", logits), "not a switch");
        assertArrayEquals(logits, prior("bluetooth", "bluetooth.enabled", logits), "no direction stated");
        assertArrayEquals(logits, prior("turn off bluetooth", "bluetooth.enabled off ; ", logits), "between actions");
        assertArrayEquals(logits, prior("turn off bluetooth", "", logits), "before any setting");
    }

    @Test
    void aPronounInTheNextClauseSaysWhatToDoWithTheNamedSetting() {
        assertEquals("off", PolarityPrior.pronounDirection("turn it off"));
        assertEquals("off", PolarityPrior.pronounDirection("disable it please"));
        assertEquals("on", PolarityPrior.pronounDirection("switch them back on"));
        assertEquals("off", PolarityPrior.pronounDirection("don t turn it on"), "negated");
        assertEquals("", PolarityPrior.pronounDirection("turn off bluetooth"), "no pronoun: a request of its own");
        assertEquals("", PolarityPrior.pronounDirection("it is fine"), "no direction");
        assertEquals("", PolarityPrior.pronounDirection(null));
        // the naming clause only describes the state ("is on"); the next one asks for the change
        int on = token(" on"), off = token(" off");
        float[] logits = allowing(on, off);   // the model prefers on
        float[] out = prior("why is bluetooth on? turn it off", "bluetooth.enabled", logits);
        assertEquals(off, argmax(out), "the pronoun's direction wins over the described state");
    }
}
