package dev.mu4j.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.MuException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed catalogs fail with a message naming the source, the setting and the field. */
class CatalogValidationTest {
    static final String SOURCE = "test.json";

    /** A valid range setting; each case replaces one piece of it. */
    static final String RANGE = """
            {"id": "display.brightness", "title": "Brightness", "category": "system", "uri": "ms-settings:display",
             "type": "range", "min": 0, "max": 100, "step": 10, "unit": "%", "default": 50,
             "synonyms": ["screen brightness"], "description": "Backlight brightness.",
             "apply": {"method": "wmi", "namespace": "root\\\\WMI", "class": "WmiMonitorBrightnessMethods", "member": "WmiSetBrightness"},
             "risk": "low", "confirmed": true, "confidence": "DOC", "source": "apply-methods.md #1"}""";
    static final String TOGGLE = """
            {"id": "colors.transparency", "title": "Transparency effects", "category": "personalization",
             "uri": "ms-settings:colors", "type": "toggle", "description": "See-through taskbar.",
             "apply": {"method": "registry", "key": "HKCU\\\\Software\\\\X", "value": "EnableTransparency",
                       "valueType": "REG_DWORD", "data.on": "1", "data.off": "0"},
             "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"}""";
    static final String ENUM = """
            {"id": "taskbar.alignment", "title": "Taskbar alignment", "category": "personalization",
             "uri": "ms-settings:taskbar", "type": "enum", "values": ["left", "center"], "valueLabels": {"center": "Center"},
             "valueSynonyms": {"center": ["middle"]}, "description": "Where the icons sit.",
             "apply": {"method": "registry", "key": "HKCU\\\\Software\\\\X", "value": "TaskbarAl",
                       "valueType": "REG_DWORD", "data.left": "0", "data.center": "1"},
             "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"}""";

    static Catalog parse(String... settings) {
        return Catalog.fromJson(new StringReader("{\"version\": 1, \"settings\": [" + String.join(",", settings) + "]}"), SOURCE);
    }

    static String fail(String json) {
        MuException e = assertThrows(MuException.class, () -> Catalog.fromJson(new StringReader(json), SOURCE));
        assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
        return e.getMessage();
    }

    static String failSetting(String setting) {
        return fail("{\"version\": 1, \"settings\": [" + setting + "]}");
    }

    @Test
    void validSamplesLoad() {
        Catalog c = parse(RANGE, TOGGLE, ENUM);
        assertEquals(3, c.settings().size());
        Setting e = c.byId("taskbar.alignment").orElseThrow();
        assertEquals("Center", e.values().get(1).label());
        assertEquals("left", e.values().get(0).label(), "label defaults to the id");
        assertEquals("center", e.enumValue("Middle").orElseThrow().id());
        assertEquals(50.0, c.byId("display.brightness").orElseThrow().range().defaultValue());
        assertEquals("1", c.byId("colors.transparency").orElseThrow().apply().details().get("data.on"));
    }

