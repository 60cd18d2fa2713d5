package dev.mu4j.settings;

/**
 * The numeric domain of a {@link SettingType#RANGE} setting: {@code min <= value <= max} in {@code unit}.
 *
 * <p>{@code step} is the default amount of one "increase"/"decrease"; it need not divide {@code max - min}
 * (an increase is clamped at the ends). When min, max and step are all whole numbers the range is
 * {@linkplain #integral() integral} and accepts whole numbers only.
 *
 * @param min          smallest valid value
 * @param max          largest valid value, {@code > min}
 * @param step         default increase/decrease amount, {@code > 0} and {@code <= max - min}
 * @param unit         what the number counts: {@code "%"}, {@code "px"}, {@code "ms"}, {@code "minutes"},
 *                     {@code "level"}, ...
 * @param defaultValue the Windows default, or null when it varies by device or is unknown
 */
public record Range(double min, double max, double step, String unit, Double defaultValue) {

    /** True when every valid value is a whole number (min, max and step are whole). */
    public boolean integral() {
        return isWhole(min) && isWhole(max) && isWhole(step);
    }

    /** True when {@code value} lies in [min, max] and, for an integral range, is a whole number. */
    public boolean contains(double value) {
        return Double.isFinite(value) && value >= min && value <= max && (!integral() || isWhole(value));
    }

    /** {@code value} limited to [min, max]. */
    public double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }

    static boolean isWhole(double v) {
        return Double.isFinite(v) && v == Math.rint(v);
    }
}
