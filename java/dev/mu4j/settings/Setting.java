package dev.mu4j.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One Windows setting of the {@link Catalog}: what it is called, where its page is, what values it takes,
 * how it is applied and how risky a silent change is. Immutable.
 *
 * <p>Operations follow the agent contract {@code set|increase|decrease|on|off|open}; {@link #accepts} says whether
 * an operation and value fit this setting, {@link #rejection} says why not.
 *
 * @param id          stable lowercase dotted id, {@code group.name} (e.g. {@code display.brightness})
 * @param title       the label Windows shows (with context added where the bare label would be ambiguous)
 * @param category    Settings section id: {@code system}, {@code bluetooth_devices}, {@code network_internet},
 *                    {@code personalization}, {@code apps}, {@code accounts}, {@code time_language}, {@code gaming},
 *                    {@code accessibility}, {@code privacy_security}, {@code windows_update}
 * @param uri         the {@code ms-settings:} URI of the page that shows it
 * @param type        kind of control
 * @param range       numeric domain; non-null exactly when {@code type == RANGE}
 * @param values      allowed values; non-empty exactly when {@code type == ENUM}
 * @param ordered     for enums whose values form a scale (display scale, timeouts): increase/decrease move one value
 * @param synonyms    phrases people use for it ("cursor", "mouse arrow", ...)
 * @param description one sentence for prompts that also tells it apart from look-alikes
 * @param keywords    extra search words
 * @param apply       how it is changed on Windows
 * @param risk        how harmful a silent change can be
 * @param riskNote    why it is risky (required for {@link Risk#HIGH}), or "" when none
 * @param confirmed   true when the apply route and value encoding come from a cited source tagged DOC or MS-CODE;
 *                    false for entries from weaker sources or the catalog author's own knowledge
 * @param confidence  {@code DOC}, {@code MS-CODE}, {@code COMMUNITY} or {@code UNCONFIRMED}
 * @param source      where the facts come from (e.g. {@code apply-methods.md #25 [SPI][TA][GPII]}), or ""
 */
public record Setting(
        String id,
        String title,
        String category,
        String uri,
        SettingType type,
        Range range,
        List<EnumValue> values,
        boolean ordered,
        List<String> synonyms,
        String description,
        List<String> keywords,
        ApplyMethod apply,
        Risk risk,
        String riskNote,
        boolean confirmed,
        String confidence,
        String source) {

    public Setting {
        values = List.copyOf(values);
        synonyms = List.copyOf(synonyms);
        keywords = List.copyOf(keywords);
    }

    /** The group part of the id (before the first dot), e.g. {@code display}. */
    public String group() {
        return id.substring(0, id.indexOf('.'));
    }

    /** The operations this setting accepts, in the order of {@link SettingType#ALL_OPS}. */
    public List<String> ops() {
        if (type != SettingType.ENUM || !ordered) return type.ops();
        return List.of("set", "increase", "decrease", "open");
    }

    /** The enum value ids in catalog order (empty unless ENUM). */
    public List<String> valueIds() {
        List<String> ids = new ArrayList<>(values.size());
        for (EnumValue v : values) ids.add(v.id());
        return Collections.unmodifiableList(ids);
    }

    /**
     * Finds an enum value by id, label or value synonym, ignoring case and surrounding blanks; empty when none
     * matches (or the setting is not an enum). Use it to map what the user said onto a value id.
     */
    public Optional<EnumValue> enumValue(String idOrLabel) {
        if (idOrLabel == null) return Optional.empty();
        String want = idOrLabel.strip().toLowerCase(Locale.ROOT);
        for (EnumValue v : values) if (v.id().equals(want)) return Optional.of(v);
        for (EnumValue v : values) {
            if (v.label().toLowerCase(Locale.ROOT).equals(want)) return Optional.of(v);
            for (String s : v.synonyms()) if (s.toLowerCase(Locale.ROOT).equals(want)) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** True when {@code op} with {@code value} is a valid operation on this setting (see {@link #rejection}). */
    public boolean accepts(String op, Object value) {
        return rejection(op, value).isEmpty();
    }

    /**
     * Why {@code op} with {@code value} is not valid here, or empty when it is. Rules: the op must be one of
     * {@link #ops()}; {@code set} needs a value (a number inside the range, whole for integral ranges, or an enum
     * value id); {@code increase}/{@code decrease} take no value or, on a range, a positive amount no larger than
     * {@code max - min}; {@code on}, {@code off} and {@code open} take no value.
     */
    public Optional<String> rejection(String op, Object value) {
        if (op == null || !SettingType.ALL_OPS.contains(op)) {
            return Optional.of("unknown op '" + op + "'; expected one of " + SettingType.ALL_OPS);
        }
        if (!ops().contains(op)) {
            return Optional.of(id + " (" + type.jsonName() + ") does not take '" + op + "'; it takes " + ops());
        }
        switch (op) {
            case "set":
                if (value == null) return Optional.of("'set' on " + id + " needs a value");
                if (type == SettingType.RANGE) {
                    if (!(value instanceof Number n)) {
                        return Optional.of(id + " needs a number, got " + describe(value));
                    }
                    if (!range.contains(n.doubleValue())) {
                        return Optional.of(id + ": " + n + " is outside " + fmt(range.min()) + ".." + fmt(range.max())
                                + " " + range.unit() + (range.integral() ? " (whole numbers)" : ""));
                    }
                    return Optional.empty();
                }
                if (!(value instanceof String s) || !valueIds().contains(s)) {
                    return Optional.of(id + ": " + describe(value) + " is not one of " + valueIds());
                }
                return Optional.empty();
            case "increase":
            case "decrease":
                if (value == null) return Optional.empty();
                if (type != SettingType.RANGE) return Optional.of("'" + op + "' on " + id + " takes no value");
                if (!(value instanceof Number n)) {
                    return Optional.of(id + ": the amount must be a number, got " + describe(value));
                }
                double a = n.doubleValue();
                if (!(a > 0 && a <= range.max() - range.min()) || (range.integral() && !Range.isWhole(a))) {
                    return Optional.of(id + ": amount " + n + " must be positive"
                            + (range.integral() ? ", whole" : "") + " and at most " + fmt(range.max() - range.min()));
                }
                return Optional.empty();
            default:
                return value == null ? Optional.empty() : Optional.of("'" + op + "' on " + id + " takes no value");
        }
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : v + " (" + v.getClass().getSimpleName() + ")";
    }

    static String fmt(double d) {
        return Range.isWhole(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
