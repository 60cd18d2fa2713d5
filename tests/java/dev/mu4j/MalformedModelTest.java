package dev.mu4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of malformed model directory gives a MuException naming the file and the field or tensor. */
class MalformedModelTest {
    private static final Path GOOD = GoldenFile.ROOT.resolve("mu-dual-ln-gelu");

    @TempDir
    Path tmp;

    /** A copy of the good golden model to break. */
    private Path copy() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        for (String f : new String[] {"config.json", "model.safetensors"}) Files.copy(GOOD.resolve(f), dir.resolve(f));
        return dir;
    }

    private static String loadError(Path dir) {
        MuException e = assertThrows(MuException.class, () -> Model.load(dir).close());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
    }

    private void editConfig(Path dir, UnaryOperator<JsonObject> edit) throws IOException {
        Path f = dir.resolve("config.json");
        JsonObject o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        Files.writeString(f, edit.apply(o).toString());
    }

    /** Rewrites model.safetensors with an edited header (data bytes unchanged). */
    private void editHeader(Path dir, UnaryOperator<JsonObject> edit) throws IOException {
        Path f = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        long len = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject header = JsonParser.parseString(new String(all, 8, (int) len, StandardCharsets.UTF_8)).getAsJsonObject();
        byte[] h = edit.apply(header).toString().getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(all, 8 + (int) len, all.length);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data);
        Files.write(f, out.array());
    }

    @Test
    void missingDirectory() {
        assertMentions(loadError(tmp.resolve("nope")), "nope", "does not exist");
    }

    @Test
    void missingConfig() throws IOException {
        Path dir = copy();
        Files.delete(dir.resolve("config.json"));
        assertMentions(loadError(dir), "config.json");
    }

    @Test
    void missingWeights() throws IOException {
        Path dir = copy();
        Files.delete(dir.resolve("model.safetensors"));
        assertMentions(loadError(dir), "model.safetensors");
    }

    @Test
    void configNotJson() throws IOException {
        Path dir = copy();
        Files.writeString(dir.resolve("config.json"), "{\"dim\": 64,");
        assertMentions(loadError(dir), "config.json", "not valid JSON");
    }

    @Test
    void configMissingField() throws IOException {
        Path dir = copy();
        editConfig(dir, o -> { o.remove("n_heads"); return o; });
        assertMentions(loadError(dir), "config.json", "'n_heads'", "missing");
    }

    @Test
    void configWrongType() throws IOException {
        Path dir = copy();
        editConfig(dir, o -> { o.addProperty("dim", "sixty-four"); return o; });
        assertMentions(loadError(dir), "config.json", "'dim'");
        editConfig(dir, o -> { o.addProperty("dim", -64); return o; });
        assertMentions(loadError(dir), "'dim'", "positive");
        editConfig(dir, o -> { o.addProperty("dim", 64); o.addProperty("ffn_type", "relu"); return o; });
        assertMentions(loadError(dir), "'ffn_type'", "relu", "swiglu");
    }

    @Test
    void configIndivisibleHeads() throws IOException {
        Path dir = copy();
        editConfig(dir, o -> { o.addProperty("n_kv_heads", 3); return o; });
        assertMentions(loadError(dir), "n_kv_heads", "3");
    }

    @Test
    void unsupportedArchitecture() throws IOException {
        Path dir = copy();
        editConfig(dir, o -> { o.addProperty("model_type", "gpt_neox"); return o; });
        assertMentions(loadError(dir), "config.json", "gpt_neox", "supported");
    }

    @Test
    void configContradictsWeightShapes() throws IOException {
        Path dir = copy();
        editConfig(dir, o -> { o.addProperty("hidden_dim", 128); return o; });
        assertMentions(loadError(dir), "model.safetensors", "layers.0.ffn.up.weight", "shape", "[128, 64]");
    }

    @Test
    void configContradictsWeightSet() throws IOException {
        Path dir = copy();
        editConfig(dir, o -> { o.addProperty("dual_norm", false); return o; });
        assertMentions(loadError(dir), "post_norm", "does not account");
    }

    @Test
    void missingTensor() throws IOException {
        Path dir = copy();
        editHeader(dir, h -> { h.remove("layers.1.attn.k.weight"); return h; });
        assertMentions(loadError(dir), "layers.1.attn.k.weight", "missing");
    }

    @Test
    void wrongShapeInHeader() throws IOException {
        Path dir = copy();
        editHeader(dir, h -> {
            h.getAsJsonObject("norm.weight").add("shape", JsonParser.parseString("[32]"));
            return h;
        });
        assertMentions(loadError(dir), "model.safetensors", "'norm.weight'", "bytes");
    }

    @Test
    void unsupportedDtype() throws IOException {
        Path dir = copy();
        editHeader(dir, h -> { h.getAsJsonObject("norm.weight").addProperty("dtype", "F64"); return h; });
        assertMentions(loadError(dir), "model.safetensors", "'norm.weight'", "F64");
    }

    @Test
    void truncatedFile() throws IOException {
        Path dir = copy();
        Path f = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 100));
        assertMentions(loadError(dir), "model.safetensors", "truncated");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        Path dir = copy();
        Path f = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0xFFFF_FFFF_FFFF_FFF0L);
        Files.write(f, all);
        assertMentions(loadError(dir), "model.safetensors", "header length", "18446744073709551600");
    }

    @Test
    void tinyFile() throws IOException {
        Path dir = copy();
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
        assertMentions(loadError(dir), "model.safetensors", "too short");
    }

    @Test
    void headerNotJson() throws IOException {
        Path dir = copy();
        Path f = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        all[8] = '[';
        all[9] = '{';
        Files.write(f, all);
        assertMentions(loadError(dir), "model.safetensors", "header");
    }

    @Test
    void overlappingMalformedOffsets() throws IOException {
        Path dir = copy();
        editHeader(dir, h -> {
            h.getAsJsonObject("norm.weight").add("data_offsets", JsonParser.parseString("[100, 50]"));
            return h;
        });
        assertMentions(loadError(dir), "'norm.weight'", "data_offsets");
    }

    @Test
    void badTokenIdsAndPositions() throws IOException {
        try (Model m = Model.load(GOOD); Session s = m.newSession(16)) {
            assertMentions(assertThrows(MuException.class, () -> s.forward(new int[] {1, 320}, 0)).getMessage(),
                    "320", "outside");
            assertMentions(assertThrows(MuException.class, () -> s.forward(new int[] {-1}, 0)).getMessage(), "-1");
            assertMentions(assertThrows(MuException.class, () -> s.forward(new int[] {}, 0)).getMessage(), "at least one");
            assertMentions(assertThrows(MuException.class, () -> s.forward(new int[] {1}, 3)).getMessage(), "start position");
            assertMentions(assertThrows(MuException.class, () -> s.forward(new int[17], 0)).getMessage(), "overflow");
            assertMentions(assertThrows(MuException.class, () -> m.newSession(10_000)).getMessage(), "maxContext");
        }
    }

    @Test
    void useAfterClose() throws IOException {
        Model m = Model.load(GOOD);
        Session s = m.newSession(8);
        s.close();
        assertMentions(assertThrows(MuException.class, () -> s.forward(new int[] {1}, 0)).getMessage(), "after close");
        m.close();
        m.close();
        assertMentions(assertThrows(MuException.class, m::newSession).getMessage(), "after close");
    }
}
