package dev.mu4j.settings.apply;

import java.util.Map;

/**
 * The state of a setting before a change: its value in catalog terms, and where the backend can capture it
 * exactly, the raw state it restores on undo.
 *
 * @param value "on"/"off" for toggles, a {@link Double} for ranges, a value id for enums; null when unknown
 *              (no way to read it, or a raw state that matches no catalog value)
 * @param raw   registry only: {@code "<key>\<value name>" -> "REG_DWORD:1" | "REG_SZ:text" | "absent"} for
 *              every value the route writes, so undo can delete a value that did not exist; null otherwise
 */
record Reading(Object value, Map<String, String> raw) {
    static final Reading UNKNOWN = new Reading(null, null);

    Reading {
        raw = raw == null ? null : Map.copyOf(raw);
    }

    static Reading of(Object value) {
        return new Reading(value, null);
    }

    /** True when undo has something to restore from. */
    boolean restorable() {
        return value != null || raw != null;
    }
}
