package dev.mu4j.internal;

/** Spelling slips, for the agent's cue words and the catalog's keyword search. */
public final class Spelling {
    private Spelling() {}

    /** True when {@code a} becomes {@code b} by one insertion, deletion, substitution or swap of neighbours. */
    public static boolean oneEdit(String a, String b) {
        int la = a.length(), lb = b.length();
        if (Math.abs(la - lb) > 1) return false;
        int i = 0;
        while (i < la && i < lb && a.charAt(i) == b.charAt(i)) i++;
        if (la == lb) {
            if (i == la) return true;
            if (a.substring(i + 1).equals(b.substring(i + 1))) return true;   // substitution
            return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2));          // swap
        }
        return la < lb ? a.substring(i).equals(b.substring(i + 1)) : a.substring(i + 1).equals(b.substring(i));
    }
}
