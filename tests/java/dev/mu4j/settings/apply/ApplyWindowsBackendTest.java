package dev.mu4j.settings.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WindowsBackend with a fake process runner: output parsing, raw registry restore, failures. No Windows needed. */
class ApplyWindowsBackendTest {
    static final Catalog CATALOG = Catalog.loadDefault();
    static final String PERSONALIZE = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize";

    /** Answers commands by their text (first matching prefix wins) and records what ran. */
    static final class FakeRunner implements ProcessRunner {
        final Map<String, Result> answers = new LinkedHashMap<>();
        final List<String> ran = new ArrayList<>();

        FakeRunner answer(String textPrefix, int exit, String out) {
            answers.put(textPrefix, new Result(exit, out, exit == 0 ? "" : "ERROR: it failed"));
            return this;
        }

        @Override
        public Result run(Command c) {
            ran.add(c.text());
            for (Map.Entry<String, Result> e : answers.entrySet()) if (c.text().startsWith(e.getKey())) return e.getValue();
            return new Result(0, "", "");
        }
    }

    static Setting get(String id) {
        return CATALOG.byId(id).orElseThrow();
    }

    static String regOut(String key, String name, String type, String data) {
        return "\r\n" + key.replace("HKCU", "HKEY_CURRENT_USER") + "\r\n    " + name + "    " + type + "    " + data
                + "\r\n\r\n";
    }

    @Test
    void registryReadParsesRegQuery() throws Exception {
        FakeRunner r = new FakeRunner().answer("reg.exe query " + PERSONALIZE + " /v EnableTransparency", 0,
                regOut(PERSONALIZE, "EnableTransparency", "REG_DWORD", "0x0"));
        Reading got = new WindowsBackend(r).read(get("colors.transparency"));
        assertEquals("off", got.value());
        assertEquals(Map.of(PERSONALIZE + "\\EnableTransparency", "REG_DWORD:0"), got.raw());

        FakeRunner sz = new FakeRunner().answer("reg.exe query \"HKCU\\Control Panel\\International\" /v sShortTime", 0,
                regOut("HKCU\\Control Panel\\International", "sShortTime", "REG_SZ", "h:mm tt"))
                .answer("reg.exe query \"HKCU\\Control Panel\\International\" /v sTimeFormat", 0,
                        regOut("HKCU\\Control Panel\\International", "sTimeFormat", "REG_SZ", "h:mm:ss tt"));
        assertEquals("off", new WindowsBackend(sz).read(get("time.use_24_hour_clock")).value());

        FakeRunner range = new FakeRunner().answer("reg.exe query", 0,
                regOut("HKCU\\Software\\Microsoft\\ScreenMagnifier", "Magnification", "REG_DWORD", "0x12c"));
        assertEquals(300.0, new WindowsBackend(range).read(get("magnifier.zoom")).value());
    }

    @Test
    void absentValueIsRestoredByDeletingIt() throws Exception {
        FakeRunner r = new FakeRunner().answer("reg.exe query", 1, "");
        WindowsBackend b = new WindowsBackend(r);
        Setting s = get("colors.transparency");
        Reading before = b.read(s);
        assertNull(before.value(), "absent: no catalog value");
        assertEquals(Map.of(PERSONALIZE + "\\EnableTransparency", "absent"), before.raw());
        assertTrue(before.restorable());
        List<Command> cmds = b.restore(s, before);
        assertEquals(List.of(ApplyCommandsTest.PS + "if ($null -ne (Get-ItemProperty -LiteralPath "
                + "'Registry::HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize' -Name "
                + "'EnableTransparency' -ErrorAction SilentlyContinue)) { Remove-ItemProperty -LiteralPath "
                + "'Registry::HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize' -Name "
                + "'EnableTransparency' }"), ApplyCommandsTest.texts(cmds));
    }

    @Test
    void mixedStateReadsUnknownButRestoresExactly() throws Exception {
        FakeRunner r = new FakeRunner()
                .answer("reg.exe query " + PERSONALIZE + " /v AppsUseLightTheme", 0,
                        regOut(PERSONALIZE, "AppsUseLightTheme", "REG_DWORD", "0x0"))
                .answer("reg.exe query " + PERSONALIZE + " /v SystemUsesLightTheme", 0,
                        regOut(PERSONALIZE, "SystemUsesLightTheme", "REG_DWORD", "0x1"));
        WindowsBackend b = new WindowsBackend(r);
        Setting s = get("colors.mode");
        Reading before = b.read(s);
        assertNull(before.value(), "apps dark, Windows light: neither catalog value");
        List<String> restore = ApplyCommandsTest.texts(b.restore(s, before));
        assertEquals("reg.exe add " + PERSONALIZE + " /v AppsUseLightTheme /t REG_DWORD /d 0 /f", restore.get(0));
        assertEquals("reg.exe add " + PERSONALIZE + " /v SystemUsesLightTheme /t REG_DWORD /d 1 /f", restore.get(1));
        assertTrue(restore.get(2).contains("'ImmersiveColorSet'"));
    }

