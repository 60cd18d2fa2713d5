package dev.mu4j;

import dev.mu4j.internal.tokenizer.Pipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * A text tokenizer read from a Hugging Face {@code tokenizer.json}: encode gives the ids HF {@code tokenizers}
 * gives, and decode the text it gives, for the BPE tokenizers of the GPT-2, Llama 2/3, Mistral and Qwen2 families.
 *
 * <p>A tokenizer is immutable and thread-safe; encoding caches words internally (a bounded concurrent map). A
 * {@link StreamDecoder} is not thread-safe: use one per generation.
 *
 * <pre>{@code
 * Tokenizer tok = Tokenizer.load(Path.of("models/llama3/tokenizer.json"));
 * int[] prompt = tok.encode("Turn on night light");      // <|begin_of_text|> first, as in HF
 * String text = tok.decode(prompt, true);                 // "Turn on night light"
 * Tokenizer.StreamDecoder out = tok.newStreamDecoder();
 * for (int id : generatedIds) System.out.print(out.push(id));   // whole characters only
 * System.out.print(out.flush());
 * }</pre>
 *
 * <p>Supported: model BPE (with {@code byte_fallback}, {@code unk_token}, {@code fuse_unk}, {@code ignore_merges});
 * normalizers Sequence, Prepend, Replace, NFC, NFD, NFKC, NFKD, Lowercase, Strip, StripAccents; pre-tokenizers
 * Sequence, ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit, CharDelimiterSplit; decoders Sequence,
 * ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip; post-processors TemplateProcessing (single sequence),
 * ByteLevel, RobertaProcessing, BertProcessing, Sequence; added tokens with {@code lstrip}, {@code rstrip},
 * {@code single_word} and {@code normalized}. Anything else is rejected by {@link #load} with a message naming the
 * field. Truncation and padding settings are ignored: encode returns every token.
 */
public final class Tokenizer {
    private final Path file;
    private final Pipeline pipeline;

    private Tokenizer(Path file, Pipeline pipeline) {
        this.file = file;
        this.pipeline = pipeline;
    }

    /**
     * Reads a {@code tokenizer.json} file.
     *
     * @throws MuException if the content is malformed or uses an unsupported feature; the message names the file
     *                     and the field, e.g. {@code field 'model.merges[12]' refers to token 'xy' which is not in
     *                     model.vocab}
     * @throws IOException if the file cannot be read
     */
    public static Tokenizer load(Path tokenizerJson) throws IOException {
        return new Tokenizer(tokenizerJson, Pipeline.load(tokenizerJson));
    }

    /** The ids of {@code text} with the special tokens of the file's post-processor (HF's default). */
    public int[] encode(String text) {
        return encode(text, true);
    }

    /**
     * The ids of {@code text}. With {@code addSpecialTokens} the post-processor's special tokens are added (Llama's
     * BOS, for example); special tokens written in the text itself are always recognised.
     */
    public int[] encode(String text, boolean addSpecialTokens) {
        return pipeline.encode(text, addSpecialTokens);
    }

    /**
     * The text of {@code ids}, special tokens included (as transformers' {@code decode} does by default; the
     * {@code tokenizers} Python binding skips them by default).
     *
     * @throws MuException if an id is not in the vocabulary
     */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * The text of {@code ids}; with {@code skipSpecialTokens} the special tokens are left out. Bytes that do not
     * form whole UTF-8 characters decode to U+FFFD.
     *
     * @throws MuException if an id is not in the vocabulary
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return pipeline.decode(ids, 0, ids.length, skipSpecialTokens);
    }

    /** One more than the largest token id (model vocabulary and added tokens): the rows an embedding needs. */
    public int vocabSize() {
        return pipeline.vocabSize();
    }

    /** The id of a token spelled exactly {@code token} (an added token, or an entry of the model vocabulary). */
    public OptionalInt tokenId(String token) {
        int id = pipeline.id(token);
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * The token string of {@code id} as the vocabulary spells it ({@code "Ġworld"}, {@code "▁world"},
     * {@code "<0x0A>"}, {@code "<|eot_id|>"}): not decoded text. An added token with {@code normalized: true} is
     * spelled as the normalizer writes it, as HF's {@code id_to_token} does.
     *
     * @throws MuException if no token has this id
     */
    public String token(int id) {
        String token = pipeline.token(id);
        if (token == null) throw new MuException(file + ": no token has id " + id + " (vocab size " + vocabSize() + ")");
        return token;
    }

    /**
     * The bytes token {@code id} adds to the decoded text when other tokens come before it: {@code "Ġon"} gives
     * {@code " on"}, {@code "▁on"} (SentencePiece) {@code " on"}, {@code "<0x0A>"} the byte 0x0A, an added token its
     * content. The bytes of a sequence of such tokens are the UTF-8 bytes of its {@link #decode}, except that a
     * decoder may strip a leading space of the first token; a token may hold part of a UTF-8 character. Grammar
     * constraints use these bytes to tell which tokens fit. A new array each call.
     *
     * @throws MuException if no token has this id
     */
    public byte[] tokenBytes(int id) {
        byte[] bytes = pipeline.tokenBytes(id);
        if (bytes == null) throw new MuException(file + ": no token has id " + id + " (vocab size " + vocabSize() + ")");
        return bytes;
    }

    /** The added tokens of the file ({@code added_tokens}), special and not, in file order. */
    public List<AddedToken> addedTokens() {
        return pipeline.addedTokens();
    }

    /** True when {@code id} is an added token marked special (the ids {@code decode(ids, true)} leaves out). */
    public boolean isSpecial(int id) {
        return pipeline.isSpecial(id);
    }

    /** A new incremental decoder that keeps special tokens in its output. */
    public StreamDecoder newStreamDecoder() {
        return new StreamDecoder(false);
    }

    /** A new incremental decoder; with {@code skipSpecialTokens} special tokens are left out of its output. */
    public StreamDecoder newStreamDecoder(boolean skipSpecialTokens) {
        return new StreamDecoder(skipSpecialTokens);
    }

    @Override
    public String toString() {
        return "Tokenizer[" + file + ", vocab " + vocabSize() + "]";
    }

    /**
     * An entry of {@code added_tokens}: {@code special} tokens are left out by {@code decode(ids, true)};
     * {@code normalized} ones are matched after normalization; {@code lstrip}/{@code rstrip} swallow the whitespace
     * beside them; {@code singleWord} ones only match as whole words.
     */
    public record AddedToken(int id, String content, boolean special, boolean normalized, boolean lstrip,
            boolean rstrip, boolean singleWord) {}

    /**
     * Decodes ids one at a time, as a model generates them: the concatenation of everything {@link #push} and
     * {@link #flush} return equals {@code decode} of all ids pushed.
     *
     * <p>{@code push} returns only text that later ids cannot change: never part of a UTF-8 character (a multi-byte
     * character split over byte tokens is held back until its last byte), and never a trailing U+FFFD that more
     * bytes could still complete. Leading-space rules (Metaspace, Strip) apply once, at the start, as in a full
     * decode. This is HF's {@code DecodeStream}: each step decodes the ids since the last emitted text, with the
     * tokens of that text as context, and returns what is new. Like HF's, it is exact for decoders that strip at
     * most one leading character (every supported family); a {@code Strip} decoder with {@code start} of 2 or
     * more can lose a space where a chunk begins.
     *
     * <p>Not thread-safe; one per generated sequence.
     */
    public final class StreamDecoder {
        private final boolean skipSpecialTokens;
        /** Ids not yet fully emitted, preceded by the context ids whose text is {@link #prefix}. */
        private int[] ids = new int[16];
        private int size;
        /** The decoded text of ids[0, prefixIndex): already emitted, used as context for what follows. */
        private String prefix = "";
        private int prefixIndex;

        private StreamDecoder(boolean skipSpecialTokens) {
            this.skipSpecialTokens = skipSpecialTokens;
        }

        /**
         * Adds one id and returns the text it completes, often "" (a partial character, or a token that decodes to
         * nothing).
         *
         * @throws MuException if {@code id} is not in the vocabulary
         */
        public String push(int id) {
            if (pipeline.token(id) == null) {
                throw new MuException(file + ": no token has id " + id + " (vocab size " + vocabSize() + ")");
            }
            if (prefix.isEmpty() && size > 0) {
                String text = decodeHeld();
                if (!text.endsWith("\uFFFD")) {
                    prefix = text;
                    prefixIndex = size;
                }
            }
            if (size == ids.length) ids = Arrays.copyOf(ids, size * 2);
            ids[size++] = id;
            String text = decodeHeld();
            if (text.length() <= prefix.length() || text.endsWith("\uFFFD")) return "";
            if (!text.startsWith(prefix)) {
                // Only a decoder whose output for earlier tokens depends on later ones could do this; none of the
                // supported decoders does.
                throw new MuException(file + ": stream decoding of id " + id + " changed earlier text '" + prefix
                        + "' to '" + text + "'");
            }
            String emitted = text.substring(prefix.length());
            // Keep the ids after the old prefix: their text is the new prefix, the context for the next id.
            int keep = size - prefixIndex;
            System.arraycopy(ids, prefixIndex, ids, 0, keep);
            size = keep;
            prefixIndex = keep;
            prefix = decodeHeld();
            return emitted;
        }

        /**
         * Returns the text still held back (bytes that never completed a character decode to U+FFFD) and starts
         * over: the next push decodes as if it were the first id.
         */
        public String flush() {
            String text = decodeHeld();
            String rest = text.length() > prefix.length() && text.startsWith(prefix) ? text.substring(prefix.length()) : "";
            size = 0;
            prefixIndex = 0;
            prefix = "";
            return rest;
        }

        private String decodeHeld() {
            return pipeline.decode(ids, 0, size, skipSpecialTokens);
        }
    }
}
