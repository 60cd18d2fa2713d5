package dev.mu4j;

import dev.mu4j.internal.constrain.Grammar;
import dev.mu4j.settings.Catalog;

/**
 * A grammar that generated text must follow, compiled against a tokenizer: its {@link #newProcessor processors}
 * set the logits of every token that cannot continue a valid text to -infinity, so sampling (greedy or not) only
 * ever produces texts of the grammar, ended by the end token.
 *
 * <pre>{@code
 * Constraint programs = Constraint.settingsPrograms(model.tokenizer(), Catalog.loadDefault(), "<|end|>");
 * int end = model.tokenizer().tokenId("<|end|>").getAsInt();
 * GenerationConfig config = GenerationConfig.builder()
 *         .processors(List.of(programs.newProcessor()))     // one processor per concurrent generation
 *         .stopTokens(Set.of(end)).maxNewTokens(64).build();
 * String program = session.generate(prompt, config).text();  // e.g. "display.brightness set 40"
 * }</pre>
 *
 * <p>How: the grammar is an automaton over the bytes of the decoded text; the vocabulary's token byte strings
 * ({@link Tokenizer#tokenBytes}) form a trie, and the tokens allowed in an automaton state are found by walking
 * the trie against the automaton once, then kept. A step then costs a lookup and one pass over the logits. Tokens
 * may straddle grammar boundaries (a token {@code " ;"} or {@code "on ;"} is fine where those bytes fit). Special
 * tokens are never allowed, except the end token, which is allowed exactly where the text so far is complete.
 * Every generated token is treated as following other text: a decoder that strips the first token's leading
 * space (SentencePiece) shows one space less than the grammar saw. Set {@code maxNewTokens} large enough: a
 * generation cut off by it ends with an incomplete text.
 *
 * <p>Thread-safe and meant to be reused: compiling costs milliseconds to a second, and the per-state masks it
 * learns are shared by all its processors. A processor is not thread-safe: one per generation at a time, re-armed
 * by {@link LogitsProcessor#reset} (which generation calls at its start).
 */
public final class Constraint {
    private final Grammar grammar;

    private Constraint(Grammar grammar) {
        this.grammar = grammar;
    }

    /**
     * The settings agent's action programs ({@code models/settings/AGENT-FORMAT.md}) over {@code catalog}:
     * {@code none}, or one to three actions {@code SETTING_ID OP [VALUE]} joined by {@code " ; "}, each with an
     * id of the catalog, an op the setting takes and a value that {@link dev.mu4j.settings.Setting#accepts}
     * (numbers in range, whole on integral ranges and with at most as many decimals as min, max and step
     * otherwise; enum value ids), no setting twice. Works whether setting ids are single added tokens or not.
     *
     * @param endToken the token that ends a program, e.g. {@code "<|end|>"}
     * @throws MuException if the end token is not in the vocabulary
     */
    public static Constraint settingsPrograms(Tokenizer tokenizer, Catalog catalog, String endToken) {
        return new Constraint(Grammar.settingsPrograms(tokenizer, catalog, endToken));
    }

    /**
     * Compact JSON (no whitespace) that validates against {@code schemaJson}. Supported: {@code type} (one or a
     * list), {@code enum}, {@code const}; objects with {@code properties} (written in schema order, the
     * {@code required} ones always, the others optionally, no other keys); arrays with {@code items},
     * {@code minItems}, {@code maxItems}; strings with {@code minLength}, {@code maxLength}; integers with
     * {@code minimum}, {@code maximum} and the exclusive forms; numbers without bounds; booleans; null.
     * Annotations such as {@code title}, {@code description} and {@code format} are ignored.
     *
     * @param endToken the token that ends the text, e.g. the model's end-of-sequence token
     * @throws MuException if the schema is malformed, uses another keyword (the message names its JSON path, e.g.
     *                     {@code $.properties.tags.uniqueItems}), admits no value, or the end token is unknown
     */
    public static Constraint jsonSchema(Tokenizer tokenizer, String schemaJson, String endToken) {
        return new Constraint(Grammar.jsonSchema(tokenizer, schemaJson, endToken));
    }

    /** A new processor for one generation; pass it in {@link GenerationConfig.Builder#processors}. */
    public LogitsProcessor newProcessor() {
        return grammar.newProcessor();
    }

    /** Whether {@code text} is a whole text of this grammar (without the end token). */
    public boolean matches(String text) {
        return grammar.matches(text);
    }

    /** Sizes: automaton states, vocabulary, masks computed so far. */
    @Override
    public String toString() {
        return "Constraint" + grammar.toString().substring("Grammar".length());
    }
}
