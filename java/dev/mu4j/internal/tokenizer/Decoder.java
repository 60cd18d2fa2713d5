package dev.mu4j.internal.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer.json {@code decoder}: turns the token strings of a sequence of ids back into text. Like HF's
 * {@code Decoder::decode_chain}, each step maps a list of strings to a list of strings; the text is their
 * concatenation after the last step.
 */
sealed interface Decoder {
    String SUPPORTED = "Sequence, ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip";

    List<String> decodeChain(List<String> tokens);

    /**
     * The bytes one token adds to decoded text when other tokens come before it: the chain applied to that token
     * alone, with byte-level and {@code <0xNN>} tokens giving their raw bytes (possibly part of a UTF-8 character)
     * and the steps that act only at the start or end of the whole text skipped (Metaspace's first-token strip, a
     * Strip after Fuse). With no decoder HF joins tokens with spaces, so a token adds a space and itself.
     */
    static byte[] midTextBytes(Decoder decoder, String token) {
        if (decoder == null) return (" " + token).getBytes(StandardCharsets.UTF_8);
        MidText t = new MidText(token);
        t.apply(decoder);
        return t.bytes != null ? t.bytes : t.text.getBytes(StandardCharsets.UTF_8);
    }

    /** One token going through the chain for {@link #midTextBytes}: text until a step turns it into raw bytes. */
    final class MidText {
        private String text;
        private byte[] bytes;
        private boolean fused;

        private MidText(String token) {
            this.text = token;
        }

        private void apply(Decoder step) {
            if (bytes != null) return;
            if (step instanceof Sequence s) {
                s.steps().forEach(this::apply);
            } else if (step instanceof ByteLevel) {
                bytes = ByteLevel.bytesOf(text);
            } else if (step instanceof Metaspace m) {
                text = m.decodeChain(List.of("", text)).get(1);   // as a token after the first
            } else if (step instanceof Replace r) {
                text = r.replacement().apply(text);
            } else if (step instanceof ByteFallback) {
                int b = ByteFallback.byteToken(text);
                if (b >= 0) bytes = new byte[] {(byte) b};
            } else if (step instanceof Fuse) {
                fused = true;
            } else if (step instanceof Strip s && !fused) {
                text = s.decodeChain(List.of(text)).get(0);    // before Fuse, Strip acts on every token
            }
        }
    }

