package dev.mu4j.internal.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer.json {@code post_processor}, for one sequence: adds the special tokens a model expects around the
 * encoded text (Llama's BOS) when special tokens are requested. Pair templates are not used: mu4j encodes one
 * sequence at a time. Offsets are not computed, so ByteLevel's offset trimming is a no-op here.
 */
sealed interface PostProcessor {
    String SUPPORTED = "TemplateProcessing, ByteLevel, RobertaProcessing, BertProcessing, Sequence";

    int[] process(int[] ids, boolean addSpecialTokens);

    /** Reads a {@code post_processor} object (not null). */
    static PostProcessor read(JsonNode node) {
        return switch (node.type()) {
            case "Sequence" -> {
                List<PostProcessor> steps = new ArrayList<>();
                for (JsonNode step : node.required("processors").elements()) steps.add(read(step));
                yield new Sequence(List.copyOf(steps));
            }
            case "ByteLevel" -> new Identity();
            case "TemplateProcessing" -> Template.read(node);
            case "RobertaProcessing", "BertProcessing" -> new Template(List.of(
                    specialPart(node.required("cls")), Template.SEQUENCE, specialPart(node.required("sep"))));
            default -> throw node.unsupportedType(SUPPORTED);
        };
    }

    /** A {@code ["<s>", 0]} pair of RobertaProcessing / BertProcessing: the id is what counts. */
    private static int[] specialPart(JsonNode pair) {
        List<JsonNode> elements = pair.elements();
        if (elements.size() != 2) throw pair.error("must be [token, id], got " + pair.value());
        return new int[] {elements.get(1).index()};
    }

    /** Leaves ids alone (ByteLevel only trims offsets). */
    record Identity() implements PostProcessor {
        @Override
        public int[] process(int[] ids, boolean addSpecialTokens) {
            return ids;
        }
    }

    /** Applies each processor to the output of the previous one. */
    record Sequence(List<PostProcessor> steps) implements PostProcessor {
        @Override
        public int[] process(int[] ids, boolean addSpecialTokens) {
            for (PostProcessor step : steps) ids = step.process(ids, addSpecialTokens);
            return ids;
        }
    }

    /**
     * The {@code single} template of TemplateProcessing: special-token ids and the sequence ({@link #SEQUENCE}) in
     * order, e.g. {@code <|begin_of_text|> $A}.
     */
    record Template(List<int[]> parts) implements PostProcessor {
        /** Marks where the encoded sequence goes. */
        static final int[] SEQUENCE = new int[0];

        static Template read(JsonNode node) {
            JsonNode specials = node.required("special_tokens");
            List<int[]> parts = new ArrayList<>();
            for (JsonNode piece : node.required("single").elements()) {
                JsonNode sequence = piece.get("Sequence");
                JsonNode special = piece.get("SpecialToken");
                if (!sequence.isNull()) {
                    String id = sequence.required("id").string();
                    if (!id.equals("A")) {
                        throw sequence.get("id").error("'" + id + "' in the single-sequence template; only A exists");
                    }
                    parts.add(SEQUENCE);
                } else if (!special.isNull()) {
                    String name = special.required("id").string();
                    JsonNode definition = specials.get(name);
                    if (definition.isNull()) {
                        throw special.get("id").error("'" + name + "' is not defined in " + specials.path());
                    }
                    List<JsonNode> idNodes = definition.required("ids").elements();
                    int[] ids = new int[idNodes.size()];
                    for (int i = 0; i < ids.length; i++) ids[i] = idNodes.get(i).index();
                    parts.add(ids);
                } else {
                    throw piece.error("must be {\"Sequence\": ...} or {\"SpecialToken\": ...}, got " + piece.value());
                }
            }
            return new Template(List.copyOf(parts));
        }

        @Override
        public int[] process(int[] ids, boolean addSpecialTokens) {
            int n = 0;
            for (int[] part : parts) n += part == SEQUENCE ? ids.length : addSpecialTokens ? part.length : 0;
            int[] out = new int[n];
            int k = 0;
            for (int[] part : parts) {
                if (part == SEQUENCE) {
                    System.arraycopy(ids, 0, out, k, ids.length);
                    k += ids.length;
                } else if (addSpecialTokens) {
                    System.arraycopy(part, 0, out, k, part.length);
                    k += part.length;
                }
            }
            return out;
        }
    }
}
