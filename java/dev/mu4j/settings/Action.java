package dev.mu4j.settings;

/**
 * One settings operation of a {@link Plan}, as the output contract names it: which setting, what change, what
 * value. Validated against the catalog before it is handed out. Immutable.
 *
 * @param setting    catalog id, e.g. {@code display.brightness}
 * @param title      the setting's title, for display
 * @param uri        the {@code ms-settings:} page of the setting
 * @param op         {@code set|increase|decrease|on|off|open}
 * @param value      a {@link Double} for numeric values, a {@link String} enum value id, or null
 * @param confidence 0..1: how sure the agent is (model probability of the action's tokens, or the keyword score)
 * @param needsConfirmation true for security-relevant settings: never applied without an explicit yes
 */
public record Action(String setting, String title, String uri, String op, Object value, double confidence,
                     boolean needsConfirmation) {

    /** The value as the program writes it: integers without ".0", enum ids as is, "" when there is none. */
    public String valueText() {
        if (value == null) return "";
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return Long.toString(d.longValue());
        return value.toString();
    }

    /** {@code setting op [value]}, the action-program form. */
    @Override
    public String toString() {
        return setting + " " + op + (value == null ? "" : " " + valueText());
    }
}
