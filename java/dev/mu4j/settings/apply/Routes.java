package dev.mu4j.settings.apply;

import dev.mu4j.settings.ApplyMethod.Method;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure command construction: how each catalog apply method is read and changed on Windows, as the exact commands a
 * plain JVM can start without JNI (reg.exe, powercfg.exe, and Windows PowerShell 5.1 with {@code Add-Type} P/Invoke
 * or COM interop for SystemParametersInfo, Core Audio, WinRT radios, display modes and the taskbar).
 *
 * <p>Both backends build their commands here, so a dry run prints exactly what a Windows run starts. Nothing here
 * runs a process. The catalog's details are partly prose; a route is built only where every detail it needs is
 * plain data ({@code data.on = "1"}, not {@code "0 (3 when size > 1)"}), otherwise {@link #of} throws with the
 * reason and the caller opens the setting's page instead. Every literal placed in a script is checked against a
 * narrow pattern and single-quoted; values are validated catalog numbers or value ids, never user text.
 * Sources for the Win32 constants: apply-methods.md and the SystemParametersInfo documentation.
 */
final class Routes {
    private Routes() {}

    /** How one setting is read and changed. */
    interface Route {
        /** Commands whose output is the current state; empty when there is no way to read it. */
        List<Command> read();

        /** The state the results of {@link #read()} (same order) describe. */
        Reading parse(List<ProcessRunner.Result> results);

        /** Commands that make the setting hold {@code value} (a valid catalog value). */
        List<Command> write(Object value);

        /** Commands that bring back an earlier state: by default, write its value again. */
        default List<Command> restore(Reading previous) throws ApplyException {
            if (previous.value() == null) throw new ApplyException("the previous value is unknown");
            return write(previous.value());
        }
    }

    /** SPIF_UPDATEINIFILE | SPIF_SENDCHANGE: persist the change and tell running programs. */
    static final int SPIF_PERSIST = 0x3;

    /** SystemParametersInfo actions used by the catalog (winuser.h values). */
    static final Map<String, Integer> SPI = Map.ofEntries(
            Map.entry("SPI_GETMOUSE", 0x0003), Map.entry("SPI_SETMOUSE", 0x0004),
            Map.entry("SPI_GETKEYBOARDSPEED", 0x000A), Map.entry("SPI_SETKEYBOARDSPEED", 0x000B),
            Map.entry("SPI_GETSCREENSAVETIMEOUT", 0x000E), Map.entry("SPI_SETSCREENSAVETIMEOUT", 0x000F),
            Map.entry("SPI_GETSCREENSAVEACTIVE", 0x0010), Map.entry("SPI_SETSCREENSAVEACTIVE", 0x0011),
            Map.entry("SPI_GETKEYBOARDDELAY", 0x0016), Map.entry("SPI_SETKEYBOARDDELAY", 0x0017),
            Map.entry("SPI_SETDOUBLECLICKTIME", 0x0020), Map.entry("SPI_SETMOUSEBUTTONSWAP", 0x0021),
            Map.entry("SPI_GETFILTERKEYS", 0x0032), Map.entry("SPI_SETFILTERKEYS", 0x0033),
            Map.entry("SPI_GETTOGGLEKEYS", 0x0034), Map.entry("SPI_SETTOGGLEKEYS", 0x0035),
            Map.entry("SPI_GETMOUSEKEYS", 0x0036), Map.entry("SPI_SETMOUSEKEYS", 0x0037),
            Map.entry("SPI_GETSTICKYKEYS", 0x003A), Map.entry("SPI_SETSTICKYKEYS", 0x003B),
            Map.entry("SPI_GETSOUNDSENTRY", 0x0040), Map.entry("SPI_SETSOUNDSENTRY", 0x0041),
            Map.entry("SPI_GETHIGHCONTRAST", 0x0042), Map.entry("SPI_SETHIGHCONTRAST", 0x0043),
            Map.entry("SPI_SETCURSORS", 0x0057),
            Map.entry("SPI_SETMOUSETRAILS", 0x005D), Map.entry("SPI_GETMOUSETRAILS", 0x005E),
            Map.entry("SPI_GETSNAPTODEFBUTTON", 0x005F), Map.entry("SPI_SETSNAPTODEFBUTTON", 0x0060),
            Map.entry("SPI_GETWHEELSCROLLLINES", 0x0068), Map.entry("SPI_SETWHEELSCROLLLINES", 0x0069),
            Map.entry("SPI_GETMOUSESPEED", 0x0070), Map.entry("SPI_SETMOUSESPEED", 0x0071),
            Map.entry("SPI_GETKEYBOARDCUES", 0x100A), Map.entry("SPI_SETKEYBOARDCUES", 0x100B),
            Map.entry("SPI_GETMOUSESONAR", 0x101C), Map.entry("SPI_SETMOUSESONAR", 0x101D),
            Map.entry("SPI_GETMOUSECLICKLOCK", 0x101E), Map.entry("SPI_SETMOUSECLICKLOCK", 0x101F),
            Map.entry("SPI_GETMOUSEVANISH", 0x1020), Map.entry("SPI_SETMOUSEVANISH", 0x1021),
            Map.entry("SPI_GETCLIENTAREAANIMATION", 0x1042), Map.entry("SPI_SETCLIENTAREAANIMATION", 0x1043),
            Map.entry("SPI_GETCARETWIDTH", 0x2006), Map.entry("SPI_SETCARETWIDTH", 0x2007),
            Map.entry("SPI_GETMESSAGEDURATION", 0x2016), Map.entry("SPI_SETMESSAGEDURATION", 0x2017));

    /**
     * SPI structures made only of 32-bit fields, so a PowerShell {@code int[]} can stand in for them.
     * {@code cbSize}: the first element holds the size in bytes and uiParam passes it too.
     */
    record SpiStruct(String name, int ints, boolean cbSize, String onFlag, Map<String, Integer> flags,
                     Map<String, Integer> fields) {}

    static final Map<String, SpiStruct> SPI_STRUCTS = Map.of(
            "SPI_SETSTICKYKEYS", new SpiStruct("STICKYKEYS", 2, true, "SKF_STICKYKEYSON",
                    Map.of("SKF_STICKYKEYSON", 0x1, "SKF_HOTKEYACTIVE", 0x4), Map.of()),
            "SPI_SETFILTERKEYS", new SpiStruct("FILTERKEYS", 6, true, "FKF_FILTERKEYSON",
                    Map.of("FKF_FILTERKEYSON", 0x1, "FKF_HOTKEYACTIVE", 0x4), Map.of()),
            "SPI_SETTOGGLEKEYS", new SpiStruct("TOGGLEKEYS", 2, true, "TKF_TOGGLEKEYSON",
                    Map.of("TKF_TOGGLEKEYSON", 0x1, "TKF_HOTKEYACTIVE", 0x4), Map.of()),
            "SPI_SETMOUSEKEYS", new SpiStruct("MOUSEKEYS", 7, true, "MKF_MOUSEKEYSON",
                    Map.of("MKF_MOUSEKEYSON", 0x1, "MKF_HOTKEYACTIVE", 0x4),
                    Map.of("iMaxSpeed", 2, "iTimeToMaxSpeed", 3, "iCtrlSpeed", 4)),
            // int[3] {threshold1, threshold2, acceleration}; the catalog names the element
            "SPI_SETMOUSE", new SpiStruct("int[3]", 3, false, null, Map.of(), Map.of()));

    /** Structures with string pointers (HIGHCONTRAST, SOUNDSENTRY): not expressible as an int[]. */
    static final List<String> SPI_POINTER_STRUCTS = List.of("SPI_SETHIGHCONTRAST", "SPI_SETSOUNDSENTRY");

    private static final Pattern REG_KEY = Pattern.compile("(HKCU|HKLM)\\\\[^\"\\p{Cntrl}]*[^\"\\\\\\p{Cntrl}]");
    private static final Pattern REG_NAME = Pattern.compile("[^\"\\\\\\p{Cntrl}]+");
    private static final Pattern DWORD = Pattern.compile("0|[1-9][0-9]{0,9}");
    /** REG_SZ data the catalog may give: words, times, numbers; no quotes, brackets or prose like "0 (and ...)". */
    private static final Pattern REG_SZ_DATA = Pattern.compile("[A-Za-z0-9 ._:,;/+-]*");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern WMI_NAMESPACE = Pattern.compile("[A-Za-z0-9_]+(\\\\[A-Za-z0-9_]+)*");
    /** What a {@code {data}} may hold when it is pasted into a PowerShell template. */
    private static final Pattern TEMPLATE_DATA = Pattern.compile("[A-Za-z0-9 ._:+-]*");
    private static final Pattern TEMPLATE_HOLE = Pattern.compile("<[A-Za-z][A-Za-z _-]*>");
    private static final Pattern URI = Pattern.compile("ms-settings:[A-Za-z0-9._~:/?#@!$&()*+,;=%-]*");
    private static final Pattern RESOLUTION = Pattern.compile("([1-9][0-9]{2,4})x([1-9][0-9]{2,4})");

    // ---------------------------------------------------------------------------------------------- entry points

    /**
     * The route that reads and changes {@code s} (a toggle, range or enum).
     *
     * @throws ApplyException when the catalog gives no route a program can run; the message says why
     */
    static Route of(Setting s) throws ApplyException {
        if (!s.type().adjustable()) throw unsupported(s, "a " + s.type().jsonName() + " has no value to change");
        return switch (s.apply().method()) {
            case REGISTRY -> registry(s);
            case SPI -> spi(s);
            case WMI -> wmi(s);
            case COM -> com(s);
            case WIN32 -> win32(s);
            case POWERSHELL -> powershell(s);
            case URI -> throw unsupported(s, "apply method 'uri' only opens a page");
            case UI_ONLY -> throw unsupported(s, "no supported programmatic route (ui_only)"
                    + s.apply().detail("note").map(n -> ": " + n).orElse(""));
        };
    }

    /** Why {@code s} cannot be changed programmatically, or empty when {@link #of} gives a route. */
    static Optional<String> unsupported(Setting s) {
        try {
            of(s);
            return Optional.empty();
        } catch (ApplyException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Opens the page that shows {@code s}: its {@code uri} (for the {@code uri} method, detail {@code target}). */
    static Command open(Setting s) throws ApplyException {
        String uri = s.apply().method() == Method.URI ? s.apply().detail("target").orElse(s.uri()) : s.uri();
        if (!URI.matcher(uri).matches()) throw unsupported(s, "'" + uri + "' is not a plain ms-settings: URI");
        return PowerShell.command("Start-Process " + PowerShell.quote(uri));
    }

    /**
     * Runs an {@code action} setting ("check for updates"): its PowerShell command, or for the {@code uri} method
     * launching the URI (which is the action).
     *
     * @throws ApplyException for {@code ui_only} actions (the user presses the button) and unusable templates
     */
    static List<Command> action(Setting s) throws ApplyException {
        if (s.type() != SettingType.ACTION) throw unsupported(s, "not an action");
        return switch (s.apply().method()) {
            case URI -> List.of(open(s));
            case POWERSHELL -> {
                String t = template(s, "command");
                if (t.contains("{value}") || t.contains("{data}")) throw unsupported(s, "an action takes no value");
                yield List.of(PowerShell.command(t + EXIT_CODE));
            }
            case UI_ONLY -> throw unsupported(s, "no supported programmatic route (ui_only)"
                    + s.apply().detail("note").map(n -> ": " + n).orElse(""));
            default -> throw unsupported(s, "actions are run only through 'powershell' or 'uri'");
        };
    }

    static ApplyException unsupported(Setting s, String why) {
        return new ApplyException(s.id() + ": " + why);
    }

    private static String need(Setting s, String key) throws ApplyException {
        return s.apply().detail(key).orElseThrow(() -> unsupported(s, "apply detail '" + key + "' is missing"));
    }

    /** The catalog data that encodes each value of a toggle or enum: {@code data.<on|off|valueId>}. */
    private static Map<String, String> data(Setting s, boolean required) throws ApplyException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> ids = s.type() == SettingType.TOGGLE ? List.of("on", "off") : s.valueIds();
        for (String id : ids) {
            Optional<String> d = s.apply().detail("data." + id);
            if (d.isPresent()) m.put(id, d.get());
            else if (required) throw unsupported(s, "apply detail 'data." + id + "' is missing");
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------------- registry

    /** One registry value a route writes, with the data for each catalog value (empty for ranges). */
    record RegTarget(String key, String name, String type, Map<String, String> data) {
        String path() {
            return key + "\\" + name;
        }
    }

    private static Route registry(Setting s) throws ApplyException {
        String key = need(s, "key");
        String name = need(s, "value");
        String type = need(s, "valueType");
        if (!REG_KEY.matcher(key).matches()) throw unsupported(s, "registry key '" + key + "' is not a plain HKCU/HKLM path");
        if (!REG_NAME.matcher(name).matches()) throw unsupported(s, "registry value name '" + name + "' is not plain");
        if (!type.equals("REG_DWORD") && !type.equals("REG_SZ")) throw unsupported(s, "value type " + type + " is not written");
        for (String k : List.of("also", "launch")) {
            if (s.apply().detail(k).isPresent()) {
                throw unsupported(s, "detail '" + k + "' (" + s.apply().details().get(k) + ") is not automated");
            }
        }
        Map<String, String> data;
        if (s.type() == SettingType.RANGE) {
            if (!type.equals("REG_DWORD") || !s.range().integral() || s.range().min() < 0) {
                throw unsupported(s, "a range is written only as a whole, non-negative REG_DWORD");
            }
            data = Map.of();
        } else {
            data = data(s, true);
            for (Map.Entry<String, String> e : data.entrySet()) checkRegData(s, "data." + e.getKey(), type, e.getValue());
        }
        List<RegTarget> targets = new ArrayList<>();
        targets.add(new RegTarget(key, name, type, data));
        Optional<String> also = s.apply().detail("alsoValue");
        if (also.isPresent()) targets.addAll(alsoValues(s, key, type, data, also.get()));
        Command notify = s.apply().detail("notify").isPresent() ? notify(s, s.apply().details().get("notify")) : null;
        return new RegistryRoute(s, List.copyOf(targets), notify);
    }

    private static void checkRegData(Setting s, String what, String type, String d) throws ApplyException {
        boolean ok = type.equals("REG_DWORD")
                ? DWORD.matcher(d).matches() && Long.parseLong(d) <= 0xFFFF_FFFFL
                : REG_SZ_DATA.matcher(d).matches();
        if (!ok) throw unsupported(s, what + " '" + d + "' is not plain " + type + " data");
    }

    private static final Pattern ALSO_SAME = Pattern.compile("([A-Za-z0-9_-]+)(?: \\(same data\\))?");
    private static final Pattern ALSO_TOGGLE = Pattern.compile("([A-Za-z0-9_-]+) = (.+?) / (.+)");

    /**
     * Further values under the same key: {@code "Name (same data)"}, {@code "Name1, Name2"} (same data), or for a
     * toggle {@code "Name = onData / offData"}.
     */
    private static List<RegTarget> alsoValues(Setting s, String key, String type, Map<String, String> data,
                                              String text) throws ApplyException {
        List<RegTarget> out = new ArrayList<>();
        for (String item : text.split(",\\s*")) {
            Matcher same = ALSO_SAME.matcher(item.strip());
            Matcher toggle = ALSO_TOGGLE.matcher(item.strip());
            if (same.matches()) {
                out.add(new RegTarget(key, same.group(1), type, data));
            } else if (toggle.matches() && s.type() == SettingType.TOGGLE) {
                checkRegData(s, "alsoValue", type, toggle.group(2));
                checkRegData(s, "alsoValue", type, toggle.group(3));
                out.add(new RegTarget(key, toggle.group(1), type, Map.of("on", toggle.group(2), "off", toggle.group(3))));
            } else {
                throw unsupported(s, "alsoValue '" + item + "' is not automated");
            }
        }
        return out;
    }

    /** The broadcast or reload the catalog's {@code notify} asks for, run after a registry write. */
    private static Command notify(Setting s, String text) throws ApplyException {
        if (text.startsWith("WM_SETTINGCHANGE")) {
            Matcher m = Pattern.compile("\"([A-Za-z]+)\"").matcher(text);
            return broadcast(m.find() ? m.group(1) : null);
        }
        if (text.startsWith("SPI_SETCURSORS")) {
            return PowerShell.command(spiType(SPI_SET_VALUE) + "; " + spiCall("SetValue", SPI.get("SPI_SETCURSORS"),
                    "0", "[IntPtr]::Zero", SPIF_PERSIST, "SPI_SETCURSORS")).bestEffort();
        }
        throw unsupported(s, "notify '" + text + "' is not automated");
    }

    /** WM_SETTINGCHANGE to all top-level windows (HWND_BROADCAST), 5 s per window, skipping hung ones. */
    static Command broadcast(String area) {
        return PowerShell.command("Add-Type -Namespace Mu4j -Name Msg -MemberDefinition "
                + PowerShell.quote("[DllImport(\"user32.dll\", CharSet = CharSet.Unicode)] public static extern IntPtr "
                + "SendMessageTimeout(IntPtr hWnd, uint msg, UIntPtr wParam, string lParam, uint flags, uint timeout, "
                + "out UIntPtr result);")
                + "; $r = [UIntPtr]::Zero; $null = [Mu4j.Msg]::SendMessageTimeout([IntPtr]0xffff, 0x001A, "
                + "[UIntPtr]::Zero, " + (area == null ? "$null" : PowerShell.quote(area)) + ", 0x0002, 5000, [ref]$r)")
                .bestEffort();
    }

    private static final Pattern REG_LINE = Pattern.compile("^\\s+(.+?)\\s{4}(REG_[A-Z_]+)(?:\\s{4}(.*))?$");

    static final class RegistryRoute implements Route {
        final Setting s;
        final List<RegTarget> targets;
        final Command notify;

        RegistryRoute(Setting s, List<RegTarget> targets, Command notify) {
            this.s = s;
            this.targets = targets;
            this.notify = notify;
        }

        @Override
        public List<Command> read() {
            List<Command> out = new ArrayList<>();
            for (RegTarget t : targets) out.add(Command.exe("reg.exe", "query", t.key(), "/v", t.name()));
            return out;
        }

        /** {@code reg query} prints {@code    Name    REG_DWORD    0x1}; exit code 1 means the value is absent. */
        @Override
        public Reading parse(List<ProcessRunner.Result> results) {
            Map<String, String> raw = new LinkedHashMap<>();
            Object value = null;
            boolean agree = true;
            for (int i = 0; i < targets.size(); i++) {
                RegTarget t = targets.get(i);
                String r = rawValue(t, results.get(i));
                if (r == null) return Reading.UNKNOWN;
                raw.put(t.path(), r);
                Object v = domain(t, r);
                if (i == 0) value = v;
                else agree &= Values.same(value, v);
            }
            return new Reading(agree ? value : null, raw);
        }

        private static String rawValue(RegTarget t, ProcessRunner.Result r) {
            if (r.exitCode() != 0) return "absent";
            for (String line : r.stdout().split("\\R")) {
                Matcher m = REG_LINE.matcher(line);
                if (!m.matches() || !m.group(1).equalsIgnoreCase(t.name())) continue;
                String type = m.group(2);
                String data = m.group(3) == null ? "" : m.group(3);
                if (type.equals("REG_DWORD") || type.equals("REG_QWORD")) {
                    try {
                        return type + ":" + Long.parseUnsignedLong(data.strip().replaceFirst("^0x", ""), 16);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                if (type.equals("REG_SZ") || type.equals("REG_EXPAND_SZ")) return type + ":" + data;
                return null; // binary and multi-string values are not captured
            }
            return null;
        }

        private Object domain(RegTarget t, String raw) {
            if (raw.equals("absent")) return null;
            String data = raw.substring(raw.indexOf(':') + 1);
            if (s.type() == SettingType.RANGE) {
                try {
                    return (double) Long.parseLong(data);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            for (Map.Entry<String, String> e : t.data().entrySet()) if (e.getValue().equals(data)) return e.getKey();
            return null;
        }

        @Override
        public List<Command> write(Object value) {
            List<Command> out = new ArrayList<>();
            for (RegTarget t : targets) {
                String d = s.type() == SettingType.RANGE ? Values.number(((Number) value).doubleValue())
                        : t.data().get((String) value);
                out.add(Command.exe("reg.exe", "add", t.key(), "/v", t.name(), "/t", t.type(), "/d", d, "/f"));
            }
            if (notify != null) out.add(notify);
            return out;
        }

        /** Writes back exactly what was there, deleting values that did not exist; falls back to the value. */
        @Override
        public List<Command> restore(Reading previous) throws ApplyException {
            Map<String, String> raw = previous.raw();
            if (raw == null || !targets.stream().allMatch(t -> raw.containsKey(t.path()))) {
                return Route.super.restore(previous);
            }
            List<Command> out = new ArrayList<>();
            for (RegTarget t : targets) {
                String r = raw.get(t.path());
                if (r.equals("absent")) {
                    out.add(deleteIfPresent(t));
                    continue;
                }
                int colon = r.indexOf(':');
                String type = colon < 0 ? "" : r.substring(0, colon);
                String data = r.substring(colon + 1);
                if (!List.of("REG_DWORD", "REG_QWORD", "REG_SZ", "REG_EXPAND_SZ").contains(type)) {
                    throw new ApplyException(s.id() + ": journal holds an unusable registry state '" + r + "'");
                }
                boolean number = type.equals("REG_DWORD") || type.equals("REG_QWORD");
                if (number ? !data.matches("0|[1-9][0-9]{0,19}")
                        : data.chars().anyMatch(c -> c == '"' || Character.isISOControl(c)) || data.endsWith("\\")) {
                    throw new ApplyException(s.id() + ": journal holds unusable " + type + " data '" + data + "'");
                }
                out.add(Command.exe("reg.exe", "add", t.key(), "/v", t.name(), "/t", type, "/d", data, "/f"));
            }
            if (notify != null) out.add(notify);
            return out;
        }

        /** reg.exe delete fails on a missing value, so undo deletes through PowerShell only when present. */
        private static Command deleteIfPresent(RegTarget t) {
            String hive = t.key().startsWith("HKCU") ? "HKEY_CURRENT_USER" : "HKEY_LOCAL_MACHINE";
            String path = PowerShell.quote("Registry::" + hive + t.key().substring(4));
            String name = PowerShell.quote(t.name());
            return PowerShell.command("if ($null -ne (Get-ItemProperty -LiteralPath " + path + " -Name " + name
                    + " -ErrorAction SilentlyContinue)) { Remove-ItemProperty -LiteralPath " + path + " -Name " + name
                    + " }");
        }
    }

    // ------------------------------------------------------------------------------------------------------ SPI

    static final String SPI_SET_VALUE = "[DllImport(\"user32.dll\", EntryPoint = \"SystemParametersInfoW\", "
            + "SetLastError = true)] public static extern bool SetValue(uint action, uint uiParam, IntPtr pvParam, "
            + "uint winIni);";
    static final String SPI_GET_INT = "[DllImport(\"user32.dll\", EntryPoint = \"SystemParametersInfoW\", "
            + "SetLastError = true)] public static extern bool GetInt(uint action, uint uiParam, ref int pvParam, "
            + "uint winIni);";
    static final String SPI_INTS = "[DllImport(\"user32.dll\", EntryPoint = \"SystemParametersInfoW\", "
            + "SetLastError = true)] public static extern bool Ints(uint action, uint uiParam, int[] pvParam, "
            + "uint winIni);";

    static String spiType(String... members) {
        return "Add-Type -Namespace Mu4j -Name Spi -MemberDefinition " + PowerShell.quote(String.join(" ", members));
    }

    /** {@code if (-not [Mu4j.Spi]::fn(action, ui, pv, winIni)) { throw ... }} */
    static String spiCall(String fn, int action, String ui, String pv, int winIni, String name) {
        return "if (-not [Mu4j.Spi]::" + fn + "(" + hex(action) + ", " + ui + ", " + pv + ", " + winIni + ")) { throw ("
                + PowerShell.quote("SystemParametersInfo(" + name + ") failed: error ")
                + " + [Runtime.InteropServices.Marshal]::GetLastWin32Error()) }";
    }

    static String hex(int v) {
        return String.format(Locale.ROOT, "0x%04X", v);
    }

    private static Route spi(Setting s) throws ApplyException {
        String action = need(s, "action");
        Integer code = SPI.get(action);
        Optional<String> given = s.apply().detail("code");
        if (given.isPresent()) {
            int c = Integer.decode(given.get());
            if (code != null && c != code) throw unsupported(s, "code " + given.get() + " does not match " + action);
            code = c;
        }
        if (code == null) throw unsupported(s, "unknown SystemParametersInfo action " + action);
        if (SPI_POINTER_STRUCTS.contains(action)) {
            throw unsupported(s, action + " takes a structure with string pointers; not automated");
        }
        String param = need(s, "param");
        SpiStruct st = SPI_STRUCTS.get(action);
        if (st != null) return spiStruct(s, action, code, st, param);

        boolean ui;
        if (param.startsWith("uiParam = ")) ui = true;
        else if (param.startsWith("pvParam = ")) ui = false;
        else throw unsupported(s, "param '" + param + "' names neither uiParam nor pvParam");
        if (param.contains("*")) throw unsupported(s, "param '" + param + "' needs a conversion; not automated");

        Map<String, Long> ints = new LinkedHashMap<>();
        if (s.type() == SettingType.RANGE) {
            if (!s.range().integral() || s.range().min() < 0) throw unsupported(s, "only whole, non-negative ranges");
        } else {
            Map<String, String> data = data(s, false);
            List<String> ids = s.type() == SettingType.TOGGLE ? List.of("on", "off") : s.valueIds();
            for (String id : ids) {
                String d = data.get(id);
                Long n = d != null ? spiInt(d) : s.type() == SettingType.TOGGLE ? (id.equals("on") ? 1L : 0L)
                        : DWORD.matcher(id).matches() ? Long.parseLong(id) : null;
                if (n == null) {
                    throw unsupported(s, d != null ? "data." + id + " '" + d + "' is not a number or BOOL"
                            : "value '" + id + "' has no data");
                }
                ints.put(id, n);
            }
        }
        return new SpiScalarRoute(s, action, code, ui, ints, data(s, false).isEmpty());
    }

    private static Long spiInt(String d) {
        if (d.equals("TRUE")) return 1L;
        if (d.equals("FALSE")) return 0L;
        return DWORD.matcher(d).matches() ? Long.parseLong(d) : null;
    }

    /** One integer in uiParam or pvParam; read back with the matching SPI_GET action (or GetSystemMetrics...). */
    static final class SpiScalarRoute implements Route {
        final Setting s;
        final String action;
        final int code;
        final boolean ui;
        final Map<String, Long> ints;
        final boolean plainBool;
        final String readScript;

        SpiScalarRoute(Setting s, String action, int code, boolean ui, Map<String, Long> ints, boolean plainBool) {
            this.s = s;
            this.action = action;
            this.code = code;
            this.ui = ui;
            this.ints = ints;
            this.plainBool = plainBool && s.type() == SettingType.TOGGLE;
            this.readScript = readScript(action);
        }

        private static String readScript(String action) {
            if (action.equals("SPI_SETDOUBLECLICKTIME")) {
                return spiType("[DllImport(\"user32.dll\")] public static extern uint GetDoubleClickTime();")
                        + "; [Mu4j.Spi]::GetDoubleClickTime()";
            }
            if (action.equals("SPI_SETMOUSEBUTTONSWAP")) { // SM_SWAPBUTTON = 23
                return spiType("[DllImport(\"user32.dll\")] public static extern int GetSystemMetrics(int index);")
                        + "; if ([Mu4j.Spi]::GetSystemMetrics(23) -ne 0) { 1 } else { 0 }";
            }
            String get = action.replace("SPI_SET", "SPI_GET");
            Integer g = SPI.get(get);
            if (g == null) return null;
            return spiType(SPI_GET_INT) + "; $v = 0; " + spiCall("GetInt", g, "0", "[ref]$v", 0, get) + "; $v";
        }

        @Override
        public List<Command> read() {
            return readScript == null ? List.of() : List.of(PowerShell.command(readScript));
        }

        @Override
        public Reading parse(List<ProcessRunner.Result> results) {
            Long n = lastInteger(results.get(0));
            if (n == null) return Reading.UNKNOWN;
            if (s.type() == SettingType.RANGE) return Reading.of((double) n);
            if (plainBool) return Reading.of(n != 0 ? "on" : "off");
            for (Map.Entry<String, Long> e : ints.entrySet()) if (e.getValue().equals(n)) return Reading.of(e.getKey());
            return Reading.UNKNOWN;
        }

        @Override
        public List<Command> write(Object value) {
            long n = s.type() == SettingType.RANGE ? (long) ((Number) value).doubleValue() : ints.get((String) value);
            String ui = this.ui ? Long.toString(n) : "0";
            String pv = this.ui ? "[IntPtr]::Zero" : "[IntPtr]" + n;
            return List.of(PowerShell.command(spiType(SPI_SET_VALUE) + "; "
                    + spiCall("SetValue", code, ui, pv, SPIF_PERSIST, action)));
        }
    }

    private static final Pattern ELEMENT = Pattern.compile("element (\\d+)");

    private static Route spiStruct(Setting s, String action, int code, SpiStruct st, String param)
            throws ApplyException {
        Integer get = SPI.get(action.replace("SPI_SET", "SPI_GET"));
        if (get == null) throw unsupported(s, "no read action for " + action);
        Matcher el = ELEMENT.matcher(param);
        if (st.cbSize() == false && el.find()) { // SPI_SETMOUSE: one element, 1 on / 0 off
            int i = Integer.parseInt(el.group(1));
            if (s.type() != SettingType.TOGGLE || i >= st.ints()) throw unsupported(s, "param '" + param + "'");
            return new SpiStructRoute(s, action, code, get, st, i, 0);
        }
        if (s.type() == SettingType.TOGGLE) {
            String flag = st.flags().keySet().stream().filter(param::contains).findFirst()
                    .orElse(param.contains(st.name()) ? st.onFlag() : null);
            if (flag == null) throw unsupported(s, "param '" + param + "' names no flag of " + st.name());
            return new SpiStructRoute(s, action, code, get, st, 1, st.flags().get(flag));
        }
        if (s.type() == SettingType.RANGE && s.range().integral()) {
            for (Map.Entry<String, Integer> f : st.fields().entrySet()) {
                if (param.contains(st.name() + "." + f.getKey())) {
                    return new SpiStructRoute(s, action, code, get, st, f.getValue(), 0);
                }
            }
        }
        throw unsupported(s, "param '" + param + "' is not automated");
    }

    /**
     * Read-modify-write of an all-int SPI structure: GET into {@code $b}, change one flag bit (when {@code flag}
     * is non-zero) or one element, SET it back.
     */
    static final class SpiStructRoute implements Route {
        final Setting s;
        final String action;
        final int set;
        final int get;
        final SpiStruct st;
        final int element;
        final int flag;

        SpiStructRoute(Setting s, String action, int set, int get, SpiStruct st, int element, int flag) {
            this.s = s;
            this.action = action;
            this.set = set;
            this.get = get;
            this.st = st;
            this.element = element;
            this.flag = flag;
        }

        private String load() {
            String size = st.cbSize() ? Integer.toString(4 * st.ints()) : "0";
            return spiType(SPI_INTS) + "; $b = New-Object int[] " + st.ints() + "; "
                    + (st.cbSize() ? "$b[0] = " + size + "; " : "")
                    + spiCall("Ints", get, size, "$b", 0, action.replace("SPI_SET", "SPI_GET"));
        }

        @Override
        public List<Command> read() {
            return List.of(PowerShell.command(load() + "; $b[" + element + "]"));
        }

        @Override
        public Reading parse(List<ProcessRunner.Result> results) {
            Long n = lastInteger(results.get(0));
            if (n == null) return Reading.UNKNOWN;
            if (s.type() == SettingType.RANGE) return Reading.of((double) n);
            boolean on = flag != 0 ? (n & flag) != 0 : n != 0;
            return Reading.of(on ? "on" : "off");
        }

        @Override
        public List<Command> write(Object value) {
            String change;
            if (s.type() == SettingType.RANGE) {
                change = "$b[" + element + "] = " + Values.number(((Number) value).doubleValue());
            } else if (flag != 0) {
                change = value.equals("on") ? "$b[" + element + "] = $b[" + element + "] -bor " + hex(flag)
                        : "$b[" + element + "] = $b[" + element + "] -band (-bnot " + hex(flag) + ")";
            } else {
                change = "$b[" + element + "] = " + (value.equals("on") ? 1 : 0);
            }
            String size = st.cbSize() ? Integer.toString(4 * st.ints()) : "0";
            return List.of(PowerShell.command(load() + "; " + change + "; "
                    + spiCall("Ints", set, size, "$b", SPIF_PERSIST, action)));
        }
    }

    /** The last line of a successful script run as an integer, or null. */
    static Long lastInteger(ProcessRunner.Result r) {
        if (r.exitCode() != 0) return null;
        String[] lines = r.stdout().strip().split("\\R");
        try {
            return Long.parseLong(lines[lines.length - 1].strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The last line of a successful script run, or null. */
    static String lastLine(ProcessRunner.Result r) {
        if (r.exitCode() != 0 || r.stdout().isBlank()) return null;
        String[] lines = r.stdout().strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    // ------------------------------------------------------------------------------------------------------ WMI

    private static final Pattern WMI_ARG = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(\\{value\\}|-?[0-9]+)");

    private static Route wmi(Setting s) throws ApplyException {
        String ns = need(s, "namespace");
        String cls = need(s, "class");
        String member = need(s, "member");
        if (!WMI_NAMESPACE.matcher(ns).matches() || !IDENT.matcher(cls).matches() || !IDENT.matcher(member).matches()) {
            throw unsupported(s, "WMI namespace, class or member is not a plain name");
        }
        if (s.type() != SettingType.RANGE || !s.range().integral()) {
            throw unsupported(s, "WMI methods are automated for whole-number ranges only");
        }
        List<String[]> args = new ArrayList<>();
        for (String a : s.apply().detail("args").orElse("").split(",")) {
            if (a.isBlank()) continue;
            Matcher m = WMI_ARG.matcher(a.strip());
            if (!m.matches()) throw unsupported(s, "WMI argument '" + a.strip() + "' is not name=number or name={value}");
            args.add(new String[] {m.group(1), m.group(2)});
        }
        String read = null;
        Optional<String> r = s.apply().detail("read");
        if (r.isPresent()) {
            String[] cp = r.get().split("\\.");
            if (cp.length == 2 && IDENT.matcher(cp[0]).matches() && IDENT.matcher(cp[1]).matches()) {
                read = wmiInstance(ns, cp[0]) + "; $i[0]." + cp[1];
            }
        }
        String readScript = read;
        return new Route() {
            @Override
            public List<Command> read() {
                return readScript == null ? List.of() : List.of(PowerShell.command(readScript));
            }

            @Override
            public Reading parse(List<ProcessRunner.Result> results) {
                Long n = lastInteger(results.get(0));
                return n == null ? Reading.UNKNOWN : Reading.of((double) n);
            }

            @Override
            public List<Command> write(Object value) {
                StringBuilder h = new StringBuilder("@{ ");
                for (int i = 0; i < args.size(); i++) {
                    String v = args.get(i)[1].equals("{value}") ? Values.number(((Number) value).doubleValue())
                            : args.get(i)[1];
                    h.append(i == 0 ? "" : "; ").append(args.get(i)[0]).append(" = ").append(v);
                }
                h.append(" }");
                return List.of(PowerShell.command(wmiInstance(ns, cls) + "; $null = $i | Invoke-CimMethod -MethodName "
                        + PowerShell.quote(member) + " -Arguments " + h));
            }
        };
    }

    private static String wmiInstance(String ns, String cls) {
        return "$i = @(Get-CimInstance -Namespace " + PowerShell.quote(ns) + " -ClassName " + PowerShell.quote(cls)
                + "); if ($i.Count -eq 0) { throw " + PowerShell.quote("no instance of " + cls) + " }";
    }

    // ------------------------------------------------------------------------------------------------------ COM

    /**
     * Core Audio (IMMDeviceEnumerator -> IMMDevice.Activate -> IAudioEndpointVolume) declared for COM interop;
     * methods listed in vtable order, unused ones as placeholders. CLSCTX_ALL = 23.
     */
    static final String CORE_AUDIO = String.join(" ",
            "using System; using System.Runtime.InteropServices; namespace Mu4j {",
            "[ComImport, Guid(\"5CDF2C82-841E-4546-9722-0CF74078229A\"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]",
            "interface IAudioEndpointVolume { int RegisterControlChangeNotify(IntPtr n); int UnregisterControlChangeNotify(IntPtr n);",
            "int GetChannelCount(out uint c); int SetMasterVolumeLevel(float db, IntPtr ctx);",
            "int SetMasterVolumeLevelScalar(float level, IntPtr ctx); int GetMasterVolumeLevel(out float db);",
            "int GetMasterVolumeLevelScalar(out float level); int SetChannelVolumeLevel(uint ch, float db, IntPtr ctx);",
            "int SetChannelVolumeLevelScalar(uint ch, float level, IntPtr ctx); int GetChannelVolumeLevel(uint ch, out float db);",
            "int GetChannelVolumeLevelScalar(uint ch, out float level);",
            "int SetMute([MarshalAs(UnmanagedType.Bool)] bool mute, IntPtr ctx); int GetMute([MarshalAs(UnmanagedType.Bool)] out bool mute); }",
            "[ComImport, Guid(\"D666063F-1587-4E43-81F1-B948E807363F\"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]",
            "interface IMMDevice { int Activate(ref Guid iid, int clsCtx, IntPtr activationParams,",
            "[MarshalAs(UnmanagedType.IUnknown)] out object endpoint); }",
            "[ComImport, Guid(\"A95664D2-9614-4F35-A746-DE8DB63617E6\"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]",
            "interface IMMDeviceEnumerator { int EnumAudioEndpoints(int flow, int mask, out IntPtr devices);",
            "int GetDefaultAudioEndpoint(int flow, int role, out IMMDevice endpoint); }",
            "[ComImport, Guid(\"BCDE0395-E52F-467C-8E3D-C4579291692E\")] class MMDeviceEnumerator { }",
            "public static class Audio {",
            "static IAudioEndpointVolume Endpoint(int flow, int role) {",
            "IMMDeviceEnumerator e = (IMMDeviceEnumerator)(new MMDeviceEnumerator()); IMMDevice d;",
            "Marshal.ThrowExceptionForHR(e.GetDefaultAudioEndpoint(flow, role, out d));",
            "Guid iid = typeof(IAudioEndpointVolume).GUID; object o;",
            "Marshal.ThrowExceptionForHR(d.Activate(ref iid, 23, IntPtr.Zero, out o)); return (IAudioEndpointVolume)o; }",
            "public static float GetVolume(int flow, int role) { float v;",
            "Marshal.ThrowExceptionForHR(Endpoint(flow, role).GetMasterVolumeLevelScalar(out v)); return v; }",
            "public static void SetVolume(int flow, int role, float v) {",
            "Marshal.ThrowExceptionForHR(Endpoint(flow, role).SetMasterVolumeLevelScalar(v, IntPtr.Zero)); }",
            "public static bool GetMute(int flow, int role) { bool m;",
            "Marshal.ThrowExceptionForHR(Endpoint(flow, role).GetMute(out m)); return m; }",
            "public static void SetMute(int flow, int role, bool m) {",
            "Marshal.ThrowExceptionForHR(Endpoint(flow, role).SetMute(m, IntPtr.Zero)); } } }");

    /**
     * WinRT from Windows PowerShell 5.1: load the Radio types and wait on IAsyncOperation through
     * {@code WindowsRuntimeSystemExtensions.AsTask}.
     */
    static final String WINRT_RADIOS = "Add-Type -AssemblyName System.Runtime.WindowsRuntime; "
            + "$null = [Windows.Devices.Radios.Radio,Windows.System.Devices,ContentType=WindowsRuntime]; "
            + "$null = [Windows.Devices.Radios.RadioAccessStatus,Windows.System.Devices,ContentType=WindowsRuntime]; "
            + "$null = [Windows.Devices.Radios.RadioState,Windows.System.Devices,ContentType=WindowsRuntime]; "
            + "$asTask = [System.WindowsRuntimeSystemExtensions].GetMethods() | Where-Object { $_.Name -eq 'AsTask' "
            + "-and $_.GetParameters().Count -eq 1 -and $_.GetParameters()[0].ParameterType.Name -eq 'IAsyncOperation`1' }"
            + " | Select-Object -First 1; "
            + "function Await($op, [Type]$type) { $t = $asTask.MakeGenericMethod($type).Invoke($null, @($op)); "
            + "$null = $t.Wait(-1); $t.Result }; ";

    private static final List<String> RADIO_KINDS = List.of("WiFi", "Bluetooth", "MobileBroadband", "FM", "Other");

    private static Route com(Setting s) throws ApplyException {
        String iface = need(s, "interface");
        String member = need(s, "member");
        if (iface.equals("IAudioEndpointVolume")) {
            String chain = s.apply().detail("chain").orElse("");
            int flow = chain.contains("eCapture") ? 1 : 0;
            int role = chain.contains("eCommunications") ? 2 : chain.contains("eConsole") ? 0 : 1;
            String ep = flow + ", " + role;
            String prefix = "Add-Type -TypeDefinition " + PowerShell.quote(CORE_AUDIO) + "; ";
            if (member.equals("SetMasterVolumeLevelScalar") && s.type() == SettingType.RANGE
                    && s.apply().detail("value").orElse("").contains("/100")) {
                return new ScriptRoute(s, prefix + "[math]::Round([Mu4j.Audio]::GetVolume(" + ep + ") * 100)",
                        out -> parseNumber(out),
                        v -> prefix + "[Mu4j.Audio]::SetVolume(" + ep + ", "
                                + Values.number(((Number) v).doubleValue() / 100) + ")");
            }
            if (member.equals("SetMute") && s.type() == SettingType.TOGGLE) {
                return new ScriptRoute(s, prefix + "if ([Mu4j.Audio]::GetMute(" + ep + ")) { 'on' } else { 'off' }",
                        out -> out.equals("on") || out.equals("off") ? out : null,
                        v -> prefix + "[Mu4j.Audio]::SetMute(" + ep + ", " + (v.equals("on") ? "$true" : "$false") + ")");
            }
            throw unsupported(s, "IAudioEndpointVolume." + member + " is not automated for a " + s.type().jsonName());
        }
        if (iface.equals("Windows.Devices.Radios.Radio") && s.type() == SettingType.TOGGLE) {
            String kind = s.apply().detail("kind").orElse("").replace("RadioKind.", "");
            if (!RADIO_KINDS.contains(kind)) throw unsupported(s, "radio kind '" + kind + "' is not known");
            String find = "$radio = @(Await ([Windows.Devices.Radios.Radio]::GetRadiosAsync()) "
                    + "([System.Collections.Generic.IReadOnlyList[Windows.Devices.Radios.Radio]]) "
                    + "| Where-Object { $_.Kind -eq " + PowerShell.quote(kind) + " })[0]; if (-not $radio) { throw "
                    + PowerShell.quote("no " + kind + " radio") + " }; ";
            return new ScriptRoute(s,
                    WINRT_RADIOS + find + "if ($radio.State -eq 'On') { 'on' } elseif ($radio.State -eq 'Off') "
                            + "{ 'off' } else { [string]$radio.State }",
                    out -> out.equals("on") || out.equals("off") ? out : null,
                    v -> WINRT_RADIOS
                            + "$access = Await ([Windows.Devices.Radios.Radio]::RequestAccessAsync()) "
                            + "([Windows.Devices.Radios.RadioAccessStatus]); if ($access -ne 'Allowed') { throw "
                            + "('radio access: ' + $access) }; " + find
                            + "$r = Await ($radio.SetStateAsync(" + PowerShell.quote(v.equals("on") ? "On" : "Off")
                            + ")) ([Windows.Devices.Radios.RadioAccessStatus]); if ($r -ne 'Allowed') { throw "
                            + "('SetStateAsync: ' + $r) }");
        }
        throw unsupported(s, "COM interface " + iface + " (" + member + ") is not automated");
    }

    /** A route made of one read script (printing one line) and one write script per value. */
    static final class ScriptRoute implements Route {
        interface Writer {
            String script(Object value);
        }

        interface Parser {
            Object value(String lastLine);
        }

        final Setting s;
        final String readScript;
        final Parser parser;
        final Writer writer;

        ScriptRoute(Setting s, String readScript, Parser parser, Writer writer) {
            this.s = s;
            this.readScript = readScript;
            this.parser = parser;
            this.writer = writer;
        }

        @Override
        public List<Command> read() {
            return readScript == null ? List.of() : List.of(PowerShell.command(readScript));
        }

        @Override
        public Reading parse(List<ProcessRunner.Result> results) {
            String line = lastLine(results.get(0));
            return line == null ? Reading.UNKNOWN : Reading.of(parser.value(line));
        }

        @Override
        public List<Command> write(Object value) {
            return List.of(PowerShell.command(writer.script(value)));
        }
    }

    private static Object parseNumber(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------- win32

    /** DEVMODEW (220 bytes) with the display half of its unions, and a primary-display mode setter. */
    static final String DISPLAY = String.join(" ",
            "using System; using System.Runtime.InteropServices; namespace Mu4j {",
            "[StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)] public struct DEVMODE {",
            "[MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string dmDeviceName;",
            "public short dmSpecVersion; public short dmDriverVersion; public short dmSize; public short dmDriverExtra;",
            "public int dmFields; public int dmPositionX; public int dmPositionY; public int dmDisplayOrientation;",
            "public int dmDisplayFixedOutput; public short dmColor; public short dmDuplex; public short dmYResolution;",
            "public short dmTTOption; public short dmCollate;",
            "[MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string dmFormName;",
            "public short dmLogPixels; public int dmBitsPerPel; public int dmPelsWidth; public int dmPelsHeight;",
            "public int dmDisplayFlags; public int dmDisplayFrequency; public int dmICMMethod; public int dmICMIntent;",
            "public int dmMediaType; public int dmDitherType; public int dmReserved1; public int dmReserved2;",
            "public int dmPanningWidth; public int dmPanningHeight; }",
            "public static class Display {",
            "[DllImport(\"user32.dll\", CharSet = CharSet.Unicode)] static extern bool EnumDisplaySettings(string device, int mode, ref DEVMODE dm);",
            "[DllImport(\"user32.dll\", CharSet = CharSet.Unicode)] static extern int ChangeDisplaySettingsEx(string device, ref DEVMODE dm, IntPtr hwnd, int flags, IntPtr param);",
            "public static DEVMODE Current() { DEVMODE dm = new DEVMODE(); dm.dmSize = (short)Marshal.SizeOf(typeof(DEVMODE));",
            "if (!EnumDisplaySettings(null, -1, ref dm)) throw new InvalidOperationException(\"EnumDisplaySettings failed\"); return dm; }",
            "public static void Set(int width, int height, int frequency) { DEVMODE dm = Current(); int fields = 0;",
            "if (width > 0) { dm.dmPelsWidth = width; dm.dmPelsHeight = height; fields |= 0x80000 | 0x100000; }",
            "if (frequency > 0) { dm.dmDisplayFrequency = frequency; fields |= 0x400000; } dm.dmFields = fields;",
            "int r = ChangeDisplaySettingsEx(null, ref dm, IntPtr.Zero, 2, IntPtr.Zero);",
            "if (r != 0) throw new InvalidOperationException(\"display mode not supported: \" + r);",
            "r = ChangeDisplaySettingsEx(null, ref dm, IntPtr.Zero, 1, IntPtr.Zero);",
            "if (r != 0) throw new InvalidOperationException(\"ChangeDisplaySettingsEx failed: \" + r); } } }");

    /** The taskbar's AppBar state through SHAppBarMessage (ABM_GETSTATE 4, ABM_SETSTATE 0x0A, ABS_AUTOHIDE 1). */
    static final String APPBAR = String.join(" ",
            "using System; using System.Runtime.InteropServices; namespace Mu4j {",
            "[StructLayout(LayoutKind.Sequential)] public struct APPBARDATA { public int cbSize; public IntPtr hWnd;",
            "public uint uCallbackMessage; public uint uEdge; public int left; public int top; public int right;",
            "public int bottom; public IntPtr lParam; }",
            "public static class AppBar {",
            "[DllImport(\"shell32.dll\")] static extern UIntPtr SHAppBarMessage(uint msg, ref APPBARDATA data);",
            "[DllImport(\"user32.dll\", CharSet = CharSet.Unicode)] static extern IntPtr FindWindow(string cls, string name);",
            "static APPBARDATA Data() { APPBARDATA d = new APPBARDATA(); d.cbSize = Marshal.SizeOf(typeof(APPBARDATA));",
            "d.hWnd = FindWindow(\"Shell_TrayWnd\", null); return d; }",
            "public static int GetState() { APPBARDATA d = Data(); return (int)SHAppBarMessage(4, ref d).ToUInt32(); }",
            "public static void SetState(int state) { APPBARDATA d = Data(); d.lParam = (IntPtr)state;",
            "SHAppBarMessage(10, ref d); } } }");

    private static Route win32(Setting s) throws ApplyException {
        String fn = need(s, "function");
        String fields = s.apply().detail("fields").orElse("");
        if (fn.equals("ChangeDisplaySettingsEx") && s.type() == SettingType.ENUM) {
            String prefix = "Add-Type -TypeDefinition " + PowerShell.quote(DISPLAY) + "; ";
            if (fields.equals("DM_PELSWIDTH|DM_PELSHEIGHT")) {
                for (String id : s.valueIds()) {
                    if (!RESOLUTION.matcher(id).matches()) throw unsupported(s, "value '" + id + "' is not WIDTHxHEIGHT");
                }
                return new ScriptRoute(s, prefix + "$m = [Mu4j.Display]::Current(); '{0}x{1}' -f $m.dmPelsWidth, "
                        + "$m.dmPelsHeight", out -> s.valueIds().contains(out) ? out : null,
                        v -> {
                            Matcher m = RESOLUTION.matcher((String) v);
                            m.matches();
                            return prefix + "[Mu4j.Display]::Set(" + m.group(1) + ", " + m.group(2) + ", 0)";
                        });
            }
            if (fields.equals("DM_DISPLAYFREQUENCY")) {
                for (String id : s.valueIds()) {
                    if (!DWORD.matcher(id).matches()) throw unsupported(s, "value '" + id + "' is not a frequency");
                }
                return new ScriptRoute(s, prefix + "[Mu4j.Display]::Current().dmDisplayFrequency",
                        out -> s.valueIds().contains(out) ? out : null,
                        v -> prefix + "[Mu4j.Display]::Set(0, 0, " + v + ")");
            }
        }
        if (fn.equals("SHAppBarMessage") && s.type() == SettingType.TOGGLE
                && s.apply().detail("message").orElse("").contains("ABS_AUTOHIDE")) {
            String prefix = "Add-Type -TypeDefinition " + PowerShell.quote(APPBAR) + "; ";
            return new ScriptRoute(s, prefix + "if (([Mu4j.AppBar]::GetState() -band 1) -ne 0) { 'on' } else { 'off' }",
                    out -> out.equals("on") || out.equals("off") ? out : null,
                    v -> prefix + "[Mu4j.AppBar]::SetState(" + (v.equals("on") ? "([Mu4j.AppBar]::GetState() -bor 1)"
                            : "([Mu4j.AppBar]::GetState() -band (-bnot 1))") + ")");
        }
        throw unsupported(s, "Win32 " + fn + (fields.isEmpty() ? "" : " (" + fields + ")") + " is not automated for "
                + "this setting");
    }

    // ----------------------------------------------------------------------------------------------- powershell

    /** Appended to templates: native programs (powercfg) report failure by exit code only. */
    static final String EXIT_CODE = "; if ($LASTEXITCODE) { exit $LASTEXITCODE }";

    private static String template(Setting s, String key) throws ApplyException {
        String t = need(s, key);
        Matcher hole = TEMPLATE_HOLE.matcher(t);
        if (hole.find()) throw unsupported(s, key + " has a placeholder " + hole.group() + " the catalog does not fill");
        return t;
    }

    private static final Pattern POWERCFG_CHANGE =
            Pattern.compile("powercfg /change (monitor|standby|hibernate)-timeout-(ac|dc) \\{value\\}");
    private static final Pattern POWERCFG_INDEX =
            Pattern.compile("powercfg /setacvalueindex SCHEME_CURRENT (SUB_[A-Z]+) ([A-Z]+) (\\{data\\}|[0-9]+)");
    private static final Pattern STOP_PROCESS = Pattern.compile("Stop-Process -Name ([A-Za-z0-9_]+)");
    private static final Pattern FIREWALL =
            Pattern.compile("Set-NetFirewallProfile -Profile ([A-Za-z]+) -Enabled (True|False)");
    private static final Pattern MP_BOOL = Pattern.compile("Set-MpPreference -([A-Za-z]+) \\$(true|false)");

    /** Reads a cmdlet's boolean property printed as True/False; {@code onValue} is what command.on sets. */
    private static java.util.function.Function<ProcessRunner.Result, Object> boolRead(String onValue) {
        return r -> {
            String l = lastLine(r);
            if (l == null || !(l.equalsIgnoreCase("true") || l.equalsIgnoreCase("false"))) return null;
            return l.equalsIgnoreCase(onValue) ? "on" : "off";
        };
    }

    private static Route powershell(Setting s) throws ApplyException {
        switch (s.type()) {
            case TOGGLE: {
                String on = template(s, "command.on");
                String off = template(s, "command.off");
                if ((on + off).contains("{")) throw unsupported(s, "toggle commands take no {value}/{data}");
                Command read = null;
                java.util.function.Function<ProcessRunner.Result, Object> parse = null;
                Matcher stop = STOP_PROCESS.matcher(off);
                Matcher onIdx = POWERCFG_INDEX.matcher(on);
                Matcher offIdx = POWERCFG_INDEX.matcher(off);
                Matcher fwOn = FIREWALL.matcher(on);
                Matcher fwOff = FIREWALL.matcher(off);
                Matcher mpOn = MP_BOOL.matcher(on);
                Matcher mpOff = MP_BOOL.matcher(off);
                if (fwOn.matches() && fwOff.matches() && fwOn.group(1).equals(fwOff.group(1))
                        && !fwOn.group(2).equals(fwOff.group(2))) {
                    read = PowerShell.command("[string](Get-NetFirewallProfile -Profile " + PowerShell.quote(fwOn.group(1))
                            + ").Enabled");
                    parse = boolRead(fwOn.group(2));
                } else if (mpOn.matches() && mpOff.matches() && mpOn.group(1).equals(mpOff.group(1))
                        && !mpOn.group(2).equalsIgnoreCase(mpOff.group(2))) {
                    read = PowerShell.command("[string](Get-MpPreference)." + mpOn.group(1));
                    parse = boolRead(mpOn.group(2));
                } else if (stop.matches()) {
                    read = PowerShell.command("if (Get-Process -Name " + PowerShell.quote(stop.group(1))
                            + " -ErrorAction SilentlyContinue) { 'on' } else { 'off' }");
                    parse = r -> {
                        String l = lastLine(r);
                        return "on".equals(l) || "off".equals(l) ? l : null;
                    };
                } else if (onIdx.find() && offIdx.find() && onIdx.group(1).equals(offIdx.group(1))
                        && onIdx.group(2).equals(offIdx.group(2))) {
                    read = powercfgQuery(onIdx.group(1), onIdx.group(2));
                    long onN = Long.parseLong(onIdx.group(3));
                    long offN = Long.parseLong(offIdx.group(3));
                    parse = r -> {
                        Long ac = powercfgIndex(r, true);
                        return ac == null ? null : ac == onN ? "on" : ac == offN ? "off" : null;
                    };
                }
                return templateRoute(s, read, parse, v -> v.equals("on") ? on : off);
            }
            case RANGE: {
                String t = template(s, "command");
                if (!t.contains("{value}") || t.contains("{data}")) throw unsupported(s, "a range command needs {value}");
                Command read = null;
                java.util.function.Function<ProcessRunner.Result, Object> parse = null;
                Matcher m = POWERCFG_CHANGE.matcher(t);
                if (m.matches()) {
                    String[] alias = switch (m.group(1)) {
                        case "monitor" -> new String[] {"SUB_VIDEO", "VIDEOIDLE"};
                        case "standby" -> new String[] {"SUB_SLEEP", "STANDBYIDLE"};
                        default -> new String[] {"SUB_SLEEP", "HIBERNATEIDLE"};
                    };
                    boolean ac = m.group(2).equals("ac");
                    read = powercfgQuery(alias[0], alias[1]);
                    parse = r -> { // seconds in the power scheme, minutes in the catalog
                        Long sec = powercfgIndex(r, ac);
                        return sec == null ? null : (Object) (double) Math.round(sec / 60.0);
                    };
                }
                return templateRoute(s, read, parse, v -> t.replace("{value}", Values.number(((Number) v).doubleValue())));
            }
            case ENUM: {
                String t = template(s, "command");
                if (!t.contains("{data}")) throw unsupported(s, "an enum command needs {data}");
                Map<String, String> data = data(s, true);
                for (Map.Entry<String, String> e : data.entrySet()) {
                    if (!TEMPLATE_DATA.matcher(e.getValue()).matches()) {
                        throw unsupported(s, "data." + e.getKey() + " '" + e.getValue() + "' has characters a template "
                                + "may not receive");
                    }
                }
                Command read = null;
                java.util.function.Function<ProcessRunner.Result, Object> parse = null;
                Matcher idx = POWERCFG_INDEX.matcher(t);
                if (s.apply().detail("read").orElse("").equals("Get-TimeZone")) {
                    read = PowerShell.command("(Get-TimeZone).Id");
                    parse = r -> reverse(data, lastLine(r));
                } else if (idx.find() && idx.group(3).equals("{data}")) {
                    read = powercfgQuery(idx.group(1), idx.group(2));
                    parse = r -> {
                        Long ac = powercfgIndex(r, true);
                        return ac == null ? null : reverse(data, Long.toString(ac));
                    };
                }
                return templateRoute(s, read, parse, v -> t.replace("{data}", data.get((String) v)));
            }
            default:
                throw unsupported(s, "not adjustable");
        }
    }

    private static Object reverse(Map<String, String> data, String raw) {
        if (raw == null) return null;
        for (Map.Entry<String, String> e : data.entrySet()) if (e.getValue().equals(raw)) return e.getKey();
        return null;
    }

    private static Route templateRoute(Setting s, Command read,
                                       java.util.function.Function<ProcessRunner.Result, Object> parse,
                                       java.util.function.Function<Object, String> body) {
        return new Route() {
            @Override
            public List<Command> read() {
                return read == null ? List.of() : List.of(read);
            }

            @Override
            public Reading parse(List<ProcessRunner.Result> results) {
                return Reading.of(parse.apply(results.get(0)));
            }

            @Override
            public List<Command> write(Object value) {
                return List.of(PowerShell.command(body.apply(value) + EXIT_CODE));
            }
        };
    }

    static Command powercfgQuery(String sub, String setting) {
        return Command.exe("powercfg.exe", "/query", "SCHEME_CURRENT", sub, setting);
    }

    private static final Pattern HEX_AT_END = Pattern.compile("0x([0-9a-fA-F]{1,8})\\s*$");

    /**
     * The AC or DC index from {@code powercfg /query} output. The labels are localised, so this takes the last two
     * hexadecimal values of the block, which are always the current AC and DC indexes, in that order.
     */
    static Long powercfgIndex(ProcessRunner.Result r, boolean ac) {
        if (r.exitCode() != 0) return null;
        List<Long> hex = new ArrayList<>();
        for (String line : r.stdout().split("\\R")) {
            Matcher m = HEX_AT_END.matcher(line);
            if (m.find()) hex.add(Long.parseLong(m.group(1), 16));
        }
        if (hex.size() < 2) return null;
        return hex.get(hex.size() - (ac ? 2 : 1));
    }
}
