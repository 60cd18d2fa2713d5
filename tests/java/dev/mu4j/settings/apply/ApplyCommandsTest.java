package dev.mu4j.settings.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mu4j.settings.ApplyMethod;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.EnumValue;
import dev.mu4j.settings.Range;
import dev.mu4j.settings.Risk;
import dev.mu4j.settings.Setting;
import dev.mu4j.settings.SettingType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Command construction for every apply method, pinned as exact strings (what a dry run prints and what Windows
 * runs), plus escaping and refusal of catalog details that are not plain data.
 */
class ApplyCommandsTest {
    static final Catalog CATALOG = Catalog.loadDefault();
    static final String PS = "powershell.exe -NoProfile -NonInteractive -Command $ErrorActionPreference = 'Stop'; ";
    static final String SPI_SET = "Add-Type -Namespace Mu4j -Name Spi -MemberDefinition '[DllImport(\"user32.dll\", "
            + "EntryPoint = \"SystemParametersInfoW\", SetLastError = true)] public static extern bool SetValue(uint "
            + "action, uint uiParam, IntPtr pvParam, uint winIni);'; ";
    static final String SPI_INTS = "Add-Type -Namespace Mu4j -Name Spi -MemberDefinition '[DllImport(\"user32.dll\", "
            + "EntryPoint = \"SystemParametersInfoW\", SetLastError = true)] public static extern bool Ints(uint "
            + "action, uint uiParam, int[] pvParam, uint winIni);'; ";
    static final String BROADCAST = "Add-Type -Namespace Mu4j -Name Msg -MemberDefinition '[DllImport(\"user32.dll\", "
            + "CharSet = CharSet.Unicode)] public static extern IntPtr SendMessageTimeout(IntPtr hWnd, uint msg, UIntPtr "
            + "wParam, string lParam, uint flags, uint timeout, out UIntPtr result);'; $r = [UIntPtr]::Zero; $null = "
            + "[Mu4j.Msg]::SendMessageTimeout([IntPtr]0xffff, 0x001A, [UIntPtr]::Zero, ";

    static Setting get(String id) {
        return CATALOG.byId(id).orElseThrow();
    }

    static List<String> write(String id, Object value) throws ApplyException {
        return texts(Routes.of(get(id)).write(value));
    }

    static List<String> read(String id) throws ApplyException {
        return texts(Routes.of(get(id)).read());
    }

    static List<String> texts(List<Command> cmds) {
        return cmds.stream().map(Command::text).collect(Collectors.toList());
    }

    // ------------------------------------------------------------------------------------------------ registry

    @Test
    void registryToggle() throws Exception {
        assertEquals(List.of("reg.exe query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize "
                + "/v EnableTransparency"), read("colors.transparency"));
        assertEquals(List.of("reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize "
                + "/v EnableTransparency /t REG_DWORD /d 0 /f"), write("colors.transparency", "off"));
        assertEquals(List.of("reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize "
                + "/v EnableTransparency /t REG_DWORD /d 1 /f"), write("colors.transparency", "on"));
        // argv: one element per argument, nothing joined, so Windows quoting only wraps elements with blanks
        assertEquals(List.of("reg.exe", "add", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                "/v", "EnableTransparency", "/t", "REG_DWORD", "/d", "0", "/f"),
                Routes.of(get("colors.transparency")).write("off").get(0).argv());
    }

    @Test
    void registryEnumWithAlsoValueAndBroadcast() throws Exception {
        String key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize";
        assertEquals(List.of(
                "reg.exe add " + key + " /v AppsUseLightTheme /t REG_DWORD /d 0 /f",
                "reg.exe add " + key + " /v SystemUsesLightTheme /t REG_DWORD /d 0 /f",
                PS + BROADCAST + "'ImmersiveColorSet', 0x0002, 5000, [ref]$r)"), write("colors.mode", "dark"));
        List<Command> cmds = Routes.of(get("colors.mode")).write("light");
        assertTrue(cmds.get(0).required());
        assertFalse(cmds.get(2).required(), "a failed broadcast does not fail the change");
    }

