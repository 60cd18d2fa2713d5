package dev.mu4j.internal.agent;

import static dev.mu4j.internal.agent.ValuePriorTest.allowing;
import static dev.mu4j.internal.agent.ValuePriorTest.argmax;
import static dev.mu4j.internal.agent.ValuePriorTest.setting;
import static dev.mu4j.internal.agent.ValuePriorTest.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.internal.Spelling;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ChangePrior}: which way a clause moves a range setting, and which ops lose for it. */
class ChangePriorTest {
    static final float WEIGHT = 10f;

    @BeforeAll
    static void load() throws Exception {
        ValuePriorTest.load();
    }

    static ChangePrior.Change change(String request, String id) {
        dev.mu4j.settings.Setting s = setting(id);
        return ChangePrior.change(request, ChangePrior.names(s), s.range().unit().equals("minutes"));
    }

    /** Runs the prior on {@code logits} after the model has written {@code program} for {@code request}. */
    static float[] prior(String request, String program, float[] logits) {
        return ValuePriorTest.run(new ChangePrior(ValuePriorTest.tokenText, new Clauses(ValuePriorTest.CATALOG, request), WEIGHT),
                program, logits);
    }

    @Test
    void aChangeByAnAmountIsAStepNotAValue() {
        assertEquals(new ChangePrior.Change("decrease", true), change("knock 15% off the volume thanks", "sound.volume"));
        assertEquals(new ChangePrior.Change("decrease", true), change("knock an hour off the sleep timeout", "power.sleep_plugged_in"));
        assertEquals(new ChangePrior.Change("decrease", true), change("take 5 off the volume", "sound.volume"));
        assertEquals(new ChangePrior.Change("increase", true), change("add 3 lines to wheel scrolling", "mouse.scroll_lines"));
        assertEquals(new ChangePrior.Change("increase", true), change("make my recording 20 percent louder", "sound.input_volume"));
        assertEquals(new ChangePrior.Change("decrease", true), change("lower the volume by 10", "sound.volume"));
        assertEquals(new ChangePrior.Change("increase", true), change("give the volume 5 more", "sound.volume"));
    }

    @Test
    void aWayWithoutAnAmountLeavesSetToTheModel() {
        assertEquals(new ChangePrior.Change("decrease", false), change("turn the volume down to 20", "sound.volume"));
        assertEquals(new ChangePrior.Change("increase", false), change("brightness up a bit", "display.brightness"));
        assertEquals(new ChangePrior.Change("decrease", false), change("the narrator speed is way too high today", "narrator.speed"));
        assertEquals(new ChangePrior.Change("increase", false), change("the zoom level isn t high enough", "magnifier.zoom"));
        assertEquals(new ChangePrior.Change("increase", false), change("volume is too quiet", "sound.volume"));
    }

    @Test
    void aStatedValueIsSet() {
        assertTrue(ChangePrior.statesTarget("i want the insertion point on 9", ChangePrior.names(setting("text_cursor.thickness")),
                setting("text_cursor.thickness")));
        assertTrue(ChangePrior.statesTarget("turn the volume down to 20", ChangePrior.names(setting("sound.volume")), setting("sound.volume")));
        assertTrue(ChangePrior.statesTarget("full volume", ChangePrior.names(setting("sound.volume")), setting("sound.volume")));
        assertFalse(ChangePrior.statesTarget("turn the volume up 10", ChangePrior.names(setting("sound.volume")), setting("sound.volume")),
                "a number without a marker may be a step");
        assertFalse(ChangePrior.statesTarget("volume", ChangePrior.names(setting("sound.volume")), setting("sound.volume")));
        int set = token(" set"), inc = token(" increase"), dec = token(" decrease"), open = token(" open");
        float[] logits = allowing(inc, dec, open, set);   // the model prefers increase
        float[] out = prior("letters bigger at 150 percent", "text.size", logits);
        assertEquals(set, argmax(out));
        assertEquals(logits[open] - WEIGHT, out[open], 1e-6, "a value stated: not the page");
        assertEquals(inc, argmax(prior("add 10 percent to the volume", "sound.volume", allowing(inc, set))), "a step stays a step");
    }

