package dev.mu4j;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A generation consumed as an iterator of text pieces: {@code next()} computes one token and returns the text it
 * adds (possibly empty). Closing it early cancels the generation. Not thread-safe; uses its session exclusively
 * until it ends.
 */
public final class GenerationStream implements Iterator<String>, AutoCloseable {
    private final Generator generator;
    private boolean ready;

    GenerationStream(Generator generator) {
        this.generator = generator;
    }

    @Override
    public boolean hasNext() {
        if (!ready) ready = generator.step();
        return ready;
    }

    @Override
    public String next() {
        if (!hasNext()) throw new NoSuchElementException("the generation has ended");
        ready = false;
        return generator.lastText();
    }

    /** The token id behind the text last returned by {@link #next()}. */
    public int lastTokenId() {
        return generator.lastToken();
    }

    /** The whole generation; only once {@link #hasNext()} returned false or the stream was closed. */
    public Generation result() {
        return generator.result();
    }

    /** Cancels the generation if it is still running; idempotent. */
    @Override
    public void close() {
        generator.cancel();
    }
}
