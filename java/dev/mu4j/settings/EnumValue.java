package dev.mu4j.settings;

import java.util.List;

/**
 * One allowed value of an {@link SettingType#ENUM} setting.
 *
 * @param id       stable lowercase id the agent emits with {@code set} ({@code [a-z0-9][a-z0-9_]*}, e.g. {@code "dark"},
 *                 {@code "125"}, {@code "every_week"})
 * @param label    the text Windows shows for it (the id when the catalog gives no label)
 * @param synonyms other phrases people use for it; never null
 */
public record EnumValue(String id, String label, List<String> synonyms) {
    public EnumValue {
        synonyms = List.copyOf(synonyms);
    }
}
