package dev.mu4j.internal.constrain;

import java.math.BigInteger;

/**
 * Automata for numbers inside a range, written the canonical way: no leading zeros, no {@code +}, no
 * {@code -0}, a fraction only with a digit after the point. Built digit by digit as a DFA over the decimal
 * strings (a digit is bounded by the range's digit at the same place while every digit so far has equalled it),
 * so a range of any size costs a few states per digit.
 */
final class Numbers {
    private static final BigInteger TEN = BigInteger.TEN;

    private Numbers() {}

    /** Whole numbers in [lo, hi] ({@code lo <= hi}); returns the end state. */
    static int integers(Nfa nfa, int from, BigInteger lo, BigInteger hi) {
        return decimals(nfa, from, lo, hi, 0);
    }

    /**
     * Numbers {@code v} with at most {@code digits} digits after the point and {@code v * 10^digits} in
     * [lo, hi] ({@code lo <= hi}): "7", "7.5", "7.25", "-0.5" (trailing fraction zeros are allowed: "7.50").
     */
    static int decimals(Nfa nfa, int from, BigInteger lo, BigInteger hi, int digits) {
        if (lo.compareTo(hi) > 0) throw new IllegalArgumentException("empty range " + lo + ".." + hi);
        int end = nfa.state();
        if (hi.signum() >= 0) magnitude(nfa, from, lo.max(BigInteger.ZERO), hi, digits, end);
        if (lo.signum() < 0) {
            int minus = nfa.literal(from, "-");
            magnitude(nfa, minus, hi.min(BigInteger.ONE.negate()).negate(), lo.negate(), digits, end);
        }
        return end;
    }

    /** Non-negative numbers with scaled value in [a, b]. */
    private static void magnitude(Nfa nfa, int from, BigInteger a, BigInteger b, int digits, int end) {
        BigInteger unit = TEN.pow(digits);
        BigInteger[] ia = a.divideAndRemainder(unit), ib = b.divideAndRemainder(unit);
        BigInteger maxFraction = unit.subtract(BigInteger.ONE);
        if (ia[0].equals(ib[0])) {
            fraction(nfa, whole(nfa, from, ia[0], ia[0]), ia[1], ib[1], digits, end);
            return;
        }
        fraction(nfa, whole(nfa, from, ia[0], ia[0]), ia[1], maxFraction, digits, end);
        BigInteger inLo = ia[0].add(BigInteger.ONE), inHi = ib[0].subtract(BigInteger.ONE);
        if (inLo.compareTo(inHi) <= 0) fraction(nfa, whole(nfa, from, inLo, inHi), BigInteger.ZERO, maxFraction, digits, end);
        fraction(nfa, whole(nfa, from, ib[0], ib[0]), BigInteger.ZERO, ib[1], digits, end);
    }

    /** Canonical whole numbers in [a, b], 0 <= a <= b: one fixed-length digit automaton per length. */
    private static int whole(Nfa nfa, int from, BigInteger a, BigInteger b) {
        int end = nfa.state();
        String as = a.toString(), bs = b.toString();
        for (int len = as.length(); len <= bs.length(); len++) {
            String lo = len == as.length() ? as : TEN.pow(len - 1).toString();
            String hi = len == bs.length() ? bs : TEN.pow(len).subtract(BigInteger.ONE).toString();
            digits(nfa, from, lo, hi, false, end);
        }
        return end;
    }

    /**
     * A point and 1..digits fraction digits whose value, padded with zeros to {@code digits} places, is in
     * [fa, fb]; or nothing at all when fa is 0.
     */
    private static void fraction(Nfa nfa, int from, BigInteger fa, BigInteger fb, int digits, int end) {
        if (fa.signum() == 0) nfa.epsilon(from, end);
        if (digits == 0) return;
        String lo = pad(fa, digits), hi = pad(fb, digits);
        digits(nfa, nfa.literal(from, "."), lo, hi, true, end);
    }

    private static String pad(BigInteger v, int width) {
        String s = v.toString();
        return "0".repeat(width - s.length()) + s;
    }

    /**
     * Digit strings of length lo.length() between lo and hi (equal lengths, lo <= hi); with {@code mayStop} also
     * their non-empty prefixes whose zero-padded value is still at least lo.
     */
    private static void digits(Nfa nfa, int from, String lo, String hi, boolean mayStop, int end) {
        int[][][] memo = new int[lo.length() + 1][2][2];
        nfa.epsilon(from, node(nfa, lo, hi, 0, 1, 1, mayStop, end, memo));
    }

    /** The state after i digits, tight[Lo|Hi] = 1 while every digit so far equalled lo's (hi's). */
    private static int node(Nfa nfa, String lo, String hi, int i, int tightLo, int tightHi, boolean mayStop, int end,
            int[][][] memo) {
        if (i == lo.length()) return end;
        if (memo[i][tightLo][tightHi] != 0) return memo[i][tightLo][tightHi] - 1;
        int s = nfa.state();
        memo[i][tightLo][tightHi] = s + 1;
        if (mayStop && i > 0 && (tightLo == 0 || lo.substring(i).chars().allMatch(c -> c == '0'))) nfa.epsilon(s, end);
        int dLo = tightLo == 1 ? lo.charAt(i) : '0', dHi = tightHi == 1 ? hi.charAt(i) : '9';
        for (int d = dLo; d <= dHi; d++) {
            int tl = tightLo == 1 && d == dLo ? 1 : 0, th = tightHi == 1 && d == dHi ? 1 : 0;
            int next = node(nfa, lo, hi, i + 1, tl, th, mayStop, end, memo);
            nfa.edge(s, d, d, next);
        }
        return s;
    }
}