    @Test
    void registryRangeAndQuotedKey() throws Exception {
        assertEquals(List.of("reg.exe add HKCU\\Software\\Microsoft\\ScreenMagnifier /v Magnification /t REG_DWORD "
                + "/d 300 /f"), write("magnifier.zoom", 300.0));
        // a key with a blank is shown quoted; REG_SZ data with a blank too; toggle alsoValue "Name = on / off"
        assertEquals(List.of(
                "reg.exe add \"HKCU\\Control Panel\\International\" /v sShortTime /t REG_SZ /d \"h:mm tt\" /f",
                "reg.exe add \"HKCU\\Control Panel\\International\" /v sTimeFormat /t REG_SZ /d \"h:mm:ss tt\" /f",
                PS + BROADCAST + "'intl', 0x0002, 5000, [ref]$r)"), write("time.use_24_hour_clock", "off"));
        // a deny-type value (0 = enabled) and an HKLM key
        assertEquals(List.of("reg.exe add \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\" "
                + "/v fDenyTSConnections /t REG_DWORD /d 0 /f"), write("system.remote_desktop", "on"));
        // notify without an area: lParam null
        assertEquals(PS + BROADCAST + "$null, 0x0002, 5000, [ref]$r)", write("developers.show_file_extensions", "on").get(1));
    }

    // ------------------------------------------------------------------------------------------------------ SPI

    @Test
    void spiScalar() throws Exception {
        assertEquals(List.of(PS + SPI_SET + "if (-not [Mu4j.Spi]::SetValue(0x0071, 0, [IntPtr]12, 3)) { throw "
                + "('SystemParametersInfo(SPI_SETMOUSESPEED) failed: error ' + "
                + "[Runtime.InteropServices.Marshal]::GetLastWin32Error()) }"), write("mouse.speed", 12.0));
        assertEquals(List.of(PS + "Add-Type -Namespace Mu4j -Name Spi -MemberDefinition '[DllImport(\"user32.dll\", "
                + "EntryPoint = \"SystemParametersInfoW\", SetLastError = true)] public static extern bool GetInt(uint "
                + "action, uint uiParam, ref int pvParam, uint winIni);'; $v = 0; if (-not [Mu4j.Spi]::GetInt(0x0070, 0, "
                + "[ref]$v, 0)) { throw ('SystemParametersInfo(SPI_GETMOUSESPEED) failed: error ' + "
                + "[Runtime.InteropServices.Marshal]::GetLastWin32Error()) }; $v"), read("mouse.speed"));
        // uiParam carries the value
        assertTrue(write("mouse.scroll_lines", 5.0).get(0).contains("SetValue(0x0069, 5, [IntPtr]::Zero, 3)"));
        // enum data TRUE/FALSE, read through GetSystemMetrics(SM_SWAPBUTTON)
        assertTrue(write("mouse.primary_button", "right").get(0).contains("SetValue(0x0021, 1, [IntPtr]::Zero, 3)"));
        assertTrue(read("mouse.primary_button").get(0).endsWith("if ([Mu4j.Spi]::GetSystemMetrics(23) -ne 0) { 1 } else { 0 }"));
        // toggle data.on = 7 cursors
        assertTrue(write("mouse.pointer_trails", "on").get(0).contains("SetValue(0x005D, 7, [IntPtr]::Zero, 3)"));
        // BOOL in pvParam, code from the table when the catalog gives none
        assertTrue(write("keyboard.underline_access_keys", "on").get(0).contains("SetValue(0x100B, 0, [IntPtr]1, 3)"));
        // numeric enum ids are the number
        assertTrue(write("visual_effects.notification_duration", "30").get(0).contains("SetValue(0x2017, 0, [IntPtr]30, 3)"));
    }

    @Test
    void spiStructReadModifyWrite() throws Exception {
        String get = "$b = New-Object int[] 2; $b[0] = 8; if (-not [Mu4j.Spi]::Ints(0x003A, 8, $b, 0)) { throw "
                + "('SystemParametersInfo(SPI_GETSTICKYKEYS) failed: error ' + "
                + "[Runtime.InteropServices.Marshal]::GetLastWin32Error()) }";
        assertEquals(List.of(PS + SPI_INTS + get + "; $b[1]"), read("keyboard.sticky_keys"));
        assertEquals(List.of(PS + SPI_INTS + get + "; $b[1] = $b[1] -band (-bnot 0x0001); if (-not "
                + "[Mu4j.Spi]::Ints(0x003B, 8, $b, 3)) { throw ('SystemParametersInfo(SPI_SETSTICKYKEYS) failed: error ' + "
                + "[Runtime.InteropServices.Marshal]::GetLastWin32Error()) }"), write("keyboard.sticky_keys", "off"));
        assertTrue(write("keyboard.sticky_keys_shortcut", "on").get(0).contains("$b[1] = $b[1] -bor 0x0004;"));
        assertTrue(write("keyboard.filter_keys", "on").get(0).contains("$b = New-Object int[] 6; $b[0] = 24; "
                + "if (-not [Mu4j.Spi]::Ints(0x0032, 24, $b, 0))"));
        // int[3] without cbSize: element 2 is acceleration
        String mouse = write("mouse.enhance_pointer_precision", "on").get(0);
        assertTrue(mouse.contains("$b = New-Object int[] 3; if (-not [Mu4j.Spi]::Ints(0x0003, 0, $b, 0))"), mouse);
        assertTrue(mouse.contains("$b[2] = 1; if (-not [Mu4j.Spi]::Ints(0x0004, 0, $b, 3))"), mouse);
    }

