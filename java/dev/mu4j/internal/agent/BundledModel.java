package dev.mu4j.internal.agent;

import dev.mu4j.MuException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The settings model shipped inside the jar ({@code /dev/mu4j/models/mu-settings/}). Weights are memory-mapped, so
 * they must be a file: from a jar they are copied once to {@code ~/.mu4j/models/mu-settings-<hash>/} (the hash of
 * the bundled files, so a new version never reads an old copy); from a class-path directory they are used in place.
 */
public final class BundledModel {
    static final String RESOURCE_DIR = "/dev/mu4j/models/mu-settings/";
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
        Path target = cacheRoot().resolve("mu-settings-" + contentHash());
        if (FILES.stream().allMatch(f -> Files.isRegularFile(target.resolve(f)))) return target;
        Path tmp = Files.createDirectories(cacheRoot()).resolve(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.createDirectories(tmp);
        for (String f : FILES) {
            try (InputStream in = open(f)) {
                Files.copy(in, tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException
                 | java.nio.file.DirectoryNotEmptyException e) {
            // another process extracted it first: use theirs, drop ours
            for (String f : FILES) Files.deleteIfExists(tmp.resolve(f));
            Files.deleteIfExists(tmp);
        }
        return target;
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

    /** First 16 hex digits of SHA-256 over the bundled files, in order. */
    private static String contentHash() throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (String f : FILES) {
                try (InputStream in = open(f)) {
                    for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
