package dev.mu4j.internal.agent;

import dev.mu4j.MuException;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates action programs (models/settings/AGENT-FORMAT.md):
 * {@code none | action ( " ; " action ){0,2}}, {@code action := SETTING_ID " " OP ( " " VALUE )?}.
 * Values are typed by the setting: numbers for ranges, value ids (strings) for enums.
 */
public final class ProgramParser {
    public static final int MAX_ACTIONS = 3;
    private static final Pattern ACTION = Pattern.compile(
            "([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+) (set|increase|decrease|on|off|open)(?: ([0-9]+(?:\\.[0-9]+)?|[a-z0-9][a-z0-9_]*))?");

    /** One parsed, validated action. */
    public record ParsedAction(Setting setting, String op, Object value) {}

    private ProgramParser() {}

    /** The actions of a program (empty for {@code none}); a MuException says exactly what is wrong. */
    public static List<ParsedAction> parse(String program, Catalog catalog) {
        String p = program == null ? "" : program.strip();
        if (p.equals("none")) return List.of();
        if (p.isEmpty()) throw new MuException("empty action program");
        String[] parts = p.split(" ; ", -1);
        if (parts.length > MAX_ACTIONS) throw new MuException("more than " + MAX_ACTIONS + " actions: '" + p + "'");
        List<ParsedAction> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : parts) {
            Matcher m = ACTION.matcher(part);
            if (!m.matches()) throw new MuException("not an action ('id op [value]'): '" + part + "'");
            Setting s = catalog.byId(m.group(1))
                    .orElseThrow(() -> new MuException("unknown setting '" + m.group(1) + "'"));
            if (!seen.add(s.id())) throw new MuException("setting '" + s.id() + "' appears twice");
            Object value = typedValue(s, m.group(3));
            Optional<String> why = s.rejection(m.group(2), value);
            if (why.isPresent()) throw new MuException(why.get());
            out.add(new ParsedAction(s, m.group(2), value));
        }
        return out;
    }

    /** A number for range settings, the raw id for enums, null when absent. */
    static Object typedValue(Setting s, String raw) {
        if (raw == null) return null;
        if (s.type() == SettingType.RANGE) {
            try {
                return Double.valueOf(raw);
            } catch (NumberFormatException e) {
                return raw;   // rejected by Setting.rejection with a clear message
            }
        }
        return raw;
    }
}
