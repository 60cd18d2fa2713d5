package dev.mu4j.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keyword fallback finds the setting people mean. */
class CatalogSearchTest {
    static final Catalog CATALOG = Catalog.loadDefault();
    /** How deep the expected setting may be for the "within" cases. */
    static final int TOP_K = 3;

    static List<String> ids(String query, int limit) {
        List<String> out = new ArrayList<>();
        for (Setting s : CATALOG.search(query, limit)) out.add(s.id());
        return out;
    }

    /** Expected ids ending in '*' accept any id with that prefix (ties such as plugged-in vs battery timeouts). */
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bluetooth                         | bluetooth.enabled
            Bluetooth!                        | bluetooth.enabled
            turn on bluetooth                 | bluetooth.enabled
            mouse pointer size                | mouse.pointer_size
            make the mouse pointer larger     | mouse.pointer_size
            cursor size                       | mouse.pointer_size
            brightness                        | display.brightness
            screen brightness                 | display.brightness
            night light                       | display.night_light
            night light strength              | display.night_light_strength
            text size                         | text.size
            bigger text                       | text.size
            display scale                     | display.scale
            volume                            | sound.volume
            mono audio                        | audio.mono
            dark mode                         | colors.mode
            wifi                              | network.wifi
            Wi-Fi                             | network.wifi
            airplane mode                     | network.airplane_mode
            mouse speed                       | mouse.speed
            text cursor thickness             | text_cursor.thickness
            magnifier                         | magnifier.enabled
            sticky keys                       | keyboard.sticky_keys
            firewall                          | security.firewall_*
            check for updates                 | update.check_now
            pause updates                     | update.pause
            taskbar alignment                 | taskbar.alignment
            screen timeout                    | power.screen_off_*
            24 hour clock                     | time.use_24_hour_clock
            time zone                         | time.time_zone
            camera access                     | privacy.camera_access
            let apps use my camera            | privacy.camera_apps
            taskbar                           | taskbar.taskbar
            update                            | update.check_now
            live captions                     | captions.live_captions
            narrator                          | narrator.enabled
            game mode                         | gaming.game_mode
            hotspot                           | network.mobile_hotspot
            default browser                   | apps.default_apps
            uac                               | security.uac
            """)
    void topHit(String query, String expected) {
        List<String> got = ids(query, 5);
        assertTrue(!got.isEmpty(), "no result for '" + query + "'");
        if (expected.endsWith("*")) {
            String prefix = expected.substring(0, expected.length() - 1);
            assertTrue(got.get(0).startsWith(prefix), "'" + query + "' ranked " + got);
        } else {
            assertEquals(expected, got.get(0), "'" + query + "' ranked " + got);
        }
    }

    @ParameterizedTest(name = "\"{0}\" finds {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bright                            | display.brightness
            batteries                         | power.battery_saver
            keys                              | keyboard.sticky_keys
            colour filter                     | color_filters.enabled
            blue light                        | display.night_light
            mouse arrow                       | mouse.pointer_size
            dark mode for apps                | colors.app_mode
            dark taskbar                      | colors.windows_mode
            scrolling                         | mouse.scroll_lines
            location                          | privacy.location
            """)
    void withinTopK(String query, String expected) {
        List<String> got = ids(query, TOP_K);
        assertTrue(got.contains(expected), "'" + query + "' top " + TOP_K + " = " + got);
    }

    @Test
    void limitsAndEmptyQueries() {
        assertEquals(1, CATALOG.search("bluetooth", 1).size());
        assertTrue(CATALOG.search("bluetooth", 0).isEmpty());
        assertTrue(CATALOG.search("", 5).isEmpty());
        assertTrue(CATALOG.search("   ,.!", 5).isEmpty());
        assertTrue(CATALOG.search(null, 5).isEmpty());
        assertTrue(CATALOG.search("please turn it on", 5).isEmpty(), "command words alone match nothing");
        assertTrue(CATALOG.search("xylophone", 5).isEmpty());
        assertEquals(ids("Mouse Pointer SIZE", 5), ids("mouse pointer size", 5), "case-insensitive");
    }

    @Test
    void normalisation() {
        assertEquals(List.of("wi", "fi", "wifi"), LexicalIndex.tokens("Wi-Fi"));
        assertEquals(List.of("battery", "key", "glass", "status"), LexicalIndex.tokens("batteries keys glass status"));
        assertEquals(List.of("mouse", "pointer"), LexicalIndex.tokens("Make the mouse pointer!"));
    }
}