    @Test
    void tamperedRawStateIsRejected() {
        WindowsBackend b = new WindowsBackend(new FakeRunner());
        Setting s = get("colors.transparency");
        String path = PERSONALIZE + "\\EnableTransparency";
        for (String bad : List.of("REG_SZ:x\" /f & calc", "REG_BINARY:00", "REG_DWORD:1; rm", "nonsense")) {
            assertThrows(ApplyException.class, () -> b.restore(s, new Reading(null, Map.of(path, bad))), bad);
        }
    }

    @Test
    void otherReadsParse() throws Exception {
        String powercfg = String.join("\r\n",
                "Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)",
                "  Subgroup GUID: 7516b95f-f776-4464-8c53-06167f40cc99  (Display)",
                "    Power Setting GUID: 3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e  (Turn off display after)",
                "      Minimum Possible Setting: 0x00000000",
                "      Maximum Possible Setting: 0xffffffff",
                "      Possible Settings increment: 0x00000001",
                "      Possible Settings units: Seconds",
                "    Current AC Power Setting Index: 0x00000258",
                "    Current DC Power Setting Index: 0x0000012c", "");
        FakeRunner r = new FakeRunner().answer("powercfg.exe /query SCHEME_CURRENT SUB_VIDEO VIDEOIDLE", 0, powercfg)
                .answer(ApplyCommandsTest.PS + "Add-Type -Namespace Mu4j -Name Spi", 0, "14\r\n")
                .answer(ApplyCommandsTest.PS + "(Get-TimeZone)", 0, "W. Europe Standard Time\r\n")
                .answer(ApplyCommandsTest.PS + "if (Get-Process", 0, "on\r\n");
        WindowsBackend b = new WindowsBackend(r);
        assertEquals(10.0, b.read(get("power.screen_off_plugged_in")).value(), "600 s on AC = 10 minutes");
        assertEquals(5.0, b.read(get("power.screen_off_on_battery")).value(), "300 s on DC");
        assertEquals(14.0, b.read(get("mouse.speed")).value());
        assertEquals("western_europe", b.read(get("time.time_zone")).value());
        assertEquals("on", b.read(get("magnifier.enabled")).value());
        assertEquals(Reading.UNKNOWN, b.read(get("power.hibernate")), "no read route");

        FakeRunner cmdlets = new FakeRunner().answer(ApplyCommandsTest.PS + "[string](Get-NetFirewallProfile", 0, "True\r\n")
                .answer(ApplyCommandsTest.PS + "[string](Get-MpPreference)", 0, "True\r\n");
        assertEquals("on", new WindowsBackend(cmdlets).read(get("security.firewall_public")).value());
        assertEquals("off", new WindowsBackend(cmdlets).read(get("security.realtime_protection")).value(),
                "DisableRealtimeMonitoring = True means protection is off");

        FakeRunner sticky = new FakeRunner().answer(ApplyCommandsTest.PS, 0, "126\r\n"); // 0x7E: flag 0x1 clear
        assertEquals("off", new WindowsBackend(sticky).read(get("keyboard.sticky_keys")).value());
        assertEquals("on", new WindowsBackend(sticky).read(get("keyboard.sticky_keys_shortcut")).value(), "0x4 set");
        FakeRunner failing = new FakeRunner().answer(ApplyCommandsTest.PS, 1, "");
        assertEquals(Reading.UNKNOWN, new WindowsBackend(failing).read(get("display.brightness")),
                "a read that fails is unknown, not an error");
    }

    @Test
    void failedCommandFailsTheStepWithItsOutput() {
        FakeRunner r = new FakeRunner().answer("reg.exe add", 1, "");
        ApplyException e = assertThrows(ApplyException.class,
                () -> new WindowsBackend(r).write(get("developers.long_paths"), "on"));
        assertTrue(e.getMessage().contains("reg.exe exited with 1: ERROR: it failed"), e.getMessage());
        assertTrue(e.getMessage().contains("run as administrator"), "HKLM setting: says elevation is needed");
    }

    @Test
    void failedBroadcastDoesNotFailTheChange() throws Exception {
        FakeRunner r = new FakeRunner().answer(ApplyCommandsTest.PS + "Add-Type -Namespace Mu4j -Name Msg", 1, "");
        List<Command> ran = new WindowsBackend(r).write(get("colors.mode"), "dark");
        assertEquals(3, ran.size());
        assertEquals(3, r.ran.size(), "both values written, then the broadcast tried");
    }
}
