package dev.mu4j.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mu4j.settings.Action;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Setting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trailing-action guard of {@link AgentPipeline}: which actions after the first it drops, and which it keeps. */
class TrailingGuardTest {
    static final Catalog CATALOG = Catalog.loadDefault();
    static final double SURE = 0.99;
    static final double UNSURE = 0.78;

    static Action act(String id, String op, double confidence) {
        Setting s = CATALOG.byId(id).orElseThrow();
        return new Action(s.id(), s.title(), s.uri(), op, null, confidence, s.risk().needsConfirmation());
    }

    static List<String> guarded(String text, Action... actions) {
        List<Action> list = new ArrayList<>(List.of(actions));
        AgentPipeline.guardTrailing(CATALOG, text, list);
        return list.stream().map(Action::setting).toList();
    }

    @Test
    void dropsAnUnsureTrailingActionTheRequestDoesNotName() {
        assertEquals(List.of("display.brightness"), guarded("my screen is way too bright at night, can you fix that",
                act("display.brightness", "decrease", SURE), act("network.reset", "on", UNSURE)));
    }

    @Test
    void keepsAnUnsureTrailingActionTheRequestNames() {
        assertEquals(List.of("display.brightness", "network.reset"), guarded("dim the screen and reset the network",
                act("display.brightness", "decrease", SURE), act("network.reset", "on", UNSURE)));
    }

    @Test
    void keepsASureTrailingActionEvenWhenUnnamed() {
        assertEquals(List.of("display.brightness", "network.reset"), guarded("my screen is too bright, fix it",
                act("display.brightness", "decrease", SURE), act("network.reset", "on", SURE)));
    }

    @Test
    void neverDropsTheFirstAction() {
        // an indirect need names no setting, and the model may be unsure of it: the guard leaves it to the model
        assertEquals(List.of("display.night_light"), guarded("my eyes hurt at night",
                act("display.night_light", "on", UNSURE)));
    }

    @Test
    void dropsOnlyTheUnnamedOnesOfSeveral() {
        assertEquals(List.of("sound.mute", "notifications.do_not_disturb"),
                guarded("mute everything and turn on do not disturb, i'm in a meeting",
                        act("sound.mute", "on", SURE), act("notifications.do_not_disturb", "on", UNSURE),
                        act("start.recommended_files", "on", UNSURE)));
    }
}
