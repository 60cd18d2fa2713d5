package dev.mu4j.internal.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.settings.Catalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link NamedSettings}: whole catalog names in a request, the longest where names overlap. */
class NamedSettingsTest {
    static Catalog cat;
    static NamedSettings named;

    @BeforeAll
    static void load() {
        cat = Catalog.loadDefault();
        named = new NamedSettings(cat);
    }

    private static List<String> in(String text) {
        boolean[] hit = named.in(text);
        assertEquals(cat.settings().size(), hit.length);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hit.length; i++) if (hit[i]) out.add(cat.settings().get(i).id());
        return out;
    }

    @Test
    void aSynonymSpelledOutNamesItsSettingNotTheNeighboursThatShareItsWords() {
        // the scroll direction's fields hold "wheel" and "scrolling" too, but not the phrase
        assertEquals(List.of("mouse.scroll_lines"), in("wheel scrolling to the top"));
        assertEquals(List.of("mouse.scroll_lines"), in("Mouse Wheel Speeds higher"), "case and a plural 's' do not matter");
    }

    @Test
    void theLongestNameWinsWhereNamesOverlap() {
        assertTrue(in("turn on voice access").contains("speech.voice_access"));
        List<String> startup = in("turn on voice access at startup");
        assertTrue(startup.contains("speech.voice_access_auto_start"), startup.toString());
        assertFalse(startup.contains("speech.voice_access"), "voice access lies inside the longer name: " + startup);
        List<String> strength = in("night light strength to 60");
        assertTrue(strength.contains("display.night_light_strength") && !strength.contains("display.night_light"),
                strength.toString());
    }

    @Test
    void eachClauseKeepsItsOwnNameAndWordsMustBeWhole() {
        List<String> two = in("night light on and wheel scrolling to 5");
        assertTrue(two.containsAll(List.of("display.night_light", "mouse.scroll_lines")), two.toString());
        assertEquals(List.of(), in("nightlight"), "part of a word is not a name");
        assertEquals(List.of(), in("what's the weather"));
        assertArrayEquals(new String[0], NamedSettings.stems("  !! "));
        assertArrayEquals(new String[] {"cursor", "indicator", "glass", "status"}, NamedSettings.stems("Cursor indicators, glass status"));
    }
}
