package dev.mu4j.settings.apply;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Building Windows PowerShell 5.1 commands: string quoting and the encoded command line.
 *
 * <p>Every literal that reaches a script goes through {@link #quote}; numbers are formatted by the caller from
 * validated catalog values. Nothing the user typed is ever placed in a script.
 */
final class PowerShell {
    /** Program name; Windows PowerShell 5.1 ships with every Windows 10/11 and can load WinRT types. */
    static final String EXE = "powershell.exe";
    /** Every script starts with this, so a failing cmdlet fails the process (exit code 1). */
    static final String PRELUDE = "$ErrorActionPreference = 'Stop'; ";

    private PowerShell() {}

    /**
     * A single-quoted PowerShell literal: inside single quotes nothing is expanded, and a quote is escaped by
     * doubling it. PowerShell also treats the typographic quotes U+2018..U+201B as single quotes, so those are
     * doubled too (as System.Management.Automation.Language.CodeGeneration does).
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c);
            if (c == '\'' || (c >= '\u2018' && c <= '\u201B')) sb.append(c);
        }
        return sb.append('\'').toString();
    }

    /** A PowerShell process running {@code PRELUDE + body}. */
    static Command command(String body) {
        String script = PRELUDE + body;
        List<String> argv = List.of(EXE, "-NoProfile", "-NonInteractive", "-EncodedCommand", encode(script));
        return new Command(argv, "powershell.exe -NoProfile -NonInteractive -Command " + script, script, true);
    }

    /** What {@code -EncodedCommand} expects: base64 of the UTF-16LE bytes. */
    static String encode(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    /** Inverse of {@link #encode}, for tests. */
    static String decode(String encoded) {
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_16LE);
    }
}
