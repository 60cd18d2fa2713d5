package dev.mu4j.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped catalog: it loads, is big enough, and its data is sane. */
class CatalogTest {
    static final Path CATALOG_FILE = Path.of("models", "settings", "catalog.json");
    /** Researched list of ms-settings: URIs; outside the repository, so the membership check may be skipped. */
    static final Path URI_TSV = Path.of("..", "shared", "reference", "ms-settings-uris.tsv");
    static final int MIN_SETTINGS = 200;
    static final int MIN_ADJUSTABLE = 150;
    static final Set<String> CATEGORIES = Set.of("system", "bluetooth_devices", "network_internet", "personalization", "apps",
            "accounts", "time_language", "gaming", "accessibility", "privacy_security", "windows_update");
    static final Set<String> SECURITY_CATEGORIES = Set.of("privacy_security", "windows_update");
    /** High-risk settings that live outside the security categories, and why they are high risk. */
    static final Map<String, String> HIGH_RISK_ELSEWHERE = Map.of(
            "system.remote_desktop", "opens the PC to remote sign-in",
            "developers.developer_mode", "allows installing unsigned apps",
            "apps.install_source", "allows installers from anywhere",
            "accounts.require_sign_in", "can drop the password prompt on wake");

    static Catalog catalog;

    @BeforeAll
    static void load() throws IOException {
        catalog = Catalog.load(CATALOG_FILE);
    }

    @Test
    void bundledResourceIsTheSameCatalog() {
        Catalog bundled = Catalog.loadDefault();
        assertSame(bundled, Catalog.loadDefault(), "loadDefault() loads once");
        assertEquals(catalog.settings(), bundled.settings(), "jar resource differs from models/settings/catalog.json");
    }

    @Test
    void countsAreLargeEnough() {
        List<Setting> all = catalog.settings();
        Map<SettingType, Integer> byType = new EnumMap<>(SettingType.class);
        Map<Risk, Integer> byRisk = new EnumMap<>(Risk.class);
        int adjustable = 0, confirmed = 0;
        for (Setting s : all) {
            byType.merge(s.type(), 1, Integer::sum);
            byRisk.merge(s.risk(), 1, Integer::sum);
            if (s.type().adjustable()) adjustable++;
            if (s.confirmed()) confirmed++;
        }
        System.out.printf("catalog: %d settings, %d adjustable; by type %s; by risk %s; confirmed %d, unconfirmed %d%n",
                all.size(), adjustable, byType, byRisk, confirmed, all.size() - confirmed);
        assertTrue(all.size() >= MIN_SETTINGS, "only " + all.size() + " settings");
        assertTrue(adjustable >= MIN_ADJUSTABLE, "only " + adjustable + " adjustable settings");
        assertEquals(adjustable, byType.getOrDefault(SettingType.TOGGLE, 0) + byType.getOrDefault(SettingType.RANGE, 0)
                + byType.getOrDefault(SettingType.ENUM, 0));
        for (SettingType t : SettingType.values()) assertTrue(byType.getOrDefault(t, 0) > 0, "no setting of type " + t);
    }

    /**
     * A number in a range or enum request is a value ("refresh rate 144", "scale 150"), read by the value prior from
     * the setting's values and unit; a number in such a setting's search keywords would also pull unrelated requests
     * that merely contain it (any request with "60" toward a "60hz" keyword).
     */
    @Test
    void keywordsOfValuedSettingsHoldNoNumbers() {
        for (Setting s : catalog.settings()) {
            if (s.type() != SettingType.RANGE && s.type() != SettingType.ENUM) continue;
            for (String k : s.keywords()) assertFalse(k.matches(".*\\d.*"), s.id() + " keyword \"" + k + "\" holds a number");
        }
    }

