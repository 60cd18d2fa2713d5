package dev.mu4j.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which operations and values each setting type accepts (the agent output contract). */
class CatalogOpsTest {
    static final Catalog CATALOG = Catalog.loadDefault();

    static Setting get(String id) {
        return CATALOG.byId(id).orElseThrow();
    }

    @Test
    void toggle() {
        Setting s = get("bluetooth.enabled");
        assertEquals(List.of("on", "off", "open"), s.ops());
        assertTrue(s.accepts("on", null));
        assertTrue(s.accepts("off", null));
        assertTrue(s.accepts("open", null));
        assertFalse(s.accepts("set", "on"), "a toggle is switched with on/off, not set");
        assertFalse(s.accepts("increase", null));
        assertFalse(s.accepts("on", true), "on takes no value");
    }

    @Test
    void range() {
        Setting s = get("display.brightness");
        assertEquals(List.of("set", "increase", "decrease", "open"), s.ops());
        assertTrue(s.accepts("set", 0));
        assertTrue(s.accepts("set", 100));
        assertTrue(s.accepts("set", 37), "any whole value in range, not only multiples of the step");
        assertTrue(s.accepts("set", 40.0));
        assertFalse(s.accepts("set", 101));
        assertFalse(s.accepts("set", -1));
        assertFalse(s.accepts("set", 37.5), "integral range");
        assertFalse(s.accepts("set", Double.NaN));
        assertFalse(s.accepts("set", "50"), "numbers only");
        assertFalse(s.accepts("set", null));
        assertTrue(s.accepts("increase", null), "no amount = one step");
        assertTrue(s.accepts("decrease", 20));
        assertFalse(s.accepts("increase", 0));
        assertFalse(s.accepts("increase", -10));
        assertFalse(s.accepts("increase", 101));
        assertFalse(s.accepts("on", null));
        assertTrue(s.rejection("set", 150).orElseThrow().contains("0..100"));
        assertEquals(100.0, s.range().clamp(130));
    }

    @Test
    void enumValues() {
        Setting s = get("colors.mode");
        assertEquals(List.of("set", "open"), s.ops());
        assertTrue(s.accepts("set", "dark"));
        assertFalse(s.accepts("set", "Dark"), "value ids are exact; use enumValue() to map labels");
        assertFalse(s.accepts("set", "purple"));
        assertFalse(s.accepts("increase", null), "unordered enum");
        assertFalse(s.accepts("on", null));
        assertEquals("dark", s.enumValue("dark mode").orElseThrow().id());
        assertTrue(s.enumValue("sepia").isEmpty());
    }

    @Test
    void orderedEnumStepsOneValue() {
        Setting s = get("display.scale");
        assertTrue(s.ordered());
        assertEquals(List.of("set", "increase", "decrease", "open"), s.ops());
        assertTrue(s.accepts("set", "150"));
        assertFalse(s.accepts("set", 150), "enum value ids are strings");
        assertFalse(s.accepts("set", "130"));
        assertTrue(s.accepts("increase", null));
        assertFalse(s.accepts("increase", 25), "an ordered enum moves one value at a time");
    }

    @Test
    void actionRunsWithOn() {
        Setting s = get("update.check_now");
        assertEquals(SettingType.ACTION, s.type());
        assertEquals(List.of("on", "open"), s.ops());
        assertTrue(s.accepts("on", null));
        assertFalse(s.accepts("off", null));
        assertFalse(s.accepts("set", "now"));
    }

    @Test
    void pageOnlyOpens() {
        Setting s = get("apps.default_apps");
        assertEquals(List.of("open"), s.ops());
        assertTrue(s.accepts("open", null));
        assertFalse(s.accepts("on", null));
        assertFalse(s.accepts("set", "x"));
    }

    @Test
    void unknownOpsAreRejectedForEverySetting() {
        for (Setting s : CATALOG.settings()) {
            assertFalse(s.accepts("toggle", null), s.id());
            assertFalse(s.accepts(null, null), s.id());
            assertFalse(s.accepts("OPEN", null), s.id());
            for (String op : s.ops()) assertTrue(SettingType.ALL_OPS.contains(op), s.id() + " " + op);
        }
        assertTrue(get("mouse.pointer_size").rejection("run", null).orElseThrow().contains("unknown op"));
    }
}
