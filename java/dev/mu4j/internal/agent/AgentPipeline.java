package dev.mu4j.internal.agent;

import dev.mu4j.Constraint;
import dev.mu4j.Generation;
import dev.mu4j.GenerationConfig;
import dev.mu4j.LogitsProcessor;
import dev.mu4j.Model;
import dev.mu4j.MuException;
import dev.mu4j.Session;
import dev.mu4j.Tokenizer;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Plan;
import dev.mu4j.settings.Setting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent's steps for one request (see {@link dev.mu4j.settings.SettingsAgent}): normalise → prompt → constrained
 * greedy decode on a session → parse → validate → actions, then the clause check for requests of several clauses
 * ({@link #byClauses}) and the keyword fallback for short queries.
 * Stateless apart from the immutable model, catalog and grammar; safe for concurrent use with distinct sessions.
 */
public final class AgentPipeline {
    /** Tokens an action program may take at most (3 actions, separators, values, end token). */
    static final int MAX_PROGRAM_TOKENS = 48;
    /** Queries with at most this many words may be answered by catalog search when the model finds nothing. */
    static final int KEYWORD_MAX_WORDS = 2;
    /** Confidence given to keyword-search answers (they open a page, which is always safe). */
    static final double KEYWORD_CONFIDENCE = 0.5;
    /**
     * Trailing-action guard: an action after the first is dropped when the model was unsure of it (confidence below
     * this) and the request does not name it (the setting is not among the top {@link #GUARD_SEARCH_RANK} keyword
     * matches). A small model tends to append unasked-for actions to a request that only explains itself ("..., my
     * kids use this pc"). Chosen on a generated dev split of seed 11 (not the committed dev set, not the hand-written
     * set): MODEL_CARD.md.
     */
    static final double GUARD_CONFIDENCE = 0.9;
    static final int GUARD_SEARCH_RANK = 5;
    /** {@code -Dmu4j.agent.noTrailingGuard=true} turns the guard off, to measure what it does (MODEL_CARD.md). */
    static final boolean GUARD_ON = !Boolean.getBoolean("mu4j.agent.noTrailingGuard");
    /**
     * Keyword-search prior on the model's choice of setting ({@link SearchPrior}, scores from {@link #priorScores}):
     * how many logits a setting the request does not name falls behind the best keyword match. Chosen on the
     * generated dev split of seed 11 (as the guard): 6, 10, 15, 20, 30 gave 83.1, 83.9, 83.6, 83.7, 83.4% exact match
     * (81.3% without the prior; 83.2% at 10 when the whole request is scored only, without clauses).
     */
    static final double PRIOR_WEIGHT = 10;
    /** Where a request splits into clauses for {@link #priorScores}: punctuation and joining words. */
    static final Pattern CLAUSE = Pattern.compile("\\s*(?:[,;&.!?]|\\b(?:and|then|also|plus|after that|as well as)\\b)\\s*");
    /**
     * Name bonus of the search prior: how many logits a setting the request names by a whole catalog name
     * ({@link NamedSettings}) gains over the settings it does not name that way. Chosen on the generated dev split
     * of seed 11 (MODEL_CARD.md): 3, 4, 5, 6 gave 86.4, 86.8, 86.8, 86.4% exact match (85.4% without; names of two
     * words or more only, at 2, 4, 6, 10: 85.9, 86.4, 86.4, 85.7%). {@code -Dmu4j.agent.nameWeight=0} leaves it out.
     */
    static final double NAME_WEIGHT = Double.parseDouble(System.getProperty("mu4j.agent.nameWeight", "4"));
    /** {@code -Dmu4j.agent.noSearchPrior=true} turns the prior off, to measure what it does (MODEL_CARD.md). */
    static final boolean PRIOR_ON = !Boolean.getBoolean("mu4j.agent.noSearchPrior");
    /**
     * Value prior ({@link ValuePrior}): where the model writes a value, how many logits a token loses that leaves
     * every value the request states for the setting. Chosen on the generated dev split of seed 11 (as the search
     * prior): 3, 5, 8, 10, 15, 30 gave 84.7, 84.9, 85.0, 85.0, 85.0, 85.0% exact match (83.9% without it).
     */
    static final double VALUE_WEIGHT = 10;
    /** {@code -Dmu4j.agent.noValuePrior=true} turns the value prior off, to measure what it does (MODEL_CARD.md). */
    static final boolean VALUE_ON = !Boolean.getBoolean("mu4j.agent.noValuePrior");
    /**
     * Polarity prior ({@link PolarityPrior}): where the model writes a switch's op, how many logits the direction the
     * request's clause contradicts loses (as many as the value prior). On the generated dev split of seed 11 (as the
     * other priors) it fixed 3 requests and broke none (84.8 -> 84.9% exact match); a draft that also trusted "on" as a
     * preposition and directions said of other things than the setting's names broke 1-2.
     */
    static final double POLARITY_WEIGHT = 10;
    /** {@code -Dmu4j.agent.noPolarityPrior=true} turns the polarity prior off, to measure what it does (MODEL_CARD.md). */
    static final boolean POLARITY_ON = !Boolean.getBoolean("mu4j.agent.noPolarityPrior");
    /**
     * Change prior ({@link ChangePrior}): where the model writes a range setting's op, how many logits the way the
     * request's clause contradicts loses (as many as the other priors). Chosen on the generated dev split of seed 11
     * (MODEL_CARD.md).
     */
    static final double CHANGE_WEIGHT = Double.parseDouble(System.getProperty("mu4j.agent.changeWeight", "10"));
    /** {@code -Dmu4j.agent.noChangePrior=true} turns the change prior off, to measure what it does (MODEL_CARD.md). */
    static final boolean CHANGE_ON = !Boolean.getBoolean("mu4j.agent.noChangePrior");
    /**
     * Open prior ({@link OpenPrior}): where the model writes an op and the clause that names the setting asks for its
     * page and names nothing to change, how many logits every other op loses. Chosen on the generated dev split of
     * seed 11 (MODEL_CARD.md).
     */
    static final double OPEN_WEIGHT = Double.parseDouble(System.getProperty("mu4j.agent.openWeight", "10"));
    /** {@code -Dmu4j.agent.noOpenPrior=true} turns the open prior off, to measure what it does (MODEL_CARD.md). */
    static final boolean OPEN_ON = !Boolean.getBoolean("mu4j.agent.noOpenPrior");
    /**
     * Clause check ({@link #byClauses}): how many nats less likely than its own program the model may find the
     * clause-by-clause one for the whole request, and still have it taken. Chosen on the generated dev split of seed
     * 11 (as the priors): 3, 6, 9, 13 gave 85.4, 85.5, 85.5, 85.5% exact match (84.9% without the check; at 9, 20
     * requests fixed and 1 broken); on the hand-written set it adds ~2.5 ms to the p95 latency, nothing to the median.
     */
    static final double CLAUSE_MARGIN = 9;
    /** {@code -Dmu4j.agent.noClauseOrder=true} leaves the actions in the model's order ({@link #inRequestOrder}). */
    static final boolean ORDER_ON = !Boolean.getBoolean("mu4j.agent.noClauseOrder");
    /** {@code -Dmu4j.agent.noClauseCheck=true} turns the clause check off, to measure what it does (MODEL_CARD.md). */
    static final boolean CLAUSE_CHECK_ON = !Boolean.getBoolean("mu4j.agent.noClauseCheck");
    /**
     * None prior ({@link NonePrior}): logits added to the {@code none} program's token at the first step, for requests
     * whose best keyword-search score ({@link Catalog#scores}) is at most {@link #NONE_MAX_SCORE}, i.e. that name no
     * setting well. Chosen on the generated dev split of seed 11 (as the other priors; MODEL_CARD.md).
     */
    static final double NONE_BIAS = Double.parseDouble(System.getProperty("mu4j.agent.noneBias", "4"));
    static final double NONE_MAX_SCORE = Double.parseDouble(System.getProperty("mu4j.agent.noneMaxScore", "5"));
    public static final String END_TOKEN = "<|end|>";

    private final Model model;
    private final Catalog catalog;
    private final Tokenizer tokenizer;
    private final int metaCandidates;
    private final int endId;
    private final int noneId;           // the token of the "none" program, -1 if the tokenizer has none
    private final int[] settingTokens;  // the token id of each catalog setting, in catalog order (-1: none)
    private final String[] tokenText;   // what each token adds to a program (ValuePrior.END for the end token)
    private final Constraint grammar;   // compiled once: token masks per grammar state are cached inside
    private final List<String> specialTokens;   // their text inside a request is defused, see defuse()
    private final NamedSettings namedSettings;  // the settings a request names by a whole name, for the search prior

    public AgentPipeline(Model model, Catalog catalog, int metaCandidates) {
        this.model = model;
        this.catalog = catalog;
        this.tokenizer = model.tokenizer();
        this.metaCandidates = metaCandidates;
        OptionalInt end = tokenizer.tokenId(END_TOKEN);
        if (end.isEmpty()) throw new MuException(model.directory() + ": tokenizer.json has no " + END_TOKEN + " token");
        this.endId = end.getAsInt();
        this.noneId = tokenizer.tokenId("none").orElse(-1);
        this.grammar = Constraint.settingsPrograms(tokenizer, catalog, END_TOKEN);
        this.settingTokens = catalog.settings().stream()
                .mapToInt(st -> tokenizer.tokenId(st.id()).orElse(-1)).toArray();
        this.tokenText = new String[tokenizer.vocabSize()];
        for (int t = 0; t < tokenText.length; t++) {
            tokenText[t] = t == endId ? ValuePrior.END : new String(tokenizer.tokenBytes(t), StandardCharsets.ISO_8859_1);
        }
        this.specialTokens = tokenizer.addedTokens().stream().filter(Tokenizer.AddedToken::special)
                .map(Tokenizer.AddedToken::content).filter(t -> t.length() > 1).toList();
        this.namedSettings = new NamedSettings(catalog);
    }

    public Plan plan(String request, Session session) {
        long t0 = System.nanoTime();
        String text = defuse(TextNormalizer.normalize(request));
        if (text.isEmpty()) {
            return new Plan(request == null ? "" : request, List.of(), true, ms(t0), "empty",
                    "nothing to do: the request is empty");
        }
        Decoded whole;
        try {
            whole = decode(text, session);
        } catch (MuException e) {   // a broken model (NaN weights): no action, and the reason
            return new Plan(request == null ? "" : request, List.of(), true, ms(t0), "model", "no valid plan: " + e.getMessage());
        }
        List<Action> actions = new ArrayList<>(CLAUSE_CHECK_ON ? byClauses(text, whole.actions, session) : whole.actions);
        if (ORDER_ON) inRequestOrder(whole.clauses, actions);
        String message = whole.message;
        String source = "model";
        if (actions.isEmpty() && text.split(" ").length <= KEYWORD_MAX_WORDS) {
            List<Setting> hits = catalog.search(text, 1);
            if (!hits.isEmpty()) {
                Setting s = hits.get(0);
                actions.add(new Action(s.id(), s.title(), s.uri(), "open", null, KEYWORD_CONFIDENCE,
                        s.risk().needsConfirmation()));
                source = "keyword";
                message = "";
            }
        }
        boolean outOfScope = actions.isEmpty();
        if (outOfScope && message.isEmpty()) message = "this request is not a Windows setting I can change";
        if (actions.stream().anyMatch(Action::needsConfirmation)) {
            message = "security-relevant: needs your explicit confirmation before it is applied";
        }
        return new Plan(request, actions, outOfScope, ms(t0), source, message);
    }

    /**
     * The actions the model writes for a normalised request, or none and why ({@code message}), and the request's
     * clauses as the priors split and scored them.
     */
    record Decoded(List<Action> actions, String message, Clauses clauses) {}

    /**
     * Constrained greedy decoding of {@code text} with the priors, parsed into actions, the trailing-action guard
     * applied.
     *
     * @throws MuException when the model's logits are not finite (NaN weights)
     */
    Decoded decode(String text, Session session) {
        ConfidenceRecorder confidence = new ConfidenceRecorder(MAX_PROGRAM_TOKENS);
        List<LogitsProcessor> chain = new ArrayList<>();
        chain.add(grammar.newProcessor());
        double[] scores = catalog.scores(text);
        boolean namesNoSetting = max(scores) <= NONE_MAX_SCORE;
        if (PRIOR_ON) {
            chain.add(new SearchPrior(settingTokens, priorScores(catalog, text, scores), PRIOR_WEIGHT,
                    NAME_WEIGHT != 0 ? namedSettings.in(text) : null, NAME_WEIGHT));
        }
        if (NONE_BIAS != 0 && noneId >= 0 && namesNoSetting) {
            chain.add(new NonePrior(noneId, NONE_BIAS));
        }
        Clauses clauses = new Clauses(catalog, text);
        if (VALUE_ON) chain.add(new ValuePrior(tokenizer, tokenText, clauses, VALUE_WEIGHT));
        if (POLARITY_ON) chain.add(new PolarityPrior(tokenText, clauses, POLARITY_WEIGHT));
        if (CHANGE_ON) chain.add(new ChangePrior(tokenText, clauses, CHANGE_WEIGHT));
        if (OPEN_ON) chain.add(new OpenPrior(tokenText, clauses, OPEN_WEIGHT));
        chain.add(confidence);
        GenerationConfig cfg = GenerationConfig.builder().maxNewTokens(MAX_PROGRAM_TOKENS)
                .stopTokens(Set.of(endId)).processors(chain).build();
        List<Integer> tokenEnds = new ArrayList<>();   // character offset in the program after each token
        StringBuilder program = new StringBuilder();
        Generation g = session.generate(tokenizer.encode(prompt(text), false), cfg, (id, piece) -> {
            program.append(piece);
            tokenEnds.add(program.length());
            return true;
        });
        String out = g.text().strip();
        List<Action> actions = new ArrayList<>();
        try {
            if (g.finishReason() != Generation.FinishReason.STOP_TOKEN) {
                throw new MuException("the model did not finish the program: '" + out + "'");
            }
            int start = 0;
            for (ProgramParser.ParsedAction a : ProgramParser.parse(out, catalog)) {
                int end = out.indexOf(" ; ", start);
                end = end < 0 ? out.length() : end;
                actions.add(action(a, confidence.confidence(tokenIndex(tokenEnds, start), tokenIndex(tokenEnds, end) + 1)));
                start = end + 3;
            }
            if (GUARD_ON) guardTrailing(catalog, text, actions);
        } catch (MuException e) {
            return new Decoded(List.of(), "no valid plan: " + e.getMessage(), clauses);
        }
        return new Decoded(actions, "", clauses);
    }

    /**
     * The clause check ({@link #CLAUSE_MARGIN}): where the request has more clauses ({@link Clauses#CLAUSE}, 2 or 3)
     * than {@code whole} has actions, each clause is decoded alone. When every clause gives exactly one action, on
     * distinct settings that include all of {@code whole}'s, and the model finds that program (in clause order) for
     * the whole request at most {@link #CLAUSE_MARGIN} nats less likely than its own, that program is the answer:
     * the model tends to end a long request's program early, or to drop a middle clause, while it reads each clause
     * alone well. Otherwise {@code whole}.
     */
    List<Action> byClauses(String text, List<Action> whole, Session session) {
        List<String> parts = new ArrayList<>();
        for (String c : Clauses.CLAUSE.split(text)) if (!c.isBlank()) parts.add(c);
        if (whole.isEmpty() || parts.size() < 2 || parts.size() > 3 || parts.size() <= whole.size()) return whole;
        List<Action> merged = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String part : parts) {
            List<Action> one = decode(part, session).actions;
            if (one.size() != 1 || !ids.add(one.get(0).setting())) return whole;
            merged.add(one.get(0));
        }
        for (Action a : whole) if (!ids.contains(a.setting())) return whole;
        return logProb(text, merged, session) >= logProb(text, whole, session) - CLAUSE_MARGIN ? merged : whole;
    }

    /** The model's log-probability of {@code actions}' program, end token included, after the request's prompt. */
    double logProb(String text, List<Action> actions, Session session) {
        int[] prompt = tokenizer.encode(prompt(text), false);
        int[] program = tokenizer.encode(new Plan(text, actions, false, 0, "", "").program(), false);
        int[] all = Arrays.copyOf(prompt, prompt.length + program.length + 1);
        System.arraycopy(program, 0, all, prompt.length, program.length);
        all[all.length - 1] = endId;
        int[] cached = session.tokens();
        int from = 0;
        while (from < Math.min(cached.length, prompt.length - 1) && cached[from] == all[from]) from++;
        float[] logits = session.forwardAll(Arrays.copyOfRange(all, from, all.length), from);
        int vocab = logits.length / (all.length - from);
        double sum = 0;
        for (int pos = prompt.length - 1; pos < all.length - 1; pos++) {   // row pos - from predicts all[pos + 1]
            int row = (pos - from) * vocab;
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (int j = 0; j < vocab; j++) max = Math.max(max, logits[row + j]);
            for (int j = 0; j < vocab; j++) z += Math.exp(logits[row + j] - max);
            sum += logits[row + all[pos + 1]] - max - Math.log(z);
        }
        return sum;
    }

    /**
     * The prior's score of each setting (catalog order, in [0, 1]): the keyword-search score relative to the best one,
     * for the whole request and for each clause of it ({@link #CLAUSE}), whichever is higher. Scoring clauses alone
     * keeps the second request of "brightness to 40 and volume to 20" from counting as a weak match.
     */
    static double[] priorScores(Catalog catalog, String text) {
        return priorScores(catalog, text, catalog.scores(text));
    }

    /** {@link #priorScores(Catalog, String)} from the request's own scores, {@code wholeScores} (rescaled in place). */
    private static double[] priorScores(Catalog catalog, String text, double[] wholeScores) {
        double[] out = relative(wholeScores);
        String[] clauses = CLAUSE.split(text.toLowerCase(Locale.ROOT));
        if (clauses.length < 2) return out;
        for (String c : clauses) {
            double[] r = relative(catalog.scores(c));
            for (int i = 0; i < out.length; i++) out[i] = Math.max(out[i], r[i]);
        }
        return out;
    }

    private static double max(double[] scores) {
        double best = 0;
        for (double v : scores) best = Math.max(best, v);
        return best;
    }

    /** {@code scores} divided by their maximum, in place (unchanged when all are 0). */
    static double[] relative(double[] scores) {
        double best = max(scores);
        if (best > 0) for (int i = 0; i < scores.length; i++) scores[i] /= best;
        return scores;
    }

    /**
     * Puts {@code actions} in the order the request names their settings, in place: the model sometimes writes a
     * later clause's action first. Only where every action's setting is named by a clause of its own
     * ({@link Clauses#position}); actions of one clause keep the model's order.
     */
    static void inRequestOrder(Clauses clauses, List<Action> actions) {
        if (actions.size() < 2) return;
        Map<String, Integer> at = new HashMap<>();
        for (Action a : actions) {
            int p = clauses.catalog().byId(a.setting()).map(clauses::position).orElse(-1);
            if (p < 0) return;
            at.put(a.setting(), p);
        }
        actions.sort(Comparator.comparingInt(a -> at.get(a.setting())));   // stable: ties keep the model's order
    }

    /** Applies the trailing-action guard ({@link #GUARD_CONFIDENCE}) to {@code actions}, in place. */
    static void guardTrailing(Catalog catalog, String text, List<Action> actions) {
        Set<String> named = null;   // searched only when some trailing action is unsure
        for (int i = actions.size() - 1; i >= 1; i--) {
            Action x = actions.get(i);
            if (x.confidence() >= GUARD_CONFIDENCE) continue;
            if (named == null) {
                named = new HashSet<>();
                for (Setting s : catalog.search(text, GUARD_SEARCH_RANK)) named.add(s.id());
            }
            if (!named.contains(x.setting())) actions.remove(i);
        }
    }

    /** The prompt of AGENT-FORMAT.md: optional catalog metadata of the best keyword matches, then the request. */
    String prompt(String text) {
        StringBuilder p = new StringBuilder("<s>");
        if (metaCandidates > 0) {
            p.append("<|meta|>");
            List<Setting> hits = catalog.search(text, metaCandidates);
            for (int i = 0; i < hits.size(); i++) {
                p.append(i == 0 ? "" : "; ").append(hits.get(i).id()).append(": ").append(hits.get(i).title());
            }
        }
        return p.append("<|user|>").append(text).append("<|plan|>").toString();
    }

    /**
     * Breaks up special-token text in the request ({@code <|plan|>} becomes {@code < |plan|>}) so that a request can
     * never inject prompt structure or an end token: the tokenizer would otherwise encode it as the special token.
     */
    String defuse(String text) {
        String before;
        do {
            before = text;
            for (String t : specialTokens) text = text.replace(t, t.charAt(0) + " " + t.substring(1));
        } while (!text.equals(before));
        return text;
    }

    private static Action action(ProgramParser.ParsedAction a, double confidence) {
        Setting s = a.setting();
        return new Action(s.id(), s.title(), s.uri(), a.op(), a.value(), confidence, s.risk().needsConfirmation());
    }

    /** Index of the token whose text covers character offset {@code offset} of the program. */
    private static int tokenIndex(List<Integer> tokenEnds, int offset) {
        for (int i = 0; i < tokenEnds.size(); i++) if (tokenEnds.get(i) > offset) return i;
        return tokenEnds.size() - 1;
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
