package dev.mu4j.internal.agent;

import static dev.mu4j.internal.agent.ValuePriorTest.allowing;
import static dev.mu4j.internal.agent.ValuePriorTest.argmax;
import static dev.mu4j.internal.agent.ValuePriorTest.setting;
import static dev.mu4j.internal.agent.ValuePriorTest.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link OpenPrior}: which clauses ask for a setting's page, and that only {@code open} keeps its logits then. */
class OpenPriorTest {
    static final float WEIGHT = 10f;

    @BeforeAll
    static void load() throws Exception {
        ValuePriorTest.load();
    }

    static boolean asks(String clause, String id) {
        return OpenPrior.asksForPage(clause, setting(id));
    }

    static float[] prior(String request, String program, float[] logits) {
        return ValuePriorTest.run(new OpenPrior(ValuePriorTest.tokenText, new Clauses(ValuePriorTest.CATALOG, request), WEIGHT),
                program, logits);
    }

    @Test
    void askingToSeeOrWorkOnASettingAsksForItsPage() {
        assertTrue(asks("mess with battery saver", "power.battery_saver"));
        assertTrue(asks("check the device encryption setting", "security.device_encryption"));
        assertTrue(asks("where is night light", "display.night_light"));
        assertTrue(asks("i can t find bluetooth", "bluetooth.enabled"));
        assertTrue(asks("edit the lid action", "power.lid_close_action"));
        assertTrue(asks("volume help", "sound.volume"));
        assertTrue(asks("adjust the screen brightness", "display.brightness"));
    }

    @Test
    void aClauseThatSaysWhatToChangeDoesNot() {
        assertFalse(asks("turn on bluetooth", "bluetooth.enabled"));
        assertFalse(asks("how do i turn off night light", "display.night_light"), "says off");
        assertFalse(asks("change the brightness to 40", "display.brightness"), "a value");
        assertFalse(asks("check the brightness, it is too high", "display.brightness"), "a way to move it");
        assertFalse(asks("lower hz as wel as go into presence sensing", "display.refresh_rate"), "a way, on an enum");
        assertFalse(asks("help me add a device", "bluetooth.add_device"), "'help me' asks for it done");
        assertFalse(asks("my clock ignored the daylight saving change", "time.daylight_saving"), "'change' as a noun");
        assertFalse(asks("bluetooth", "bluetooth.enabled"), "nothing asked");
        assertFalse(asks("check for updates", "update.check_now"), "the setting's own name");
    }

    @Test
    void onlyOpenKeepsItsLogits() {
        int on = token(" on"), off = token(" off"), open = token(" open");
        float[] logits = allowing(on, off, open);   // the model prefers on
        float[] out = prior("mess with battery saver", "power.battery_saver", logits);
        assertEquals(logits[on] - WEIGHT, out[on], 1e-6);
        assertEquals(logits[off] - WEIGHT, out[off], 1e-6);
        assertEquals(logits[open], out[open], 0f);
        assertEquals(open, argmax(out));
        assertArrayEquals(logits, prior("turn on battery saver", "power.battery_saver", logits));
        assertArrayEquals(logits, prior("mess with battery saver", "power.battery_saver on ; ", logits), "between actions");
    }

    @Test
    void plusAndNJoinClauses() {
        Clauses c = new Clauses(ValuePriorTest.CATALOG, "mute the volume + open bluetooth settings n night light on");
        assertEquals("open bluetooth settings", c.clauseFor(setting("bluetooth.enabled")));
        assertEquals(3, Clauses.CLAUSE.split("mute the volume + open bluetooth settings n night light on").length);
        assertEquals(1, Clauses.CLAUSE.split("volume +5").length, "a sign, not a joiner");
        assertTrue(Arrays.asList(Clauses.CLAUSE.split("brightness 0.5 please")).contains("brightness 0.5 please"));
    }
}
