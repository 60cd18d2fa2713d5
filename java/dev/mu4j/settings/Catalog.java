package dev.mu4j.settings;

import dev.mu4j.MuException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Windows Settings catalog: every setting the agent knows, loaded from {@code catalog.json} and validated.
 *
 * <p>One source of truth for the runtime, the training-data generator and the tests; the schema is in
 * {@code models/settings/README.md}. Final, immutable and thread-safe; the lists it returns are unmodifiable.
 * Malformed catalogs fail at load time with a {@link MuException} naming the file, the setting id and the field.
 */
public final class Catalog {
    /** Class-path location of the catalog bundled in the jar. */
    public static final String RESOURCE = "/dev/mu4j/settings/catalog.json";

    private final String source;
    private final List<Setting> settings;
    private final Map<String, Setting> byId;
    private final Map<String, List<Setting>> byCategory;
    private final LexicalIndex index;

    private Catalog(String source, List<Setting> settings) {
        this.source = source;
        this.settings = List.copyOf(settings);
        Map<String, Setting> ids = new LinkedHashMap<>();
        Map<String, List<Setting>> cats = new LinkedHashMap<>();
        for (Setting s : this.settings) {
            ids.put(s.id(), s);
            cats.computeIfAbsent(s.category(), k -> new ArrayList<>()).add(s);
        }
        cats.replaceAll((k, v) -> List.copyOf(v));
        this.byId = Collections.unmodifiableMap(ids);
        this.byCategory = Collections.unmodifiableMap(cats);
        this.index = new LexicalIndex(this.settings);
    }

    /** Loads and validates a catalog file (UTF-8). */
    public static Catalog load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return fromJson(r, file.toString());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Parses and validates a catalog; {@code sourceName} is only used in error messages. The reader is not closed.
     *
     * @throws MuException          when the text is not a valid catalog
     * @throws UncheckedIOException when reading fails
     */
    public static Catalog fromJson(Reader json, String sourceName) {
        return new Catalog(sourceName, CatalogReader.read(json, sourceName));
    }

    /**
     * The catalog bundled in the jar at {@link #RESOURCE}, loaded once and shared.
     *
     * @throws MuException when the resource is missing from the class path or invalid
     */
    public static Catalog loadDefault() {
        return Bundled.CATALOG;
    }

    private static final class Bundled {
        static final Catalog CATALOG = loadResource();

        private static Catalog loadResource() {
            InputStream in = Catalog.class.getResourceAsStream(RESOURCE);
            if (in == null) throw new MuException("settings catalog " + RESOURCE + " is not on the class path");
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return fromJson(r, "classpath:" + RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("classpath:" + RESOURCE + ": " + e.getMessage(), e);
            }
        }
    }

    /** Where this catalog was read from (file path or resource name). */
    public String source() {
        return source;
    }

    /** All settings in file order. */
    public List<Setting> settings() {
        return settings;
    }

    /** The setting with this id, if any. */
    public Optional<Setting> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The settings of one Settings section (e.g. {@code accessibility}) in file order; empty for an unknown one. */
    public List<Setting> byCategory(String category) {
        return byCategory.getOrDefault(category, List.of());
    }

    /** The category ids present, in order of first appearance. */
    public List<String> categories() {
        return List.copyOf(byCategory.keySet());
    }

    /**
     * The keyword-search score of every setting for {@code query}, in {@link #settings()} order; 0 where the query
     * does not match the setting. {@link #search} ranks by these scores.
     */
    public double[] scores(String query) {
        return index.scores(query == null ? "" : query);
    }

    /**
     * Keyword search, best match first, at most {@code limit} results; empty when nothing matches.
     *
     * <p>Case and punctuation are ignored, plural "s" is stripped, and a query word also matches the start of a
     * longer word ("bright" finds brightness); a word of four letters or more that the catalog does not know at all
     * matches, more weakly, the words one slip away ("bluetoth", "proection"). Titles and synonyms weigh most, then
     * ids and keywords, then enum value names and the description. Command words ("turn", "make", "on",
     * "increase"...) are ignored.
     */
    public List<Setting> search(String query, int limit) {
        if (query == null) return List.of();
        return index.search(query, limit);
    }
}
