package dev.mu4j.settings.apply;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import dev.mu4j.settings.Range;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.math.BigDecimal;
import java.util.List;

/**
 * Setting values in catalog terms and the arithmetic of relative operations.
 *
 * <p>A value is {@code "on"}/{@code "off"} for a toggle, a {@link Double} for a range and a value id for an enum.
 */
final class Values {
    private Values() {}

    /**
     * The value {@code op} leads to from {@code current}: {@code set} as given, {@code on}/{@code off} as named,
     * {@code increase}/{@code decrease} on a range add or subtract {@code amount} (one {@code step} when null) and
     * clamp to the range, on an ordered enum move one position (staying at the ends).
     *
     * @throws ApplyException when a relative op needs the current value and it is unknown
     */
    static Object next(Setting s, String op, Object amount, Object current) throws ApplyException {
        switch (op) {
            case "set":
                return s.type() == SettingType.RANGE ? (Object) ((Number) amount).doubleValue() : amount;
            case "on":
            case "off":
                return op;
            case "increase":
            case "decrease":
                int sign = op.equals("increase") ? 1 : -1;
                if (current == null) {
                    throw new ApplyException("cannot " + op + " " + s.id() + ": its current value cannot be read");
                }
                if (s.type() == SettingType.RANGE) {
                    Range r = s.range();
                    double by = amount == null ? r.step() : ((Number) amount).doubleValue();
                    double v = r.clamp(((Number) current).doubleValue() + sign * by);
                    if (r.integral()) v = Math.rint(v);
                    return v;
                }
                List<String> ids = s.valueIds();
                int at = ids.indexOf(current);
                if (at < 0) throw new ApplyException(s.id() + ": current value '" + current + "' is not one of " + ids);
                return ids.get(Math.max(0, Math.min(ids.size() - 1, at + sign)));
            default:
                throw new IllegalArgumentException("not a change: " + op);
        }
    }

    /** Equal values: numbers by value, everything else by {@code equals}; null (unknown) equals nothing. */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) return false;
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        return a.equals(b);
    }

    /** True when {@code v} is a valid value of {@code s} (used on values read back from the journal). */
    static boolean valid(Setting s, Object v) {
        if (v == null) return false;
        if (s.type() == SettingType.TOGGLE) return v.equals("on") || v.equals("off");
        return s.accepts("set", v);
    }

    /** The number as a command argument: whole numbers without a fraction, others in plain decimal. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** For reports: whole numbers as {@link Long} so JSON shows {@code 50}, not {@code 50.0}. */
    static Object forReport(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return d.longValue();
        // NaN and infinities (only ever in refused steps) have no JSON number: the report shows their text
        if (v instanceof Number n && !Double.isFinite(n.doubleValue())) return n.toString();
        return v;
    }

    /** A value as it reads in messages and reports. */
    static String text(Object v) {
        if (v == null) return "unknown";
        return v instanceof Number n ? number(n.doubleValue()) : v.toString();
    }

    static JsonElement toJson(Object v) {
        if (v == null) return JsonNull.INSTANCE;
        if (v instanceof Number n) return new JsonPrimitive(n.doubleValue() == Math.rint(n.doubleValue())
                ? (Number) (long) n.doubleValue() : (Number) n.doubleValue());
        return new JsonPrimitive(v.toString());
    }

    static Object fromJson(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isNumber() ? (Object) p.getAsDouble() : p.getAsString();
    }
}
