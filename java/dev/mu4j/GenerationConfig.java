package dev.mu4j;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to generate: length, sampling, penalties, stops and extra logits processors. Immutable; build with
 * {@link #builder()}. The defaults (this class is the one place that holds them) are greedy decoding of up to
 * 256 tokens with the model's end-of-sequence ids as stop tokens.
 *
 * <p>Sampling order per step: logit bias, repetition / frequency / presence penalties, the caller's
 * {@link LogitsProcessor}s (constraints), then greedy argmax when {@code temperature == 0}, else temperature,
 * top-k, top-p, min-p and a draw from a {@code seed}ed generator: the same seed gives the same output.
 *
 * @param maxNewTokens       tokens to generate at most
 * @param temperature        0 = greedy; otherwise logits are divided by it
 * @param topK               keep the k most likely tokens (0 = off)
 * @param topP               keep the smallest set whose probability reaches p (1 = off)
 * @param minP               drop tokens less likely than minP times the most likely one (0 = off)
 * @param repetitionPenalty  HF-style: a seen token's logit is divided (if positive) or multiplied by it (1 = off)
 * @param frequencyPenalty   subtracted once per previous occurrence of a token (0 = off)
 * @param presencePenalty    subtracted once if the token occurred at all (0 = off)
 * @param penaltyWindow      how many of the most recent tokens (prompt included) the penalties look at
 * @param logitBias          added to the logits of the given token ids
 * @param seed               random seed of the sampler
 * @param stopTokens         generation ends after one of these ids (which is kept in the token ids, not in the text);
 *                           null means the model's eos ids
 * @param stopStrings        generation ends when the text contains one of these (the text is cut before it)
 * @param processors         extra logits processors, applied in order after the penalties
 */
public record GenerationConfig(
        int maxNewTokens,
        float temperature,
        int topK,
        float topP,
        float minP,
        float repetitionPenalty,
        float frequencyPenalty,
        float presencePenalty,
        int penaltyWindow,
        Map<Integer, Float> logitBias,
        long seed,
        Set<Integer> stopTokens,
        List<String> stopStrings,
        List<LogitsProcessor> processors) {

    public GenerationConfig {
        if (maxNewTokens < 0) throw new MuException("maxNewTokens must be >= 0, got " + maxNewTokens);
        if (!(temperature >= 0) || Float.isInfinite(temperature)) throw new MuException("temperature must be >= 0, got " + temperature);
        if (topK < 0) throw new MuException("topK must be >= 0, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new MuException("topP must be in (0, 1], got " + topP);
        if (!(minP >= 0 && minP < 1)) throw new MuException("minP must be in [0, 1), got " + minP);
        if (!(repetitionPenalty > 0)) throw new MuException("repetitionPenalty must be > 0, got " + repetitionPenalty);
        if (!Float.isFinite(frequencyPenalty) || !Float.isFinite(presencePenalty)) {
            throw new MuException("frequency/presence penalties must be finite");
        }
        if (penaltyWindow < 0) throw new MuException("penaltyWindow must be >= 0, got " + penaltyWindow);
        logitBias = Map.copyOf(logitBias);
        stopTokens = stopTokens == null ? null : Set.copyOf(stopTokens);
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) if (s.isEmpty()) throw new MuException("stop strings must not be empty");
        processors = List.copyOf(processors);
    }

    /** Greedy decoding, 256 tokens, the model's eos ids as stops. */
    public static GenerationConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxNewTokens = maxNewTokens; b.temperature = temperature; b.topK = topK; b.topP = topP; b.minP = minP;
        b.repetitionPenalty = repetitionPenalty; b.frequencyPenalty = frequencyPenalty;
        b.presencePenalty = presencePenalty; b.penaltyWindow = penaltyWindow; b.logitBias = logitBias; b.seed = seed;
        b.stopTokens = stopTokens; b.stopStrings = stopStrings; b.processors = processors;
        return b;
    }

    /** True when no randomness is involved. */
    public boolean greedy() {
        return temperature == 0;
    }

    /** Builder of {@link GenerationConfig}; every setter validates when {@link #build} is called. */
    public static final class Builder {
        private int maxNewTokens = 256;
        private float temperature = 0;
        private int topK = 0;
        private float topP = 1;
        private float minP = 0;
        private float repetitionPenalty = 1;
        private float frequencyPenalty = 0;
        private float presencePenalty = 0;
        private int penaltyWindow = 64;
        private Map<Integer, Float> logitBias = Map.of();
        private long seed = 0;
        private Set<Integer> stopTokens = null;
        private List<String> stopStrings = List.of();
        private List<LogitsProcessor> processors = List.of();

        private Builder() {}

        public Builder maxNewTokens(int v) { maxNewTokens = v; return this; }
        public Builder temperature(float v) { temperature = v; return this; }
        public Builder topK(int v) { topK = v; return this; }
        public Builder topP(float v) { topP = v; return this; }
        public Builder minP(float v) { minP = v; return this; }
        public Builder repetitionPenalty(float v) { repetitionPenalty = v; return this; }
        public Builder frequencyPenalty(float v) { frequencyPenalty = v; return this; }
        public Builder presencePenalty(float v) { presencePenalty = v; return this; }
        public Builder penaltyWindow(int v) { penaltyWindow = v; return this; }
        public Builder logitBias(Map<Integer, Float> v) { logitBias = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder stopTokens(Set<Integer> v) { stopTokens = v; return this; }
        public Builder stopStrings(List<String> v) { stopStrings = v; return this; }
        public Builder processors(List<LogitsProcessor> v) { processors = v; return this; }

        public GenerationConfig build() {
            return new GenerationConfig(maxNewTokens, temperature, topK, topP, minP, repetitionPenalty,
                    frequencyPenalty, presencePenalty, penaltyWindow, logitBias, seed, stopTokens, stopStrings,
                    processors);
        }
    }
}