    @Test
    void idsAreUniqueAndWellFormed() {
        Set<String> ids = new HashSet<>();
        for (Setting s : catalog.settings()) {
            assertTrue(ids.add(s.id()), "duplicate id " + s.id());
            assertTrue(s.id().matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+"), s.id());
            assertSame(s, catalog.byId(s.id()).orElseThrow());
        }
        assertTrue(catalog.byId("no.such_setting").isEmpty());
    }

    @Test
    void everySectionOfSettingsIsCovered() {
        assertEquals(CATEGORIES, new HashSet<>(catalog.categories()));
        Map<String, Integer> adjustable = new TreeMap<>();
        for (String c : CATEGORIES) {
            List<Setting> in = catalog.byCategory(c);
            assertFalse(in.isEmpty(), c);
            for (Setting s : in) {
                assertEquals(c, s.category());
                if (s.type().adjustable()) adjustable.merge(c, 1, Integer::sum);
            }
            assertTrue(adjustable.getOrDefault(c, 0) > 0, "nothing adjustable in " + c);
        }
        assertTrue(catalog.byCategory("nonsense").isEmpty());
    }

    /** The settings the issue names explicitly, by id. */
    @Test
    void namedSettingsArePresent() {
        String[] required = {"display.brightness", "display.scale", "display.night_light", "display.night_light_strength",
                "sound.volume", "sound.mute", "audio.mono", "notifications.enabled", "notifications.do_not_disturb",
                "power.mode", "power.screen_off_plugged_in", "power.sleep_on_battery", "storage.storage_sense",
                "multitasking.snap_windows", "clipboard.history", "bluetooth.enabled", "mouse.speed", "mouse.pointer_size",
                "touchpad.enabled", "pen.handedness", "typing.autocorrect", "autoplay.enabled", "printers.printers",
                "network.wifi", "network.airplane_mode", "network.mobile_hotspot", "network.vpn", "network.proxy_manual",
                "network.metered_wifi", "background.type", "colors.mode", "colors.app_mode", "colors.windows_mode",
                "colors.accent_color", "colors.transparency", "themes.theme", "lockscreen.background", "start.layout",
                "taskbar.alignment", "taskbar.auto_hide", "apps.default_apps", "accounts.sign_in_options",
                "time.auto_time_zone", "time.use_24_hour_clock", "language.display_language", "language.country",
                "speech.speech", "gaming.game_mode", "gaming.record_what_happened", "text.size",
                "visual_effects.animation", "mouse.pointer_style", "text_cursor.thickness", "magnifier.enabled",
                "magnifier.zoom", "color_filters.enabled", "contrast.theme", "narrator.enabled", "captions.live_captions",
                "speech.voice_access", "keyboard.sticky_keys", "keyboard.filter_keys", "keyboard.toggle_keys",
                "mouse_keys.enabled", "eye_control.enabled", "privacy.location", "privacy.camera_apps",
                "privacy.microphone_apps", "privacy.optional_diagnostic_data", "privacy.activity_history",
                "security.find_my_device", "security.realtime_protection", "security.firewall_public", "security.uac",
                "update.pause", "update.active_hours_start", "update.check_now"};
        List<String> missing = new ArrayList<>();
        for (String id : required) if (catalog.byId(id).isEmpty()) missing.add(id);
        assertTrue(missing.isEmpty(), "missing settings: " + missing);
    }

    @Test
    void rangesAreSane() {
        for (Setting s : catalog.settings()) {
            Range r = s.range();
            if (s.type() != SettingType.RANGE) {
                assertEquals(null, r, s.id());
                continue;
            }
            assertNotNull(r, s.id());
            assertTrue(r.min() < r.max(), s.id());
            assertTrue(r.step() > 0 && r.step() <= (r.max() - r.min()) / 2, s.id() + ": step " + r.step() + " too coarse");
            assertFalse(r.unit().isBlank(), s.id());
            if (r.defaultValue() != null) assertTrue(r.contains(r.defaultValue()), s.id());
            if (r.unit().equals("%") && !s.id().startsWith("magnifier.") && !s.id().equals("text.size")) {
                assertTrue(r.min() >= 0 && r.max() <= 100, s.id() + ": percent outside 0..100");
            }
        }
        assertRange("display.brightness", 0, 100, 10, "%");
        assertRange("sound.volume", 0, 100, 10, "%");
        assertRange("display.night_light_strength", 0, 100, 10, "%");
        assertRange("text.size", 100, 225, 25, "%");
        assertRange("mouse.pointer_size", 1, 15, 1, "level");
        assertRange("mouse.speed", 1, 20, 2, "level");
        assertRange("text_cursor.thickness", 1, 20, 1, "px");
        assertRange("power.screen_off_on_battery", 0, 300, 5, "minutes");
        assertRange("update.active_hours_start", 0, 23, 1, "hour");
    }

    private static void assertRange(String id, double min, double max, double step, String unit) {
        Range r = catalog.byId(id).orElseThrow().range();
        assertEquals(List.of(min, max, step, unit), List.of(r.min(), r.max(), r.step(), r.unit()), id);
    }

    @Test
    void enumsHaveDistinctLowercaseValues() {
        for (Setting s : catalog.settings()) {
            if (s.type() != SettingType.ENUM) {
                assertTrue(s.values().isEmpty(), s.id());
                continue;
            }
            assertTrue(s.values().size() >= 2, s.id());
            assertEquals(s.values().size(), new HashSet<>(s.valueIds()).size(), s.id());
            for (EnumValue v : s.values()) {
                assertTrue(v.id().matches("[a-z0-9][a-z0-9_]*"), s.id() + ": " + v.id());
                assertFalse(v.label().isBlank(), s.id() + ": " + v.id());
            }
        }
        assertEquals(List.of("100", "125", "150", "175", "200", "225", "250", "300"),
                catalog.byId("display.scale").orElseThrow().valueIds());
        assertEquals(List.of("light", "dark"), catalog.byId("colors.mode").orElseThrow().valueIds());
    }

    @Test
    void securitySettingsAreHighRiskAndHighRiskIsJustified() {
        for (String id : List.of("security.realtime_protection", "security.cloud_protection", "security.tamper_protection",
                "security.firewall_domain", "security.firewall_private", "security.firewall_public", "security.uac",
                "security.smartscreen_apps", "security.memory_integrity", "system.remote_desktop", "developers.developer_mode")) {
            assertEquals(Risk.HIGH, catalog.byId(id).orElseThrow().risk(), id);
        }
        for (Setting s : catalog.settings()) {
            if (s.risk() != Risk.HIGH) continue;
            assertTrue(s.risk().needsConfirmation());
            assertFalse(s.riskNote().isBlank(), s.id());
            assertTrue(SECURITY_CATEGORIES.contains(s.category()) || HIGH_RISK_ELSEWHERE.containsKey(s.id()),
                    s.id() + " is high risk in category " + s.category() + " without a reason in HIGH_RISK_ELSEWHERE");
        }
        // app permissions and location are privacy settings: medium, never low
        for (Setting s : catalog.byCategory("privacy_security")) {
            if (s.id().startsWith("privacy.") && s.id().endsWith("_apps")) assertEquals(Risk.MEDIUM, s.risk(), s.id());
        }
    }

    @Test
    void provenanceIsConsistent() {
        for (Setting s : catalog.settings()) {
            if (s.confirmed()) {
                assertTrue(Set.of("DOC", "MS-CODE").contains(s.confidence()), s.id());
                assertFalse(s.source().isBlank(), s.id() + " is confirmed without a source");
            } else {
                assertTrue(Set.of("COMMUNITY", "UNCONFIRMED").contains(s.confidence()), s.id());
            }
            if (s.type() == SettingType.PAGE) assertEquals(ApplyMethod.Method.URI, s.apply().method(), s.id());
        }
    }

    @Test
    void confusablePairsTellEachOtherApart() {
        assertMentions("text.size", "display scale", "Magnifier");
        assertMentions("display.scale", "text size", "Magnifier");
        assertMentions("magnifier.enabled", "text size", "display scale");
        assertMentions("display.brightness", "night light");
        assertMentions("display.night_light_strength", "brightness");
        assertMentions("mouse.pointer_size", "text cursor");
        assertMentions("text_cursor.thickness", "mouse pointer");
        assertMentions("audio.mono", "volume");
        assertMentions("sound.volume", "mono");
        assertMentions("colors.app_mode", "not for the taskbar");
        assertMentions("colors.windows_mode", "not for apps");
        assertMentions("lighting.brightness", "not the screen brightness");
    }

    private static void assertMentions(String id, String... words) {
        String d = catalog.byId(id).orElseThrow().description().toLowerCase();
        for (String w : words) assertTrue(d.contains(w.toLowerCase()), id + " description should mention '" + w + "': " + d);
    }

    @Test
    void urisAreInTheResearchedList() throws IOException {
        for (Setting s : catalog.settings()) assertTrue(s.uri().matches("ms-settings:[A-Za-z0-9-]*(\\?\\S+)?"), s.id());
        if (!Files.isRegularFile(URI_TSV)) {
            System.out.println("SKIPPED: URI membership check: " + URI_TSV.toAbsolutePath().normalize() + " not found");
            assumeTrue(false, URI_TSV + " not found");
        }
        Map<String, String> notes = new HashMap<>();
        List<String> lines = Files.readAllLines(URI_TSV, StandardCharsets.UTF_8);
        assertEquals("uri", lines.get(0).split("\t")[0], "unexpected TSV header");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            notes.merge(f[0], f.length > 3 ? f[3] : "", (a, b) -> a + " " + b);
        }
        List<String> bad = new ArrayList<>();
        for (Setting s : catalog.settings()) {
            String n = notes.get(s.uri());
            if (n == null) bad.add(s.id() + " -> " + s.uri() + " (not in the TSV)");
            else if (n.contains("NOT in current doc") || n.contains("removed in Windows 11")) bad.add(s.id() + " -> " + s.uri() + " (" + n + ")");
        }
        assertTrue(bad.isEmpty(), "URIs outside the researched current list: " + bad);
    }

    @Test
    void everySettingCanBeOpened() {
        for (Setting s : catalog.settings()) {
            assertTrue(s.accepts("open", null), s.id());
            assertTrue(s.ops().contains("open"), s.id());
        }
    }
}
