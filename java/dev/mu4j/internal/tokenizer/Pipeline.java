package dev.mu4j.internal.tokenizer;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.mu4j.MuException;
import dev.mu4j.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tokenizer.json loaded into HF's pipeline (see {@code tokenizers/src/tokenizer/mod.rs}):
 *
 * <pre>
 * encode: text -> added tokens cut out (raw) -> normalizer, per piece -> added tokens cut out (normalized)
 *              -> pre-tokenizer, per piece -> BPE, per word -> post-processor (special tokens)
 * decode: ids -> token strings (added tokens as spelled) -> decoder -> text
 * </pre>
 *
 * Immutable; safe for any number of threads. Truncation and padding settings in the file are ignored: encode
 * returns every token.
 */
public final class Pipeline {
    private static final String MODELS = "BPE";

    private final Path file;
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final Bpe model;
    private final Decoder decoder;
    private final PostProcessor postProcessor;
    private final AddedVocabulary added;
    /** The string each id decodes from (an added token's spelling wins over model.vocab), null for holes. */
    private final String[] tokenById;
    /** True for ids that decode skips with skipSpecialTokens: their string is a special token's content. */
    private final boolean[] skippable;
    private final Map<String, Integer> addedIds = new HashMap<>();
    /** True for the ids of added tokens marked special. */
    private final boolean[] special;
    private final List<Tokenizer.AddedToken> addedTokens;

    private Pipeline(Normalizer normalizer, PreTokenizer preTokenizer, Bpe model, Decoder decoder,
            PostProcessor postProcessor, AddedVocabulary added, Path file) {
        this.file = file;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.decoder = decoder;
        this.postProcessor = postProcessor;
        this.added = added;
        int maxId = -1;
        for (int id : model.vocab().values()) maxId = Math.max(maxId, id);
        for (AddedVocabulary.Token t : added.tokens()) maxId = Math.max(maxId, t.id());
        int entries = model.vocab().size() + added.tokens().size();
        if (maxId >= 2L * entries + 1024) {
            throw new MuException(file + ": field 'model.vocab' has token ids up to " + maxId + " for only " + entries
                    + " tokens; ids must be (nearly) contiguous from 0");
        }
        tokenById = new String[maxId + 1];
        for (Map.Entry<String, Integer> e : model.vocab().entrySet()) tokenById[e.getValue()] = e.getKey();
        special = new boolean[tokenById.length];
        Set<String> specialContents = new HashSet<>();
        List<Tokenizer.AddedToken> publicTokens = new ArrayList<>();
        for (AddedVocabulary.Token t : added.tokens()) {
            tokenById[t.id()] = added.spelling(t);
            addedIds.put(t.content(), t.id());
            special[t.id()] = t.special();
            if (t.special()) specialContents.add(t.content());
            publicTokens.add(new Tokenizer.AddedToken(t.id(), t.content(), t.special(), t.normalized(), t.lstrip(),
                    t.rstrip(), t.singleWord()));
        }
        addedTokens = List.copyOf(publicTokens);
        skippable = new boolean[tokenById.length];
        for (int id = 0; id < tokenById.length; id++) {
            // HF skips by string, so a model-vocab entry spelled like a special token is skipped too.
            skippable[id] = tokenById[id] != null && specialContents.contains(tokenById[id]);
        }
    }

