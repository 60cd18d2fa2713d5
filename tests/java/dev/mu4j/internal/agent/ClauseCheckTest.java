package dev.mu4j.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.Model;
import dev.mu4j.Session;
import dev.mu4j.settings.Action;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.Plan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The clause check of {@link AgentPipeline} ({@code byClauses}) and the program likelihood it compares. */
class ClauseCheckTest {
    static Model model;
    static AgentPipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        model = Model.load(Path.of("models/mu-settings"));
        pipeline = new AgentPipeline(model, Catalog.loadDefault(), 0);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static String program(List<Action> actions) {
        return new Plan("", actions, false, 0, "", "").program();
    }

    @Test
    void logProbIsTheSumOfTheStepByStepLogProbabilities() {
        String text = "turn on bluetooth and make the screen brighter";
        Catalog catalog = Catalog.loadDefault();
        var mute = catalog.byId("sound.mute").orElseThrow();
        List<Action> unlikely = List.of(new Action(mute.id(), mute.title(), mute.uri(), "on", null, 1, false));
        try (Session s = model.newSession(256)) {
            List<Action> chosen = pipeline.decode(text, s).actions();
            for (List<Action> actions : List.of(chosen, unlikely)) {
                double expected = stepByStep(text, program(actions));
                double got = pipeline.logProb(text, actions, s);
                assertEquals(expected, got, 1e-3, program(actions));
                pipeline.decode("mute the sound", s);   // another prompt in the cache: nothing of it may leak in
                assertEquals(got, pipeline.logProb(text, actions, s), 1e-4);
            }
            assertTrue(pipeline.logProb(text, unlikely, s) < pipeline.logProb(text, chosen, s) - 5);
        }
    }

    /** log P(program, end | prompt), one token at a time on a fresh session. */
    static double stepByStep(String text, String programText) {
        int[] prompt = model.tokenizer().encode(pipeline.prompt(text), false);
        int[] program = model.tokenizer().encode(programText, false);
        int end = model.tokenizer().tokenId(AgentPipeline.END_TOKEN).orElseThrow();
        double sum = 0;
        try (Session fresh = model.newSession(256)) {
            float[] logits = fresh.forward(prompt, 0);
            for (int i = 0; i <= program.length; i++) {
                int next = i < program.length ? program[i] : end;
                sum += logSoftmax(logits, next);
                if (i < program.length) logits = fresh.forward(new int[] {next}, fresh.position());
            }
        }
        return sum;
    }

    @Test
    void aClauseTheWholeProgramDropsIsDecodedAlone() {
        // from the generated seed-11 split (not dev, not hand-written): alone, the model ends after the first clause
        assertWholeThenChecked("i'm left-handed plus flip screenshot key off", "mouse.primary_button set right",
                "mouse.primary_button set right ; keyboard.print_screen_snipping off");
    }

    @Test
    void oneSettingNamedWithAnAndStaysOneAction() {
        // "show hidden" and "system files" decoded alone give two settings, a program the model finds far less likely
        assertWholeThenChecked("can you disable show hidden and system files",
                "developers.show_hidden_files off", "developers.show_hidden_files off");
    }

    /** The model's own program for {@code text}, then what the clause check makes of it. */
    static void assertWholeThenChecked(String text, String whole, String checked) {
        try (Session s = model.newSession(256)) {
            List<Action> actions = pipeline.decode(text, s).actions();
            assertEquals(whole, program(actions));
            assertEquals(checked, program(pipeline.byClauses(text, actions, s)));
        }
    }

    private static double logSoftmax(float[] logits, int id) {
        double max = Double.NEGATIVE_INFINITY, z = 0;
        for (float l : logits) max = Math.max(max, l);
        for (float l : logits) z += Math.exp(l - max);
        return logits[id] - max - Math.log(z);
    }
}
