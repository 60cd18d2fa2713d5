package dev.mu4j.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's main job with the bundled model and catalog: no arguments, the expected plan. */
class MainJobTest {
    static final String MAIN_JOB = "make the mouse pointer larger and adjust the screen brightness";
    static SettingsAgent agent;

    @BeforeAll
    static void load() throws Exception {
        agent = SettingsAgent.loadDefault();
    }

    @AfterAll
    static void close() {
        agent.close();
    }

    /** The plan: pointer size up, brightness opened for the user to choose (the request gives no direction). */
    @Test
    void mainJobPlansPointerUpAndOpensBrightness() {
        Plan plan = agent.plan(MAIN_JOB);
        System.out.println(MAIN_JOB + " -> " + plan.program() + " (" + plan.latencyMs() + " ms)");
        assertEquals("mouse.pointer_size increase ; display.brightness open", plan.program());
        assertEquals("ms-settings:display", plan.actions().get(1).uri());
        assertFalse(plan.outOfScope());
    }

    @Test
    void outOfScopeAndKeywordQueries() {
        Plan weather = agent.plan("what's the weather in Paris tomorrow");
        assertTrue(weather.outOfScope(), weather.program());
        Plan bluetooth = agent.plan("bluetooth");
        assertFalse(bluetooth.outOfScope(), bluetooth.program());
        assertTrue(bluetooth.actions().get(0).setting().startsWith("bluetooth."), bluetooth.program());
    }
}