    /**
     * Reads a tokenizer.json file.
     *
     * @throws MuException naming the file and field when the content is malformed or uses an unsupported feature
     * @throws IOException when the file cannot be read
     */
    public static Pipeline load(Path file) throws IOException {
        return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses tokenizer.json text; {@code file} is only used in messages. */
    public static Pipeline parse(Path file, String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new MuException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) throw new MuException(file + ": expected a JSON object at the top level");
        JsonNode json = JsonNode.root(file, root);
        JsonNode modelNode = json.required("model");
        JsonNode type = modelNode.get("type");
        // Old files omit model.type; HF then recognises a BPE by its vocab and merges.
        if (type.isNull() ? modelNode.get("merges").isNull() : !type.string().equals("BPE")) {
            String name = type.isNull() ? "(none, and no merges)" : "'" + type.string() + "'";
            throw type.error(name + " is not supported; supported: " + MODELS);
        }
        Bpe model = Bpe.read(modelNode);
        Normalizer normalizer = json.get("normalizer").isNull() ? null : Normalizer.read(json.get("normalizer"));
        PreTokenizer preTokenizer = json.get("pre_tokenizer").isNull() ? null
                : PreTokenizer.read(json.get("pre_tokenizer"));
        Decoder decoder = json.get("decoder").isNull() ? null : Decoder.read(json.get("decoder"));
        PostProcessor postProcessor = json.get("post_processor").isNull() ? null
                : PostProcessor.read(json.get("post_processor"));
        AddedVocabulary added = AddedVocabulary.read(json.get("added_tokens"), model, normalizer);
        return new Pipeline(normalizer, preTokenizer, model, decoder, postProcessor, added, file);
    }

    /** The ids of {@code text}; with {@code addSpecialTokens} the post-processor adds its special tokens. */
    public int[] encode(String text, boolean addSpecialTokens) {
        IntList out = new IntList(text.length() / 3 + 4);
        List<PreTokenizer.Piece> words = new ArrayList<>();
        List<AddedVocabulary.Segment> normalizedSegments = new ArrayList<>();
        for (AddedVocabulary.Segment raw : added.splitRaw(text)) {
            if (raw.id() >= 0) {
                out.add(raw.id());
                continue;
            }
            String normalized = normalizer == null ? raw.text() : normalizer.normalize(raw.text());
            normalizedSegments.clear();
            added.splitNormalized(normalized, raw.atStart(), normalizedSegments);
            for (AddedVocabulary.Segment segment : normalizedSegments) {
                if (segment.id() >= 0) {
                    out.add(segment.id());
                    continue;
                }
                PreTokenizer.Piece piece = new PreTokenizer.Piece(segment.text(), segment.atStart());
                if (preTokenizer == null) {
                    model.tokenize(piece.text(), out);
                    continue;
                }
                words.clear();
                preTokenizer.split(piece, words);
                for (PreTokenizer.Piece word : words) model.tokenize(word.text(), out);
            }
        }
        int[] ids = out.toArray();
        return postProcessor == null ? ids : postProcessor.process(ids, addSpecialTokens);
    }

    /**
     * The text of {@code ids[from, to)}; with {@code skipSpecialTokens} special tokens are left out.
     *
     * @throws MuException if an id is not in the vocabulary (HF would drop it silently)
     */
    public String decode(int[] ids, int from, int to, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            int id = ids[i];
            String token = token(id);
            if (token == null) {
                throw new MuException(file + ": no token has id " + id + " (vocab size " + tokenById.length + ")");
            }
            if (skipSpecialTokens && skippable[id]) continue;
            tokens.add(token);
        }
        if (decoder == null) return String.join(" ", tokens);
        return String.join("", decoder.decodeChain(tokens));
    }

    /** One more than the largest id in the vocabulary or the added tokens. */
    public int vocabSize() {
        return tokenById.length;
    }

    /** The id of {@code token} (added tokens first, then the model vocabulary), or -1. */
    public int id(String token) {
        Integer id = addedIds.get(token);
        if (id == null) id = model.id(token);
        return id == null ? -1 : id;
    }

    /** The string {@code id} decodes from, or null when no token has that id. */
    public String token(int id) {
        return id >= 0 && id < tokenById.length ? tokenById[id] : null;
    }

    /**
     * The bytes {@code id} adds to decoded text after other tokens (see {@link Decoder#midTextBytes}), or null
     * when no token has that id.
     */
    public byte[] tokenBytes(int id) {
        String token = token(id);
        return token == null ? null : Decoder.midTextBytes(decoder, token);
    }

    /** True when {@code id} is an added token marked special. */
    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    /** The added tokens, in file order (a repeated content counts once, where it first appears). */
    public List<Tokenizer.AddedToken> addedTokens() {
        return addedTokens;
    }
}
