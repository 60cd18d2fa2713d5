package dev.mu4j.internal.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.Tokenizer;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Range;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingsAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ValuePrior} and {@link ValueCues}: which values a request states for a setting, and how the prior moves the
 * value tokens toward them (with the shipped tokenizer and catalog), and only those.
 */
class ValuePriorTest {
    static final float WEIGHT = 10f;
    static final Catalog CATALOG = Catalog.loadDefault();
    static Tokenizer tokenizer;
    static String[] tokenText;
    static int endId;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = Tokenizer.load(Path.of("models/mu-settings/tokenizer.json"));
        endId = tokenizer.tokenId(AgentPipeline.END_TOKEN).orElseThrow();
        tokenText = new String[tokenizer.vocabSize()];
        for (int t = 0; t < tokenText.length; t++) {
            tokenText[t] = t == endId ? ValuePrior.END : new String(tokenizer.tokenBytes(t), StandardCharsets.ISO_8859_1);
        }
    }

    static Range range(String id) {
        return CATALOG.byId(id).orElseThrow().range();
    }

    static Setting setting(String id) {
        return CATALOG.byId(id).orElseThrow();
    }

    static int token(String text) {
        int[] ids = tokenizer.encode(text, false);
        assertEquals(1, ids.length, "'" + text + "' should be one token");
        return ids[0];
    }

    /** Runs the prior on {@code logits} after the model has written {@code program} for {@code request}. */
    static float[] prior(String request, String program, float[] logits) {
        return run(new ValuePrior(tokenizer, tokenText, CATALOG, request, WEIGHT), program, logits);
    }

    /** Runs {@code p} on a copy of {@code logits} after the model has written {@code program}. */
    static float[] run(ProgramPrior p, String program, float[] logits) {
        p.reset();
        for (int id : tokenizer.encode(program, false)) p.accept(id);
        float[] out = logits.clone();
        p.process(new int[0], 0, out);
        return out;
    }

    static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) if (l[i] > l[best]) best = i;
        return best;
    }

    /** Logits where only {@code allowed} may come (the grammar masked the rest), the first one preferred. */
    static float[] allowing(int... allowed) {
        float[] l = new float[tokenizer.vocabSize()];
        java.util.Arrays.fill(l, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < allowed.length; i++) l[allowed[i]] = 2f - i * 0.5f;
        return l;
    }

    @Test
    void numbersAreReadInTheSettingsUnit() {
        assertEquals(Set.of("35"), ValueCues.rangeTargets(range("sound.volume"), "set the volume to 35"));
        assertEquals(Set.of("35"), ValueCues.rangeTargets(range("sound.volume"), "volume 35%"));
        assertEquals(Set.of("40"), ValueCues.rangeTargets(range("sound.volume"), "volume at forty percent"));
        assertEquals(Set.of("25"), ValueCues.rangeTargets(range("sound.volume"), "volume twenty five"));
        assertEquals(Set.of("100"), ValueCues.rangeTargets(range("display.brightness"), "full backlight"));
        assertEquals(Set.of("0"), ValueCues.rangeTargets(range("display.brightness"), "brightness all the way down"));
        assertEquals(Set.of("100"), ValueCues.rangeTargets(range("sound.input_volume"), "mic gain to the top"));
        assertEquals(Set.of("1"), ValueCues.rangeTargets(range("mouse.pointer_size"), "pointer size as low as possible"));
        assertEquals(Set.of("0"), ValueCues.rangeTargets(range("display.brightness"), "the least brightness possible"));
        assertEquals(Set.of("8"), ValueCues.rangeTargets(range("mouse.pointer_size"), "pointer size halfway"),
                "half of 1..15 is 8");
        assertEquals(Set.of("120"), ValueCues.rangeTargets(range("power.sleep_plugged_in"), "sleep after 2 hours"));
        assertEquals(Set.of("60"), ValueCues.rangeTargets(range("power.sleep_plugged_in"), "sleep after an hour"));
        assertEquals(Set.of("220"), ValueCues.rangeTargets(range("focus.duration"), "focus length at 220 min"),
                "'min' after a number is minutes, not the minimum");
        assertEquals(Set.of("18"), ValueCues.rangeTargets(range("update.active_hours_start"), "start at 6 pm"));
        assertEquals(Set.of("20"), ValueCues.rangeTargets(range("update.active_hours_start"),
                "be 8 o'clock in the evening"));
        assertEquals(Set.of("0"), ValueCues.rangeTargets(range("update.active_hours_start"), "from 12 am"));
        assertEquals(Set.of("7"), ValueCues.rangeTargets(range("mouse.speed"), "mouse speed 7 out of 20"));
        assertEquals(Set.of(), ValueCues.rangeTargets(range("sound.volume"), "volume to 150"), "outside 0..100");
        assertEquals(Set.of(), ValueCues.rangeTargets(range("sound.volume"), "quick one: the volume please"),
                "'one' without a numeric context is a pronoun");
    }

    @Test
    void amountsOrNone() {
        assertEquals(Set.of(ValueCues.NO_AMOUNT), ValueCues.rangeAmounts(range("sound.volume"), "a bit louder"));
        assertEquals(Set.of("15"), ValueCues.rangeAmounts(range("sound.volume"), "15 percent louder"));
        assertEquals(Set.of(), ValueCues.rangeAmounts(range("sound.volume"), "louder by 500"),
                "a number that fits no amount says nothing");
    }

    @Test
    void enumValuesByIdLabelOrSynonymTheLongestMatchAndNegation() {
        Setting tz = setting("time.time_zone");
        assertEquals(Set.of("eastern_europe"), ValueCues.enumTargets(tz, "set timezone to eastern europe"));
        assertEquals(Set.of("china"), ValueCues.enumTargets(tz, "time zone should be beijing"));
        assertEquals(Set.of(), ValueCues.enumTargets(tz, "fix my time zone"));
        assertEquals(Set.of("300"), ValueCues.enumTargets(setting("visual_effects.notification_duration"),
                "show notifications for 5 minutes"), "the label '5 minutes' holds the id '5'");
        assertEquals(Set.of("public"), ValueCues.enumTargets(setting("network.profile_type"), "switch off private network"),
                "a negated value of a two-value enum means the other one");
        assertEquals(Set.of("light"), ValueCues.enumTargets(setting("colors.mode"), "dark mode off"));
    }

    @Test
    void movesAStatedNumberAheadOfTheModelsChoice() {
        int t40 = token(" 40"), t35 = token(" 35"), t3 = token(" 3");
        float[] logits = allowing(t40, t3, t35);
        assertEquals(t40, argmax(logits));
        float[] after = prior("set the volume to 35", "sound.volume set", logits);
        assertEquals(t35, argmax(after), "the stated value comes first");
        assertEquals(logits[t35], after[t35], 0f, "the agreeing token keeps its logit");
        assertEquals(logits[t40] - WEIGHT, after[t40], 1e-6f);
        assertEquals(logits[t3] - WEIGHT, after[t3], 1e-6f, "' 3' spells a prefix of 35, but the tokenizer writes ' 35'");
        assertEquals(Float.NEGATIVE_INFINITY, after[0], "masked tokens stay masked");
    }

    @Test
    void endsTheValueWhereTheStatedOneEnds() {
        int end = endId, zero = token("0"), sep = token(" ;");
        float[] logits = allowing(zero, end, sep);
        float[] after = prior("volume to 10 please", "sound.volume set 10", logits);
        assertEquals(end, argmax(after), "'10' is complete: the program ends rather than writing 100");
        assertEquals(logits[sep], after[sep], 0f, "the next action may follow");
    }

    @Test
    void eachActionTakesTheNumberOfItsOwnClause() {
        int t70 = token(" 70"), end = endId, sep = token(" ;");
        float[] logits = allowing(t70, sep, end);
        String request = "wheel scrolling up a little then set the volume at 70%";
        float[] after = prior(request, "mouse.scroll_lines increase", logits);
        assertEquals(sep, argmax(after), "no amount in the scrolling clause: the 70 is the volume's");
        float[] volume = prior(request, "mouse.scroll_lines increase ; sound.volume set", allowing(token(" 7"), t70));
        assertEquals(t70, argmax(volume));
    }

    @Test
    void leavesOtherPositionsAndUnstatedValuesAlone() {
        float[] logits = allowing(token(" 40"), token(" 3"), token(" 35"));
        assertArrayEquals(logits, prior("make it louder", "sound.volume set", logits), 0f, "no number stated");
        assertArrayEquals(logits, prior("set the volume to 35", "sound.volume", logits), 0f, "the op is not written yet");
        assertArrayEquals(logits, prior("set the volume to 35", "sound.mute", logits), 0f, "a toggle takes no value");
        assertArrayEquals(logits, prior("set the volume to 35", "", logits), 0f, "the setting is not chosen yet");
        float[] left = allowing(token("0"), endId);
        assertArrayEquals(left, prior("set the volume to 35", "sound.volume set 4", left), 0f,
                "the model already left the stated value: no value agrees, nothing moves");
    }

    /**
     * End to end with the bundled model: requests of the generated seed-11 split (not dev, not hand-written) that the
     * model alone gets wrong (with the model of 2026-11-27's fourth session: "set 69" for 99%, "set 679" for 697 ms,
     * "set 2" for "halfway").
     */
    @Test
    void theBundledAgentWritesTheStatedValues() throws Exception {
        try (SettingsAgent agent = SettingsAgent.loadDefault()) {
            assertEquals("mouse.scroll_lines increase 6 ; lighting.brightness set 99",
                    agent.plan("make my mouse wheel 6 lines quicker and afterwards set dynamic lighting brightness at 99%")
                            .program());
            assertEquals("update.other_microsoft_products on ; mouse.double_click_speed set 697",
                    agent.plan("activate the microsoft update and also double-click speed at 697 ms please").program());
            assertEquals("power.screen_off_plugged_in set 230 ; power.screen_off_on_battery set 230 ; mouse.pointer_size set 8",
                    agent.plan("turn off display after 230 minutes and also set the mouse size halfway").program());
        }
    }

    @Test
    void aClauseNamesASettingOnlyWhereItScoresNearTheBest() {
        Clauses p = new Clauses(CATALOG, "uh magnify more. also push volume up by 30 percent");
        assertEquals("uh magnify more", p.clauseFor(setting("magnifier.zoom")),
                "the volume clause scores the magnifier a little only: the zoom's clause is the magnify one");
        assertNull(p.clauseFor(setting("bluetooth.enabled")), "no clause names Bluetooth: no clause");
        assertTrue(p.clauseFor(setting("sound.volume")).contains("30"));
        Clauses one = new Clauses(CATALOG, "volume 30");
        assertEquals("volume 30", one.clauseFor(setting("magnifier.zoom")), "one clause: the whole request");
    }
}
