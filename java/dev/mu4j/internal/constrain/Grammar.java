package dev.mu4j.internal.constrain;

import dev.mu4j.LogitsProcessor;
import dev.mu4j.MuException;
import dev.mu4j.Tokenizer;
import dev.mu4j.settings.Catalog;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * A grammar compiled against a tokenizer's vocabulary: the automaton, the token trie and the per-state masks
 * (computed on first use and shared by every processor). The implementation behind {@link dev.mu4j.Constraint}.
 * Thread-safe.
 */
public final class Grammar {
    private final MaskTable table;

    private Grammar(Dfa dfa, Tokenizer tokenizer, String endToken) {
        OptionalInt end = tokenizer.tokenId(endToken);
        if (end.isEmpty()) throw new MuException("the end token '" + endToken + "' is not in the vocabulary of " + tokenizer);
        int n = tokenizer.vocabSize();
        byte[][] bytes = new byte[n][];
        boolean[] special = new boolean[n];
        for (int id = 0; id < n; id++) {
            try {
                bytes[id] = tokenizer.tokenBytes(id);
            } catch (MuException hole) {
                continue;   // no token has this id: never allowed
            }
            special[id] = tokenizer.isSpecial(id);
        }
        this.table = new MaskTable(dfa, bytes, special, end.getAsInt());
    }

    /** Programs of {@code models/settings/AGENT-FORMAT.md} over {@code catalog} ({@link SettingsGrammar}). */
    public static Grammar settingsPrograms(Tokenizer tokenizer, Catalog catalog, String endToken) {
        return new Grammar(SettingsGrammar.compile(catalog), tokenizer, endToken);
    }

    /** Compact JSON texts valid under {@code schemaJson} ({@link JsonSchemaGrammar}). */
    public static Grammar jsonSchema(Tokenizer tokenizer, String schemaJson, String endToken) {
        return new Grammar(JsonSchemaGrammar.compile(schemaJson), tokenizer, endToken);
    }

    /** A processor for one generation at a time; {@code reset()} re-arms it. */
    public LogitsProcessor newProcessor() {
        return new GrammarProcessor(table);
    }

    /** Whether {@code text} is a whole text of the language. */
    public boolean matches(String text) {
        return table.dfa().matches(text.getBytes(StandardCharsets.UTF_8));
    }

    MaskTable table() {
        return table;
    }

    @Override
    public String toString() {
        Dfa dfa = table.dfa();
        return "Grammar[" + dfa.stateCount() + " states, " + dfa.rangeCount() + " transitions, vocab "
                + table.vocabSize() + " (" + table.trie().nodeCount() + " trie nodes), " + table.computedMasks()
                + " masks computed (" + table.maskBytes() / 1024 + " KiB)]";
    }
}
