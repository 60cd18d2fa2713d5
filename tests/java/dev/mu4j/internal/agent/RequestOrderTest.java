package dev.mu4j.internal.agent;

import static dev.mu4j.internal.agent.TrailingGuardTest.CATALOG;
import static dev.mu4j.internal.agent.TrailingGuardTest.act;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mu4j.settings.Action;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AgentPipeline#inRequestOrder}: actions follow the clauses that name their settings, or stay as they are. */
class RequestOrderTest {
    static List<String> ordered(String text, Action... actions) {
        List<Action> list = new ArrayList<>(List.of(actions));
        AgentPipeline.inRequestOrder(new Clauses(CATALOG, text), list);
        return list.stream().map(Action::setting).toList();
    }

    @Test
    void actionsFollowTheirClauses() {
        assertEquals(List.of("network.reset", "mouse.pointer_size", "bluetooth.swift_pair"),
                ordered("perform network reset then make the pointer bigger + make sure swift pair is on",
                        act("network.reset", "on", 1), act("bluetooth.swift_pair", "on", 1),
                        act("mouse.pointer_size", "increase", 1)));
    }

    @Test
    void anActionNoClauseNamesOrARequestOfOneClauseLeavesTheOrderAlone() {
        // no clause names the network reset: the model's order stands
        assertEquals(List.of("display.brightness", "network.reset"), ordered("my screen is too bright, i'm in a hurry",
                act("display.brightness", "decrease", 1), act("network.reset", "on", 1)));
        assertEquals(List.of("color_filters.filter", "color_filters.enabled"), ordered("grayscale color filter on",
                act("color_filters.filter", "set", 1), act("color_filters.enabled", "on", 1)));
    }
}
