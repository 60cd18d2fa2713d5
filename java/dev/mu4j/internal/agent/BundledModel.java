package dev.mu4j.internal.agent;

import dev.mu4j.MuException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings model shipped inside the jar ({@code /dev/mu4j/models/mu-settings/}). Weights are memory-mapped, so
 * they must be a file: from a jar they are copied once to {@code ~/.mu4j/models/mu-settings-<hash>/}, where the hash
 * comes from the bundled {@code SHA256SUMS} (so a new version never reads an old copy, and a start-up reads a few
 * hundred bytes instead of hashing megabytes); each copied file is checked against its sum before the directory is
 * published. From a class-path directory the files are used in place.
 */
public final class BundledModel {
    static final String RESOURCE_DIR = "/dev/mu4j/models/mu-settings/";
    static final String SUMS = "SHA256SUMS";
    static final List<String> FILES = List.of("config.json", "tokenizer.json", "model.safetensors");

    private BundledModel() {}

    /** The directory holding the bundled model's files. */
    public static Path directory() throws IOException {
        URL config = BundledModel.class.getResource(RESOURCE_DIR + "config.json");
        if (config == null) {
            throw new MuException("this build has no bundled settings model (" + RESOURCE_DIR + " missing from the"
                    + " class path); pass a model directory instead");
        }
        if (config.getProtocol().equals("file")) {
            try {
                return Path.of(config.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        }
        Map<String, String> sums = readSums();
        Path target = cacheRoot().resolve("mu-settings-" + cacheKey(sums));
        if (complete(target)) return target;
        Path tmp = Files.createDirectories(cacheRoot()).resolve(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.createDirectories(tmp);
        for (String f : FILES) {
            String actual;
            try (DigestInputStream in = new DigestInputStream(open(f), sha256())) {
                Files.copy(in, tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                actual = HexFormat.of().formatHex(in.getMessageDigest().digest());
            }
            if (!actual.equals(sums.get(f))) {
                Files.deleteIfExists(tmp.resolve(f));
                throw new MuException("bundled settings model is corrupt: " + RESOURCE_DIR + f + " has SHA-256 " + actual
                        + " but " + RESOURCE_DIR + SUMS + " says " + sums.get(f));
            }
        }
        install(tmp, target);
        return target;
    }

    /**
     * Moves the extracted directory tmp to target. When another process extracted the same model first (two CLI
     * runs started together), the rename fails (Linux reports "Directory not empty" as a plain
     * FileSystemException): theirs is used and tmp removed.
     */
    static void install(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        } catch (FileSystemException e) {
            if (!complete(target)) throw e;
            for (String f : FILES) Files.deleteIfExists(tmp.resolve(f));
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether dir holds every file of the model (an extraction that finished). */
    private static boolean complete(Path dir) {
        return FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    private static Path cacheRoot() {
        String override = System.getProperty("mu4j.cache.dir");
        return override != null ? Path.of(override) : Path.of(System.getProperty("user.home"), ".mu4j", "models");
    }

    private static InputStream open(String file) throws IOException {
        InputStream in = BundledModel.class.getResourceAsStream(RESOURCE_DIR + file);
        if (in == null) throw new MuException("bundled settings model is incomplete: " + RESOURCE_DIR + file + " missing");
        return in;
    }

    /** File name → lower-case hex SHA-256, from {@code sha256sum}'s output format ({@code <hex>  <name>}). */
    static Map<String, String> readSums() throws IOException {
        String text;
        try (InputStream in = open(SUMS)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return parseSums(text);
    }

    static Map<String, String> parseSums(String text) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new MuException(RESOURCE_DIR + SUMS + ": not a sha256sum line: '" + line + "'");
            }
            sums.put(parts[1], parts[0]);
        }
        for (String f : FILES) {
            if (!sums.containsKey(f)) throw new MuException(RESOURCE_DIR + SUMS + " has no sum for " + f);
        }
        return sums;
    }

    /** First 16 hex digits of SHA-256 over the files' sums, in order. */
    static String cacheKey(Map<String, String> sums) {
        MessageDigest md = sha256();
        for (String f : FILES) md.update(sums.get(f).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