    // ------------------------------------------------------------------------------------------- WMI, COM, Win32

    @Test
    void wmi() throws Exception {
        assertEquals(List.of(PS + "$i = @(Get-CimInstance -Namespace 'root\\WMI' -ClassName "
                + "'WmiMonitorBrightnessMethods'); if ($i.Count -eq 0) { throw 'no instance of "
                + "WmiMonitorBrightnessMethods' }; $null = $i | Invoke-CimMethod -MethodName 'WmiSetBrightness' "
                + "-Arguments @{ Timeout = 0; Brightness = 70 }"), write("display.brightness", 70.0));
        assertEquals(List.of(PS + "$i = @(Get-CimInstance -Namespace 'root\\WMI' -ClassName 'WmiMonitorBrightness'); "
                + "if ($i.Count -eq 0) { throw 'no instance of WmiMonitorBrightness' }; $i[0].CurrentBrightness"),
                read("display.brightness"));
    }

    @Test
    void comCoreAudioAndRadios() throws Exception {
        String audio = PS + "Add-Type -TypeDefinition '" + Routes.CORE_AUDIO + "'; ";
        assertEquals(List.of(audio + "[Mu4j.Audio]::SetVolume(0, 1, 0.35)"), write("sound.volume", 35.0));
        assertEquals(List.of(audio + "[math]::Round([Mu4j.Audio]::GetVolume(0, 1) * 100)"), read("sound.volume"));
        assertEquals(List.of(audio + "[Mu4j.Audio]::SetMute(0, 1, $true)"), write("sound.mute", "on"));
        // capture endpoint for communications (eCapture = 1, eCommunications = 2)
        assertEquals(List.of(audio + "[Mu4j.Audio]::SetVolume(1, 2, 0.8)"), write("sound.input_volume", 80.0));
        assertFalse(Routes.CORE_AUDIO.contains("'"), "the C# source sits in a single-quoted PowerShell string");

        String bt = write("bluetooth.enabled", "off").get(0);
        assertTrue(bt.startsWith(PS + Routes.WINRT_RADIOS), bt);
        assertTrue(bt.contains("Where-Object { $_.Kind -eq 'Bluetooth' })[0]"), bt);
        assertTrue(bt.endsWith("$r = Await ($radio.SetStateAsync('Off')) ([Windows.Devices.Radios.RadioAccessStatus]); "
                + "if ($r -ne 'Allowed') { throw ('SetStateAsync: ' + $r) }"), bt);
        assertTrue(write("network.wifi", "on").get(0).contains("$_.Kind -eq 'WiFi'"));
    }

    @Test
    void win32() throws Exception {
        String display = PS + "Add-Type -TypeDefinition '" + Routes.DISPLAY + "'; ";
        assertEquals(List.of(display + "[Mu4j.Display]::Set(1920, 1080, 0)"), write("display.resolution", "1920x1080"));
        assertEquals(List.of(display + "[Mu4j.Display]::Set(0, 0, 144)"), write("display.refresh_rate", "144"));
        assertEquals(List.of(display + "$m = [Mu4j.Display]::Current(); '{0}x{1}' -f $m.dmPelsWidth, $m.dmPelsHeight"),
                read("display.resolution"));
        String appbar = PS + "Add-Type -TypeDefinition '" + Routes.APPBAR + "'; ";
        assertEquals(List.of(appbar + "[Mu4j.AppBar]::SetState(([Mu4j.AppBar]::GetState() -band (-bnot 1)))"),
                write("taskbar.auto_hide", "off"));
        assertFalse(Routes.DISPLAY.contains("'") || Routes.APPBAR.contains("'"));
    }

    // ---------------------------------------------------------------------------------------- powershell, uri

