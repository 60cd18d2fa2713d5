package dev.mu4j.settings;

import java.util.List;
import java.util.Locale;

/**
 * The kind of control a setting is, which fixes the operations an agent may emit for it.
 *
 * <p>The operation vocabulary is the agent's output contract: {@code set|increase|decrease|on|off|open}.
 * {@code set} always carries a value; the other operations need none ({@code increase}/{@code decrease} on a
 * range may carry a positive amount). An {@link #ACTION} is run with {@code on}.
 */
public enum SettingType {
    /** A switch: {@code on}, {@code off}, {@code open}. */
    TOGGLE(List.of("on", "off", "open")),
    /** A number between min and max: {@code set}, {@code increase}, {@code decrease}, {@code open}. */
    RANGE(List.of("set", "increase", "decrease", "open")),
    /** One of a list of values: {@code set}, {@code open}; ordered enums also take {@code increase}/{@code decrease}. */
    ENUM(List.of("set", "open")),
    /** A one-shot command such as "check for updates": {@code on} runs it, {@code open} only shows its page. */
    ACTION(List.of("on", "open")),
    /** A page with nothing to adjust: {@code open}. */
    PAGE(List.of("open"));

    /** Every operation of the agent contract, in a fixed order. */
    public static final List<String> ALL_OPS = List.of("set", "increase", "decrease", "on", "off", "open");

    private final List<String> ops;

    SettingType(List<String> ops) {
        this.ops = ops;
    }

    /** The operations every setting of this type accepts (an ordered enum adds increase/decrease). */
    public List<String> ops() {
        return ops;
    }

    /** True for the types an agent can change: toggle, range and enum. */
    public boolean adjustable() {
        return this == TOGGLE || this == RANGE || this == ENUM;
    }

    /** The lowercase name used in {@code catalog.json}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
