package dev.mu4j.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.MuException;
import dev.mu4j.settings.Catalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Action programs parse into typed, catalog-validated actions; anything else is refused with the reason. */
class ProgramParserTest {
    static final Catalog CATALOG = Catalog.loadDefault();

    @Test
    void parsesTypedValues() {
        List<ProgramParser.ParsedAction> a = ProgramParser.parse(
                "display.brightness set 70 ; display.scale set 150 ; mouse.pointer_size increase", CATALOG);
        assertEquals(3, a.size());
        assertEquals(70.0, a.get(0).value());
        assertEquals("150", a.get(1).value());
        assertEquals(null, a.get(2).value());
        assertTrue(ProgramParser.parse("none", CATALOG).isEmpty());
    }

    @Test
    void refusesInvalidPrograms() {
        String[][] bad = {
                {"", "empty"}, {"display.brightness", "not an action"}, {"no.such_setting on", "unknown setting"},
                {"display.brightness set 150", "outside"}, {"display.brightness on", "does not take"},
                {"display.scale set 130", "not one of"}, {"display.brightness open ; display.brightness open", "twice"},
                {"a.b open ; c.d open ; e.f open ; g.h open", "more than 3"}, {"display.brightness  set 5", "not an action"},
        };
        for (String[] b : bad) {
            MuException e = assertThrows(MuException.class, () -> ProgramParser.parse(b[0], CATALOG), b[0]);
            assertTrue(e.getMessage().contains(b[1]), b[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void normalizerCollapsesStripsAndCuts() {
        assertEquals("turn on bluetooth", TextNormalizer.normalize("  turn\t on \n\u0000bluetooth\u200b  "));
        assertEquals("turn the volume up", TextNormalizer.normalize("TURN The Volume UP"));   // lowercase
        assertEquals("cafe\u0301".length() - 1, TextNormalizer.normalize("cafe\u0301").length());   // NFC
        assertEquals("", TextNormalizer.normalize(null));
        assertEquals("ab", TextNormalizer.normalize("a\ud800b"));   // lone surrogate dropped
        assertEquals(TextNormalizer.MAX_CHARS, TextNormalizer.normalize("x".repeat(100_000)).length());
        String emoji = "\uD83D\uDE00".repeat(300);   // never cut inside a surrogate pair
        String n = TextNormalizer.normalize(emoji);
        assertTrue(n.length() <= TextNormalizer.MAX_CHARS && !Character.isHighSurrogate(n.charAt(n.length() - 1)));
    }
}