    /** Reads a {@code decoder} object (not null). */
    static Decoder read(JsonNode node) {
        return switch (node.type()) {
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                for (JsonNode step : node.required("decoders").elements()) steps.add(read(step));
                yield new Sequence(List.copyOf(steps));
            }
            case "ByteLevel" -> new ByteLevel();
            case "Metaspace" -> {
                PreTokenizer.Metaspace m = PreTokenizer.Metaspace.read(node);
                yield new Metaspace(m.replacement(), m.prependScheme() != PreTokenizer.Metaspace.Prepend.NEVER);
            }
            case "Replace" -> new Replace(Normalizer.Replacement.read(node));
            case "ByteFallback" -> new ByteFallback();
            case "Fuse" -> new Fuse();
            case "Strip" -> {
                String content = node.required("content").string();
                if (content.codePointCount(0, content.length()) != 1) {
                    throw node.get("content").error("must be one character, got '" + content + "'");
                }
                yield new Strip(content.codePointAt(0), node.required("start").index(), node.required("stop").index());
            }
            default -> throw node.unsupportedType(SUPPORTED);
        };
    }

    /** Applies each step to the output of the previous one. */
    record Sequence(List<Decoder> steps) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            for (Decoder step : steps) tokens = step.decodeChain(tokens);
            return tokens;
        }
    }

    /**
     * Byte-level: maps every token's characters back to bytes through {@link ByteLevelAlphabet} (a token with a
     * character outside the alphabet, such as an added token with a space, contributes its own UTF-8 bytes), then
     * decodes all bytes at once, so characters split across tokens come out whole.
     */
    record ByteLevel() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            int total = 0;
            for (String t : tokens) total += t.length() * 3;
            byte[] bytes = new byte[total];
            int n = 0;
            for (String t : tokens) n = spell(t, bytes, n);
            return List.of(Utf8.decodeLossy(bytes, n));
        }

        /** The bytes one token spells (see {@link #spell}). */
        static byte[] bytesOf(String t) {
            byte[] out = new byte[t.length() * 3];
            return java.util.Arrays.copyOf(out, spell(t, out, 0));
        }

        /**
         * Writes the bytes {@code t} spells through the alphabet into {@code out} at {@code n}, or its UTF-8 bytes
         * when a character is outside the alphabet; returns the new end. {@code out} has room for 3 bytes a char.
         */
        private static int spell(String t, byte[] out, int n) {
            int start = n;
            for (int i = 0; i < t.length(); i++) {
                int b = ByteLevelAlphabet.byteOf(t.charAt(i));
                if (b < 0) {
                    byte[] raw = t.getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(raw, 0, out, start, raw.length);
                    return start + raw.length;
                }
                out[n++] = (byte) b;
            }
            return n;
        }
    }

    /** Turns {@code ▁} back into spaces; the first token loses its {@code ▁} unless the scheme is never. */
    record Metaspace(int replacement, boolean stripFirst) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                StringBuilder sb = new StringBuilder(t.length());
                for (int k = 0; k < t.length(); ) {
                    int cp = t.codePointAt(k);
                    k += Character.charCount(cp);
                    if (cp != replacement) {
                        sb.appendCodePoint(cp);
                    } else if (i != 0 || !stripFirst) {
                        sb.append(' ');
                    }
                }
                out.add(sb.toString());
            }
            return out;
        }
    }

    /** Replaces a pattern in every token (Llama 2: {@code ▁} to a space). */
    record Replace(Normalizer.Replacement replacement) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) out.add(replacement.apply(t));
            return out;
        }
    }

    /**
     * Joins runs of {@code <0xNN>} tokens into the text their bytes spell; a run that is not valid UTF-8 becomes
     * one U+FFFD per byte (not per ill-formed sequence: HF's rule, kept for identical output).
     */
    record ByteFallback() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            byte[] run = new byte[16];
            int n = 0;
            for (String t : tokens) {
                int b = byteToken(t);
                if (b >= 0) {
                    if (n == run.length) run = java.util.Arrays.copyOf(run, n * 2);
                    run[n++] = (byte) b;
                    continue;
                }
                flush(run, n, out);
                n = 0;
                out.add(t);
            }
            flush(run, n, out);
            return out;
        }

        private static void flush(byte[] run, int n, List<String> out) {
            if (n == 0) return;
            if (Utf8.isValid(run, n)) {
                out.add(Utf8.decodeLossy(run, n));
            } else {
                for (int i = 0; i < n; i++) out.add(String.valueOf(Utf8.REPLACEMENT));
            }
        }

        /** The byte of a {@code <0xNN>} token, or -1. */
        static int byteToken(String t) {
            if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') return -1;
            int hi = hexDigit(t.charAt(3));
            int lo = hexDigit(t.charAt(4));
            return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
        }

        /** ASCII hex digits only: {@link Character#digit} would also accept other scripts' digits. */
        private static int hexDigit(char c) {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }

    /** Joins all tokens into one. */
    record Fuse() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters from each token. */
    record Strip(int content, int start, int stop) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                int[] cps = t.codePoints().toArray();
                int from = 0;
                while (from < Math.min(start, cps.length) && cps[from] == content) from++;
                int to = cps.length;
                for (int i = 0; i < stop && to - 1 >= from && cps[to - 1] == content; i++) to--;
                out.add(new String(cps, from, to - from));
            }
            return out;
        }
    }
}
