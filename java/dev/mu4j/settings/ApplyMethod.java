package dev.mu4j.settings;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a setting is read and changed on Windows: the mechanism plus its string details.
 *
 * <p>Detail keys per method (see {@code models/settings/README.md}): {@code registry}: {@code key} (with hive),
 * {@code value}, {@code valueType}, and {@code data.<on|off|valueId>} for the data written; {@code spi}:
 * {@code action} ({@code SPI_SET...}); {@code wmi}: {@code namespace}, {@code class}, {@code member} (the WMI method);
 * {@code com}: {@code interface}, {@code member}; {@code win32}: {@code function}; {@code powershell}: {@code command} (or
 * {@code command.on}/{@code command.off}) with {@code {value}} / {@code {data}} placeholders. Common optional keys:
 * {@code admin} ("true" when elevation is needed), {@code notify} (what to broadcast or restart afterwards),
 * {@code note}.
 *
 * @param method  the mechanism
 * @param details method-specific string details, unmodifiable
 */
public record ApplyMethod(Method method, Map<String, String> details) {

    /** The mechanism used to apply a setting. */
    public enum Method {
        /** Write a registry value (usually followed by a broadcast, see detail {@code notify}). */
        REGISTRY,
        /** Call {@code SystemParametersInfo} with the action in detail {@code action}. */
        SPI,
        /** Call a WMI method. */
        WMI,
        /** Call a COM or WinRT interface. */
        COM,
        /** Call another Win32 function (ChangeDisplaySettingsEx, DisplayConfigSetDeviceInfo, SHAppBarMessage...). */
        WIN32,
        /** Run a PowerShell or command-line template. */
        POWERSHELL,
        /** Launching the setting's ms-settings: URI (or detail {@code target}) is itself the change. */
        URI,
        /** No supported programmatic route: open the page and let the user change it. */
        UI_ONLY;

        /** The lowercase name used in {@code catalog.json}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ApplyMethod {
        details = Map.copyOf(details);
    }

    /** The detail named {@code key}, if present. */
    public Optional<String> detail(String key) {
        return Optional.ofNullable(details.get(key));
    }

    /** True when applying needs an elevated (administrator) process. */
    public boolean needsAdmin() {
        return "true".equals(details.get("admin"));
    }
}