    @Test
    void powershellTemplates() throws Exception {
        assertEquals(List.of(PS + "powercfg /change monitor-timeout-ac 10; if ($LASTEXITCODE) { exit $LASTEXITCODE }"),
                write("power.screen_off_plugged_in", 10.0));
        assertEquals(List.of("powercfg.exe /query SCHEME_CURRENT SUB_VIDEO VIDEOIDLE"), read("power.screen_off_plugged_in"));
        assertEquals(List.of(PS + "Set-TimeZone -Id \"Pacific Standard Time\"; if ($LASTEXITCODE) { exit $LASTEXITCODE }"),
                write("time.time_zone", "pacific"));
        assertEquals(List.of(PS + "(Get-TimeZone).Id"), read("time.time_zone"));
        assertEquals(List.of(PS + "Stop-Process -Name Magnify; if ($LASTEXITCODE) { exit $LASTEXITCODE }"),
                write("magnifier.enabled", "off"));
        assertEquals(List.of(PS + "if (Get-Process -Name 'Magnify' -ErrorAction SilentlyContinue) { 'on' } else { 'off' }"),
                read("magnifier.enabled"));
        assertEquals(List.of(PS + "powercfg /setacvalueindex SCHEME_CURRENT SUB_BUTTONS LIDACTION 1; powercfg "
                + "/setdcvalueindex SCHEME_CURRENT SUB_BUTTONS LIDACTION 1; powercfg /setactive SCHEME_CURRENT; "
                + "if ($LASTEXITCODE) { exit $LASTEXITCODE }"), write("power.lid_close_action", "sleep"));
        assertEquals(List.of(), read("power.hibernate"), "no known way to read it: undo cannot restore it");
        // high-risk cmdlet toggles read back through their Get- counterpart, so undo can turn them back on
        assertEquals(List.of(PS + "[string](Get-NetFirewallProfile -Profile 'Public').Enabled"),
                read("security.firewall_public"));
        assertEquals(List.of(PS + "[string](Get-MpPreference).DisableRealtimeMonitoring"),
                read("security.realtime_protection"));
        assertEquals(List.of(), read("security.cloud_protection"), "MAPSReporting reads back as a number: not inferred");
        assertEquals(List.of(PS + "Start-MpScan -ScanType QuickScan; if ($LASTEXITCODE) { exit $LASTEXITCODE }"),
                texts(Routes.action(get("security.quick_scan"))));
    }

    @Test
    void uriAndUiOnly() throws Exception {
        assertEquals(PS + "Start-Process 'ms-settings:display'", Routes.open(get("display.brightness")).text());
        assertEquals(List.of(PS + "Start-Process 'ms-settings:windowsupdate-action'"),
                texts(Routes.action(get("update.check_now"))));
        Setting night = get("display.night_light");
        assertEquals(ApplyMethod.Method.UI_ONLY, night.apply().method());
        ApplyException e = assertThrows(ApplyException.class, () -> Routes.of(night));
        assertTrue(e.getMessage().startsWith("display.night_light: no supported programmatic route (ui_only)"), e.getMessage());
        assertEquals(PS + "Start-Process 'ms-settings:nightlight'", Routes.open(night).text());
        assertThrows(ApplyException.class, () -> Routes.action(get("clipboard.clear")), "ui_only action: press it");
    }

    // ---------------------------------------------------------------------------------------------- escaping

    @Test
    void powershellQuoting() {
        assertEquals("'abc'", PowerShell.quote("abc"));
        assertEquals("'it''s'", PowerShell.quote("it's"));
        assertEquals("'$(rm -r C:\\) `x'", PowerShell.quote("$(rm -r C:\\) `x"), "nothing expands inside single quotes");
        assertEquals("'a\u2019\u2019b\u2018\u2018'", PowerShell.quote("a\u2019b\u2018"), "typographic quotes end a string too");
    }