    @Test
    void onATimeoutSpeedIsTime() {
        assertEquals("increase", change("on battery the laptop goes to sleep way too fast", "power.sleep_on_battery").op());
        assertEquals("decrease", change("make the screen turn off faster", "power.screen_off_plugged_in").op());
        assertEquals("decrease", change("the mouse is too fast", "mouse.speed").op(), "a speed is a speed");
    }

    @Test
    void misspelledCueWordsCount() {
        assertEquals("decrease", change("decrese magnifier zoom level", "magnifier.zoom").op());
        assertEquals(new ChangePrior.Change("decrease", true), change("nkock 10 percent off the volume", "sound.volume"));
        assertEquals(new ChangePrior.Change("decrease", true), change("knoc 1 off the mouse speed", "mouse.speed"));
        assertTrue(Spelling.oneEdit("decrese", "decrease"));
        assertTrue(Spelling.oneEdit("nkock", "knock"));
        assertTrue(Spelling.oneEdit("loudre", "louder"));
        assertFalse(Spelling.oneEdit("decrease", "increase"), "two edits apart: never read as each other");
        assertEquals("power", ChangePrior.canonical("power"), "only the long cue words are matched loosely");
    }

    @Test
    void unclearOrNamedWordsSayNothing() {
        assertEquals(ChangePrior.Change.NONE, change("volume", "sound.volume"));
        assertEquals(ChangePrior.Change.NONE, change("turn the volume up or turn it down", "sound.volume"), "both ways");
        assertEquals(ChangePrior.Change.NONE, change("one more thing, volume to 40", "sound.volume"), "a filler");
        assertEquals(ChangePrior.Change.NONE, change("set the volume to 30", "sound.volume"));
        assertEquals(ChangePrior.Change.NONE, change("scroll lines", "mouse.scroll_lines"));
        assertEquals(ChangePrior.Change.NONE, change("when i hold down a key it repeats so slowly", "typing.repeat_rate"),
                "'down' there moves nothing");
        assertEquals(ChangePrior.Change.NONE, change("everything looks so dim", "display.brightness"),
                "'dim' alone tells the state, not the wish");
        assertEquals(ChangePrior.Change.NONE, change("speed of the mouse keys", "mouse_keys.speed"));
    }

    @Test
    void onlyTheOtherOpsLose() {
        int set = token(" set"), inc = token(" increase"), dec = token(" decrease"), open = token(" open");
        float[] logits = allowing(set, inc, dec, open);   // the model prefers set, then increase
        float[] out = prior("knock 15 percent off the volume", "sound.volume", logits);
        assertEquals(logits[set] - WEIGHT, out[set], 1e-6);
        assertEquals(logits[inc] - WEIGHT, out[inc], 1e-6);
        assertEquals(logits[dec], out[dec], 0f);
        assertEquals(logits[open], out[open], 0f);
        assertEquals(dec, argmax(out));
        float[] down = prior("turn the volume down to 20", "sound.volume", logits);
        assertEquals(logits[set], down[set], 0f, "no amount: set stays");
        assertEquals(logits[inc] - WEIGHT, down[inc], 1e-6);
        assertEquals(set, argmax(down));
    }

    @Test
    void otherSettingsAndPlacesAreLeftAlone() {
        int on = token(" on"), off = token(" off");
        float[] toggle = allowing(on, off);
        assertArrayEquals(toggle, prior("turn bluetooth down", "bluetooth.enabled", toggle), "not a range");
        int set = token(" set"), inc = token(" increase");
        float[] logits = allowing(set, inc);
        assertArrayEquals(logits, prior("volume", "sound.volume", logits), "no way stated");
        assertArrayEquals(logits, prior("lower the volume", "sound.volume decrease ; ", logits), "between actions");
    }
}
