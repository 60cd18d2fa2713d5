package dev.mu4j.settings.apply;

import java.util.List;

/**
 * One process the Windows backend starts: {@code argv} exactly as {@link ProcessBuilder} receives it, and
 * {@code text}, the same command as a person reads it (what a dry run prints and reports show).
 *
 * <p>For PowerShell the two differ on purpose: the process gets {@code -EncodedCommand} (the script as base64
 * UTF-16LE, so no Windows command-line quoting sits between the script and PowerShell), the text shows
 * {@code -Command} followed by the script itself. {@code required} is false for follow-up notifications
 * (a settings-changed broadcast) whose failure does not undo the change that was written.
 *
 * @param argv     program and arguments, never empty
 * @param text     the command as printed
 * @param script   the PowerShell script for PowerShell commands, else null
 * @param required true when a non-zero exit fails the step
 */
record Command(List<String> argv, String text, String script, boolean required) {
    Command {
        argv = List.copyOf(argv);
    }

    /** A program started directly (reg.exe, powercfg.exe); text quotes arguments that are empty or hold blanks. */
    static Command exe(String... argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a.isEmpty() || a.indexOf(' ') >= 0 || a.indexOf('\t') >= 0 ? '"' + a + '"' : a);
        }
        return new Command(List.of(argv), sb.toString(), null, true);
    }

    /** The same command, but its failure only warns. */
    Command bestEffort() {
        return new Command(argv, text, script, false);
    }
}