    @Test
    void encodedCommandCarriesTheScript() throws Exception {
        Command c = Routes.of(get("mouse.speed")).write(4.0).get(0);
        assertEquals(List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-EncodedCommand"), c.argv().subList(0, 4));
        assertEquals(5, c.argv().size());
        assertEquals(c.script(), PowerShell.decode(c.argv().get(4)));
        assertEquals("powershell.exe -NoProfile -NonInteractive -Command " + c.script(), c.text());
        assertTrue(c.argv().get(4).matches("[A-Za-z0-9+/=]+"), "base64 only: no quoting layer on the command line");
    }

    static Setting synthetic(SettingType type, ApplyMethod.Method method, Map<String, String> details, String uri) {
        Range range = type == SettingType.RANGE ? new Range(0, 10, 1, "level", null) : null;
        List<EnumValue> values = type == SettingType.ENUM
                ? List.of(new EnumValue("a", "a", List.of()), new EnumValue("b", "b", List.of())) : List.of();
        return new Setting("test.synthetic", "Synthetic", "system", uri, type, range, values, false, List.of(), "d",
                List.of(), new ApplyMethod(method, details), Risk.LOW, "", true, "DOC", "test");
    }

    @Test
    void detailsThatAreNotPlainDataAreRefused() {
        Map<String, String> ps = new LinkedHashMap<>();
        ps.put("command", "Set-Thing -Id \"{data}\"");
        ps.put("data.a", "ok");
        ps.put("data.b", "x$(Remove-Item C:\\ -Recurse)");
        ApplyException e = assertThrows(ApplyException.class,
                () -> Routes.of(synthetic(SettingType.ENUM, ApplyMethod.Method.POWERSHELL, ps, "ms-settings:display")));
        assertTrue(e.getMessage().contains("data.b"), e.getMessage());

        Map<String, String> reg = Map.of("key", "HKCU\\Soft\"ware", "value", "X", "valueType", "REG_DWORD",
                "data.on", "1", "data.off", "0");
        assertThrows(ApplyException.class,
                () -> Routes.of(synthetic(SettingType.TOGGLE, ApplyMethod.Method.REGISTRY, reg, "ms-settings:display")));
        Map<String, String> prose = Map.of("key", "HKCU\\Software\\X", "value", "X", "valueType", "REG_SZ",
                "data.on", "1 (and Y = 2)", "data.off", "0");
        assertThrows(ApplyException.class,
                () -> Routes.of(synthetic(SettingType.TOGGLE, ApplyMethod.Method.REGISTRY, prose, "ms-settings:display")));
        Map<String, String> dword = Map.of("key", "HKCU\\Software\\X", "value", "X", "valueType", "REG_DWORD",
                "data.on", "4294967296", "data.off", "0");
        assertThrows(ApplyException.class,
                () -> Routes.of(synthetic(SettingType.TOGGLE, ApplyMethod.Method.REGISTRY, dword, "ms-settings:display")));
        Map<String, String> hole = Map.of("command.on", "Enable-X -Name '<adapter>'", "command.off", "Disable-X");
        assertThrows(ApplyException.class,
                () -> Routes.of(synthetic(SettingType.TOGGLE, ApplyMethod.Method.POWERSHELL, hole, "ms-settings:display")));
        Setting quoteUri = synthetic(SettingType.TOGGLE, ApplyMethod.Method.UI_ONLY, Map.of(), "ms-settings:x?a='b'");
        assertThrows(ApplyException.class, () -> Routes.open(quoteUri));
    }

    /** Every catalog setting either has a route whose commands build for every value, or a reason why not. */
    @Test
    void everySettingHasARouteOrAReason() throws Exception {
        int routed = 0;
        List<String> problems = new ArrayList<>();
        for (Setting s : CATALOG.settings()) {
            Routes.open(s); // every setting can at least open its page
            if (!s.type().adjustable()) continue;
            Routes.Route r;
            try {
                r = Routes.of(s);
            } catch (ApplyException e) {
                if (!e.getMessage().startsWith(s.id() + ": ")) problems.add(e.getMessage());
                continue;
            }
            routed++;
            List<Object> values = new ArrayList<>();
            if (s.type() == SettingType.TOGGLE) values.addAll(List.of("on", "off"));
            else if (s.type() == SettingType.ENUM) values.addAll(s.valueIds());
            else values.addAll(List.of(s.range().min(), s.range().max()));
            for (Object v : values) {
                List<Command> cmds = r.write(v);
                if (cmds.isEmpty()) problems.add(s.id() + " " + v + ": no command");
                for (Command c : cmds) {
                    if (c.script() != null && !c.script().equals(PowerShell.decode(c.argv().get(c.argv().size() - 1)))) {
                        problems.add(s.id() + ": encoded script differs");
                    }
                    String own = c.text().replace(Routes.DISPLAY, "").replace(Routes.APPBAR, "")
                            .replace(Routes.CORE_AUDIO, "").replace("$null", "");
                    if (own.contains("null")) problems.add(s.id() + ": a Java null reached a command: " + own);
                }
            }
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems));
        assertTrue(routed >= 150, "routed settings: " + routed);
    }
}