    /** Each row: the text to replace in a sample, its replacement, the field the message must name. */
    @ParameterizedTest(name = "{2}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            RANGE  | "min": 0,                | "min": 100,                  | max
            RANGE  | "step": 10,              | "step": 0,                   | step
            RANGE  | "step": 10,              | "step": -5,                  | step
            RANGE  | "step": 10,              | "step": 200,                 | step
            RANGE  | "step": 10,              | "step": 0.01,                | step
            RANGE  | "step": 10,              | "step": 2.5,                 | step
            RANGE  | "default": 50,           | "default": 150,              | default
            RANGE  | "default": 50,           | "default": 50.5,             | default
            RANGE  | "unit": "%",             | `"unit": "",`                | unit
            RANGE  | "unit": "%",             | ``                           | unit
            RANGE  | "type": "range",         | "type": "slider",            | type
            RANGE  | "risk": "low"            | "risk": "critical"           | risk
            RANGE  | "risk": "low"            | "risk": "high"               | riskNote
            RANGE  | "method": "wmi"          | "method": "magic"            | apply.method
            RANGE  | "member": "WmiSetBrightness" | "x": "y"                 | apply.member
            RANGE  | "ms-settings:display"    | "http://example.com"         | uri
            RANGE  | "ms-settings:display"    | "ms-settings:dis play"       | uri
            RANGE  | "title": "Brightness",   | ``                           | title
            RANGE  | "description": "Backlight brightness.", | ``            | description
            RANGE  | "confirmed": true        | "confirmed": "yes"           | confirmed
            RANGE  | "confidence": "DOC"      | "confidence": "COMMUNITY"    | confirmed
            RANGE  | "confidence": "DOC"      | "confidence": "SURE"         | confidence
            RANGE  | , "source": "apply-methods.md #1" | ``                  | source
            RANGE  | "synonyms": ["screen brightness"] | "synonyms": ["a", "A"] | synonyms
            RANGE  | "synonyms": ["screen brightness"] | "synonyms": "bright"   | synonyms
            RANGE  | "category": "system"     | "category": "System"         | category
            RANGE  | "type": "range",         | "type": "range", "values": ["a", "b"], | values
            RANGE  | "title": "Brightness",   | "title": "Brightness", "colour": "red", | colour
            TOGGLE | "type": "toggle",        | "type": "toggle", "min": 0,  | min
            TOGGLE | , "data.off": "0"        | ``                           | apply.data.off
            TOGGLE | "data.on": "1",          | "data.on": "1", "data.maybe": "2", | apply.data.maybe
            TOGGLE | "HKCU\\\\Software\\\\X"  | "Software\\\\X"              | apply.key
            TOGGLE | "HKCU\\\\Software\\\\X"  | "HKLM\\\\Software\\\\X"      | apply.admin
            TOGGLE | "valueType": "REG_DWORD" | "valueType": "DWORD"         | apply.valueType
            TOGGLE | "confidence": "UNCONFIRMED" | "confidence": "MS-CODE"    | confirmed
            ENUM   | ["left", "center"]       | []                           | values
            ENUM   | ["left", "center"]       | ["left"]                     | values
            ENUM   | ["left", "center"]       | ["left", "Center"]           | values
            ENUM   | ["left", "center"]       | ["left", "left"]             | values
            ENUM   | "values": ["left", "center"], | ``                      | values
            ENUM   | {"center": "Center"}     | {"right": "Right"}           | valueLabels
            ENUM   | {"center": ["middle"]}   | {"center": "middle"}         | valueSynonyms
            ENUM   | , "data.center": "1"     | ``                           | apply.data.center
            """)
    void badFieldIsNamed(String sample, String from, String to, String field) {
        String base = switch (sample) {
            case "RANGE" -> RANGE;
            case "TOGGLE" -> TOGGLE;
            default -> ENUM;
        };
        assertTrue(base.contains(from), "test bug: sample " + sample + " lacks " + from);
        String id = base.substring(base.indexOf("\"id\": \"") + 7, base.indexOf('"', base.indexOf("\"id\": \"") + 7));
        String msg = failSetting(base.replace(from, to));
        assertTrue(msg.contains("setting '" + id + "'"), "message does not name the setting: " + msg);
        assertTrue(msg.contains("field '" + field + "'"), "message does not name field '" + field + "': " + msg);
    }

    @Test
    void duplicateIdNamesBothEntries() {
        String msg = fail("{\"version\": 1, \"settings\": [" + RANGE + "," + TOGGLE + "," + RANGE + "]}");
        assertTrue(msg.contains("setting 'display.brightness'") && msg.contains("field 'id'") && msg.contains("duplicate")
                && msg.contains("settings[0]") && msg.contains("settings[2]"), msg);
    }

    @Test
    void badIdIsNamedByIndex() {
        String msg = failSetting(RANGE.replace("\"display.brightness\"", "\"Display Brightness\""));
        assertTrue(msg.contains("settings[0]") && msg.contains("field 'id'") && msg.contains("Display Brightness"), msg);
        msg = failSetting(RANGE.replace("\"display.brightness\"", "\"brightness\""));
        assertTrue(msg.contains("field 'id'"), msg);
        msg = failSetting(RANGE.replace("\"id\": \"display.brightness\",", ""));
        assertTrue(msg.contains("settings[0]") && msg.contains("field 'id'") && msg.contains("missing"), msg);
    }

    @Test
    void repeatedKeyInsideASettingIsAnError() {
        String msg = failSetting(RANGE.replace("\"step\": 10,", "\"step\": 10, \"step\": 20,"));
        assertTrue(msg.contains("setting 'display.brightness'") && msg.contains("field 'step'") && msg.contains("repeated"), msg);
    }

    @Test
    void documentLevelErrors() {
        assertTrue(fail("not json").contains("not valid JSON"));
        assertTrue(fail("{\"version\": 1, \"settings\": [" + RANGE).contains("not valid JSON"));
        assertTrue(fail("[]").contains("top level"));
        assertTrue(fail("{\"settings\": [" + RANGE + "]}").contains("field 'version'"));
        assertTrue(fail("{\"version\": 2, \"settings\": [" + RANGE + "]}").contains("field 'version'"));
        assertTrue(fail("{\"version\": 1}").contains("field 'settings'"));
        assertTrue(fail("{\"version\": 1, \"settings\": []}").contains("field 'settings': empty"));
        assertTrue(fail("{\"version\": 1, \"settings\": [" + RANGE + "], \"extra\": 1}").contains("'extra'"));
        assertTrue(fail("{\"version\": 1, \"settings\": [42]}").contains("settings[0]"));
        fail("{\"version\": 1, \"settings\": [" + RANGE + "]} {}"); // trailing document
    }

    @Test
    void pageMustOpenItsUri() {
        String page = """
                {"id": "system.about", "title": "About", "category": "system", "uri": "ms-settings:about", "type": "page",
                 "description": "Device info.", "apply": {"method": "registry", "key": "HKCU\\\\X", "value": "v", "valueType": "REG_SZ"},
                 "risk": "low", "confirmed": false, "confidence": "UNCONFIRMED"}""";
        String msg = failSetting(page);
        assertTrue(msg.contains("setting 'system.about'") && msg.contains("field 'apply.method'"), msg);
        parse(page.replace("\"method\": \"registry\", \"key\": \"HKCU\\\\X\", \"value\": \"v\", \"valueType\": \"REG_SZ\"", "\"method\": \"uri\""));
    }
}
