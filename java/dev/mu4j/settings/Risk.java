package dev.mu4j.settings;

import java.util.Locale;

/**
 * How much harm a silent change of a setting can do; the JSON names are {@code low}, {@code medium}, {@code high}.
 *
 * <p>{@link #HIGH} marks security-relevant settings (firewall, Defender, UAC, SmartScreen, remote desktop,
 * developer mode, ...): an agent must never change them without the user's explicit confirmation.
 */
public enum Risk {
    /** Comfort and appearance settings; safe to apply directly. */
    LOW,
    /** Privacy, connectivity or data-sharing settings; apply, but say clearly what changed. */
    MEDIUM,
    /** Security-relevant settings; apply only after explicit confirmation. */
    HIGH;

    /** The lowercase name used in {@code catalog.json}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the user must confirm before the setting is changed. */
    public boolean needsConfirmation() {
        return this == HIGH;
    }
}
