package dev.mu4j.settings;

import dev.mu4j.internal.Spelling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keyword search over the catalog: the fallback when the model is unsure, and a way to pick candidate settings
 * for a prompt. Query and fields are normalised the same way ({@link #tokens}); each query word scores its best
 * match in any field (exact beats prefix; a word that neither is nor starts a catalog word matches as a slip,
 * {@link #TYPO}), weighted by field; a query equal to a title or synonym, a title mostly covered by the query, and
 * an adjustable setting (rather than a page) score extra. Immutable and thread-safe.
 */
final class LexicalIndex {
    // Field weights: what a match in that field is worth per query word.
    static final double W_TITLE = 3.0;
    static final double W_SYNONYM = 3.0;
    static final double W_ID = 2.0;
    static final double W_KEYWORD = 2.0;
    static final double W_VALUE = 1.0;
    static final double W_DESCRIPTION = 0.5;
    // Match quality: the whole word, a query word that starts a field word ("bright" -> "brightness"), a field
    // word that starts the query word ("scroll" in "scrolling").
    static final double EXACT = 1.0;
    static final double PREFIX = 0.7;
    static final double REVERSE_PREFIX = 0.5;
    /**
     * A query word that neither is nor starts any token of the catalog is taken for a slip: it matches
     * the tokens one edit away (an insertion, deletion, substitution or swap of neighbours; first letter kept; both
     * at least {@link #TYPO_MIN_LENGTH} characters) at this quality. "proection" finds protection, "previwe" preview.
     */
    static final double TYPO = 0.6;
    static final int TYPO_MIN_LENGTH = 4;
    static final double PHRASE_EQUAL = 5.0;
    static final double PHRASE_CONTAINED = 2.0;
    static final double TITLE_COVERAGE = 1.0;
    static final double ADJUSTABLE = 0.5;

    /** Words that say what to do rather than which setting: dropped from queries and fields alike. */
    static final Set<String> STOP = Set.of("a", "an", "the", "my", "me", "i", "to", "of", "for", "on", "off", "in",
            "and", "or", "please", "make", "set", "turn", "change", "adjust", "want", "can", "you", "it", "is", "be",
            "with", "up", "down", "more", "less", "bigger", "larger", "smaller", "increase", "decrease", "higher",
            "lower", "enable", "disable", "switch", "at", "by", "this", "that", "use", "when", "so", "too", "bit",
            "little", "much", "some", "all", "from", "into", "your", "go", "open", "show", "let");

    private record Field(double weight, List<String> tokens) { }

    /** titleWords: how many distinct words the title has (the denominator of the title coverage). */
    private record Doc(Setting setting, List<Field> fields, List<List<String>> phrases, List<String> titleTokens,
                       int titleWords) { }

    private final List<Doc> docs;
    /** field token -> the documents holding it, each with the highest weight of a field it occurs in */
    private final Map<String, List<Posting>> postings;
    /** every field token, sorted: the tokens a query word is a prefix of form one range */
    private final String[] sortedTokens;

    private record Posting(int doc, double weight) { }

    LexicalIndex(List<Setting> settings) {
        List<Doc> d = new ArrayList<>(settings.size());
        for (Setting s : settings) {
            List<Field> fields = new ArrayList<>();
            List<List<String>> phrases = new ArrayList<>();
            List<String> title = tokens(s.title());
            fields.add(new Field(W_TITLE, title));
            phrases.add(title);
            for (String syn : s.synonyms()) {
                List<String> t = tokens(syn);
                fields.add(new Field(W_SYNONYM, t));
                phrases.add(t);
            }
            fields.add(new Field(W_ID, tokens(s.id().replace('.', ' ').replace('_', ' '))));
            for (String k : s.keywords()) fields.add(new Field(W_KEYWORD, tokens(k)));
            for (EnumValue v : s.values()) {
                fields.add(new Field(W_VALUE, tokens(v.label())));
                for (String vs : v.synonyms()) fields.add(new Field(W_VALUE, tokens(vs)));
            }
            fields.add(new Field(W_DESCRIPTION, tokens(s.description())));
            d.add(new Doc(s, fields, phrases, title, new HashSet<>(title).size()));
        }
        this.docs = List.copyOf(d);
        Map<String, List<Posting>> post = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            Map<String, Double> best = new HashMap<>();
            for (Field f : docs.get(i).fields()) for (String t : f.tokens()) best.merge(t, f.weight(), Math::max);
            for (Map.Entry<String, Double> e : best.entrySet()) {
                post.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Posting(i, e.getValue()));
            }
        }
        this.postings = post;
        this.sortedTokens = post.keySet().stream().sorted().toArray(String[]::new);
    }

    /**
     * The score of every document for {@code query}, in catalog order (0: no match). The same numbers as scoring
     * each document word by word against all its field tokens ({@link #match}), found through the postings: a query
     * word can only match a token equal to it, a token it starts (prefix) or a token that starts it (at least 4
     * characters), so only those postings are visited. Each document's words are added in query order, as before.
     */
    double[] scores(String query) {
        List<String> q = tokens(query);
        double[] sum = new double[docs.size()];
        if (q.isEmpty()) return sum;
        double[] best = new double[docs.size()];
        for (String w : q) {
            Arrays.fill(best, 0);
            boolean known = visit(w, EXACT, best);
            if (w.length() >= 3) {
                int from = Arrays.binarySearch(sortedTokens, w);
                from = from < 0 ? -from - 1 : from + 1;   // tokens after w that start with it
                for (int i = from; i < sortedTokens.length && sortedTokens[i].startsWith(w); i++) {
                    known |= visit(sortedTokens[i], PREFIX, best);
                }
            }
            for (int len = 4; len < w.length(); len++) visit(w.substring(0, len), REVERSE_PREFIX, best);
            if (!known) for (String t : slips(w)) visit(t, TYPO, best);
            for (int i = 0; i < sum.length; i++) sum[i] += best[i];
        }
        for (int i = 0; i < sum.length; i++) if (sum[i] > 0) sum[i] = bonuses(docs.get(i), q, sum[i]);
        return sum;
    }

    /** The spec of {@link #scores}: every query word against every token of every field of every document. */
    double[] scoresReference(String query) {
        List<String> q = tokens(query);
        double[] out = new double[docs.size()];
        if (q.isEmpty()) return out;
        boolean[] known = new boolean[q.size()];   // the word is or starts some catalog token: no slips
        for (int k = 0; k < q.size(); k++) {
            for (Doc d : docs) for (Field f : d.fields()) for (String t : f.tokens()) known[k] |= match(q.get(k), t) > REVERSE_PREFIX;
        }
        for (int i = 0; i < docs.size(); i++) {
            double sum = 0;
            for (int k = 0; k < q.size(); k++) {
                String w = q.get(k);
                double best = 0;
                for (Field f : docs.get(i).fields()) {
                    for (String t : f.tokens()) {
                        double m = known[k] || !slip(w, t) ? match(w, t) : Math.max(match(w, t), TYPO);
                        best = Math.max(best, f.weight() * m);
                    }
                }
                sum += best;
            }
            out[i] = sum > 0 ? bonuses(docs.get(i), q, sum) : 0;
        }
        return out;
    }

    /**
     * best[doc] = max(best[doc], weight x quality) for every document holding {@code token}; false when none does.
     */
    private boolean visit(String token, double quality, double[] best) {
        List<Posting> ps = postings.get(token);
        if (ps == null) return false;
        for (Posting p : ps) best[p.doc()] = Math.max(best[p.doc()], p.weight() * quality);
        return true;
    }

    /** The catalog tokens {@code w} may be a slip of ({@link #TYPO}): with its first letter, one edit away. */
    private List<String> slips(String w) {
        List<String> out = new ArrayList<>();
        if (w.length() < TYPO_MIN_LENGTH) return out;
        String first = w.substring(0, 1);
        int from = Arrays.binarySearch(sortedTokens, first);
        from = from < 0 ? -from - 1 : from;
        for (int i = from; i < sortedTokens.length && sortedTokens[i].startsWith(first); i++) {
            if (slip(w, sortedTokens[i])) out.add(sortedTokens[i]);
        }
        return out;
    }

    /** {@link #TYPO}'s test: both long enough, the same first letter, one edit apart, not equal. */
    static boolean slip(String w, String t) {
        return w.length() >= TYPO_MIN_LENGTH && t.length() >= TYPO_MIN_LENGTH && w.charAt(0) == t.charAt(0)
                && !w.equals(t) && Spelling.oneEdit(w, t);
    }

    List<Setting> search(String query, int limit) {
        if (limit <= 0) return List.of();
        double[] scores = scores(query);
        record Hit(Setting s, double score) { }
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) if (scores[i] > 0) hits.add(new Hit(docs.get(i).setting(), scores[i]));
        // ties: adjustable settings before pages and actions, then by id so the order is stable
        hits.sort(Comparator.comparingDouble((Hit h) -> -h.score())
                .thenComparing(h -> !h.s().type().adjustable())
                .thenComparing(h -> h.s().id()));
        List<Setting> out = new ArrayList<>(Math.min(limit, hits.size()));
        for (int i = 0; i < hits.size() && i < limit; i++) out.add(hits.get(i).s());
        return out;
    }

    /** A matched document's word sum plus its phrase, title-coverage and adjustable bonuses. */
    private static double bonuses(Doc d, List<String> q, double sum) {
        Set<String> matchedTitle = new HashSet<>();
        for (String w : q) for (String t : d.titleTokens()) if (match(w, t) > 0) matchedTitle.add(t);
        for (List<String> p : d.phrases()) {
            if (p.equals(q)) {
                sum += PHRASE_EQUAL;
                break;
            }
            if (q.size() > 1 && containsRun(p, q)) {
                sum += PHRASE_CONTAINED;
                break;
            }
        }
        if (!d.titleTokens().isEmpty()) sum += TITLE_COVERAGE * matchedTitle.size() / d.titleWords();
        if (d.setting().type().adjustable()) sum += ADJUSTABLE;
        return sum;
    }

    private static double match(String w, String t) {
        if (w.equals(t)) return EXACT;
        if (w.length() >= 3 && t.startsWith(w)) return PREFIX;
        if (t.length() >= 4 && w.startsWith(t)) return REVERSE_PREFIX;
        return 0;
    }

    /**
     * Lowercases, splits on anything that is not a letter or digit, also keeps hyphenated words joined
     * ("wi-fi" gives "wi", "fi" and "wifi"), drops {@link #STOP} words and strips a plural ending.
     */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String chunk : text.toLowerCase(Locale.ROOT).split("\\s+")) {
            String[] parts = chunk.split("[^\\p{L}\\p{N}]+");
            int nonEmpty = 0;
            StringBuilder joined = new StringBuilder();
            for (String p : parts) {
                if (p.isEmpty()) continue;
                nonEmpty++;
                joined.append(p);
                add(out, p);
            }
            if (nonEmpty > 1) add(out, joined.toString());
        }
        return out;
    }

    private static void add(List<String> out, String word) {
        if (STOP.contains(word)) return;
        out.add(stem(word));
    }

    /** Plural to singular, the simple way: "batteries" -> "battery", "keys" -> "key"; "glass", "status" stay. */
    static String stem(String w) {
        if (w.length() > 4 && w.endsWith("ies")) return w.substring(0, w.length() - 3) + "y";
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** True when {@code needle} occurs as a contiguous run inside {@code haystack}. */
    private static boolean containsRun(List<String> haystack, List<String> needle) {
        outer:
        for (int i = 0; i + needle.size() <= haystack.size(); i++) {
            for (int j = 0; j < needle.size(); j++) if (!haystack.get(i + j).equals(needle.get(j))) continue outer;
            return true;
        }
        return false;
    }
}
