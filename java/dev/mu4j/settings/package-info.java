/**
 * The Windows Settings agent API: the {@link dev.mu4j.settings.Catalog} of settings the agent can change or open.
 *
 * <pre>{@code
 * Catalog catalog = Catalog.loadDefault();                      // bundled models/settings/catalog.json
 * Setting size = catalog.byId("mouse.pointer_size").orElseThrow();
 * size.range();                                                 // Range[min=1, max=15, step=1, unit=level, ...]
 * size.accepts("set", 5);                                       // true
 * size.accepts("set", 40);                                      // false: outside 1..15
 * size.rejection("on", null);                                   // "... (range) does not take 'on' ..."
 * Setting top = catalog.search("bluetooth", 5).get(0);          // bluetooth.enabled
 * if (top.risk().needsConfirmation()) { ... ask the user first ... }
 * top.apply().method();                                         // COM (Windows.Devices.Radios)
 * }</pre>
 *
 * <p>Operations are the agent contract {@code set|increase|decrease|on|off|open}; see {@link
 * dev.mu4j.settings.SettingType} for which fit each type.
 */
package dev.mu4j.settings;
