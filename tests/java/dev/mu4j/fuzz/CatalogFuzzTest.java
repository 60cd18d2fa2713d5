package dev.mu4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mu4j.MuException;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Catalog JSON text: either a MuException naming the source, or a catalog whose settings are all usable: unique
 * ids found by {@link Catalog#byId}, and searching it with any text does not throw. Seeds: a three-setting
 * catalog cut from models/settings/catalog.json (range, toggle, enum) and a few broken variants.
 */
class CatalogFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void catalogJson(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);   // raw bytes: seeds are plain files
        Catalog c;
        try {
            c = Catalog.fromJson(new StringReader(text), "fuzz-catalog.json");
        } catch (MuException e) {
            FuzzSupport.checkMessage(e);
            if (!e.getMessage().contains("fuzz-catalog.json")) throw new AssertionError("message must name the source", e);
            return;
        }
        if (c.settings().isEmpty()) throw new AssertionError("accepted a catalog without settings");
        for (Setting s : c.settings()) {
            if (c.byId(s.id()).orElseThrow() != s) throw new AssertionError("id " + s.id() + " does not find its setting");
            s.rejection("set", 1.0);
            s.rejection("on", null);
        }
        c.search(text.length() > 200 ? text.substring(0, 200) : text, 5);
        c.categories();
    }
}
