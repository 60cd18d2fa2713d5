package dev.mu4j.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.MuException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed SHA256SUMS is what keys the extracted copy of the bundled model, so it must match the files. */
class BundledModelTest {
    private static final Path DIR = Path.of("models/mu-settings");

    @Test
    void committedSumsMatchTheShippedFiles() throws Exception {
        Map<String, String> sums = BundledModel.parseSums(Files.readString(DIR.resolve(BundledModel.SUMS)));
        for (String f : BundledModel.FILES) {
            try (DigestInputStream in = new DigestInputStream(Files.newInputStream(DIR.resolve(f)), BundledModel.sha256())) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                assertEquals(sums.get(f), HexFormat.of().formatHex(in.getMessageDigest().digest()),
                        DIR.resolve(f) + " changed: regenerate " + DIR.resolve(BundledModel.SUMS)
                                + " (cd models/mu-settings && sha256sum config.json tokenizer.json model.safetensors > SHA256SUMS)");
            }
        }
    }

    @Test
    void cacheKeyFollowsEveryFile() {
        String a = "a".repeat(64), b = "b".repeat(64);
        String base = BundledModel.cacheKey(BundledModel.parseSums(
                a + "  config.json\n" + a + "  tokenizer.json\n" + a + "  model.safetensors\n"));
        String changed = BundledModel.cacheKey(BundledModel.parseSums(
                a + "  config.json\n" + a + "  tokenizer.json\n" + b + " *model.safetensors\n"));
        assertEquals(16, base.length());
        assertNotEquals(base, changed);
    }

    @Test
    void malformedSumsAreNamed() {
        MuException bad = assertThrows(MuException.class, () -> BundledModel.parseSums("xyz  config.json\n"));
        assertTrue(bad.getMessage().contains("not a sha256sum line"), bad.getMessage());
        MuException missing = assertThrows(MuException.class,
                () -> BundledModel.parseSums("a".repeat(64) + "  config.json\n"));
        assertTrue(missing.getMessage().contains("no sum for tokenizer.json"), missing.getMessage());
    }

    /** Two first runs at once: the one that renames second finds the other's copy, uses it and drops its own. */
    @Test
    void aCopyExtractedByAnotherProcessFirstIsUsed(@TempDir Path dir) throws Exception {
        Path theirs = Files.createDirectories(dir.resolve("mu-settings-key"));
        Path ours = Files.createDirectories(dir.resolve("mu-settings-key.tmp-1"));
        for (String f : BundledModel.FILES) {
            Files.writeString(theirs.resolve(f), "theirs");
            Files.writeString(ours.resolve(f), "ours");
        }
        BundledModel.install(ours, theirs);
        assertFalse(Files.exists(ours), "our copy is removed");
        for (String f : BundledModel.FILES) assertEquals("theirs", Files.readString(theirs.resolve(f)));

        Path fresh = Files.createDirectories(dir.resolve("fresh.tmp-2"));
        Files.writeString(fresh.resolve("config.json"), "{}");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("other"), "x"); // a non-empty target without the model's files
        assertThrows(java.nio.file.FileSystemException.class, () -> BundledModel.install(fresh, broken));
    }
}
