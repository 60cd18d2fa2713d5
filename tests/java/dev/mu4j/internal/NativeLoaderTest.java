package dev.mu4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mu4j.MuException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which file -Dmu4j.native.path names, and a JVM started with it loads that file (a copy of the built library)
 * rather than extracting one, and leaves java.io.tmpdir empty. The same from the drop-in jar, and its natives per platform: {@code NativeJarIT}.
 */
class NativeLoaderTest {
    private static final String PLATFORM = Loader.getPlatform();
    private static final String NAME = NativeLoader.libraryFileName(PLATFORM);

    @TempDir
    Path dir;

    /** The library Maven built into target/classes for this platform. */
    private static Path builtLibrary() {
        Path lib = Path.of("target", "classes", "dev", "mu4j", "internal", PLATFORM, NAME);
        assertTrue(Files.isRegularFile(lib), lib + " missing: run through Maven (mvn verify)");
        return lib;
    }

    /** Runs NativeLoader.main in a fresh JVM on this test's class path; returns {exit code, output}. */
    static String[] runMain(Path workDir, List<String> jvmArgs, String classPath) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", classPath, NativeLoader.class.getName()));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    static List<Path> filesUnder(Path root) throws Exception {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Files called name under root: what JavaCPP extracted of a library. */
    static List<Path> extracted(Path root, String name) throws Exception {
        return filesUnder(root).stream().filter(f -> f.getFileName().toString().equals(name)).toList();
    }

    @Test
    void overrideNamesAFileOrADirectory() throws Exception {
        Path file = Files.createFile(dir.resolve("custom-name.so"));
        assertEquals(file, NativeLoader.resolveOverride(file.toString(), PLATFORM));

        Path direct = Files.createFile(dir.resolve(NAME));
        assertEquals(direct, NativeLoader.resolveOverride(dir.toString(), PLATFORM));

        Path nested = Files.createDirectories(dir.resolve("tree").resolve(PLATFORM)).resolve(NAME);
        Files.createFile(nested);
        assertEquals(nested, NativeLoader.resolveOverride(dir.resolve("tree").toString(), PLATFORM));
    }

    @Test
    void overrideThatNamesNothingIsAnError() throws Exception {
        MuException missing = assertThrows(MuException.class,
                () -> NativeLoader.resolveOverride(dir.resolve("absent").toString(), PLATFORM));
        assertTrue(missing.getMessage().contains("mu4j.native.path=" + dir.resolve("absent")), missing.getMessage());
        assertTrue(missing.getMessage().contains("no such file or directory"), missing.getMessage());

        MuException empty = assertThrows(MuException.class, () -> NativeLoader.resolveOverride(dir.toString(), PLATFORM));
        assertTrue(empty.getMessage().contains(dir.resolve(NAME).toString()), empty.getMessage());
        assertTrue(empty.getMessage().contains(dir.resolve(PLATFORM).resolve(NAME).toString()), empty.getMessage());
    }

    @Test
    void fileNamesFollowJavaCpp() {
        assertEquals("libjniKernels.so", NativeLoader.libraryFileName("linux-arm64"));
        assertEquals("jniKernels.dll", NativeLoader.libraryFileName("windows-x86_64"));
        assertEquals("libjniKernels.dylib", NativeLoader.libraryFileName("macosx-arm64"));
    }

    @Test
    void thisPlatformIsBundledAndLoaded() {
        assertTrue(NativeLoader.bundledPlatforms().contains(PLATFORM), NativeLoader.bundledPlatforms().toString());
        Kernels.isa(); // loads the library if no earlier test did
        assertTrue(NativeLoader.loadedFrom().endsWith(NAME), NativeLoader.loadedFrom());
    }

    @Test
    void aJvmWithTheOverrideLoadsTheCopyAndExtractsNothing() throws Exception {
        Path copy = Files.copy(builtLibrary(), Files.createDirectories(dir.resolve("lib")).resolve(NAME));
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String[] run = runMain(dir, List.of("-Dmu4j.native.path=" + copy.getParent(), "-Duser.home=" + home,
                "-Djava.io.tmpdir=" + tmp), System.getProperty("java.class.path"));
        assertEquals("0", run[0], run[1]);
        assertTrue(run[1].contains("library " + copy.toAbsolutePath()), run[1]);
        assertTrue(run[1].contains("isa "), run[1]);
        assertEquals(List.of(), extracted(home, NAME), "extracted despite the override");
        assertEquals(List.of(), filesUnder(tmp), "left in java.io.tmpdir");
    }

    @Test
    void aJvmWithABadOverrideFailsAndSaysWhy() throws Exception {
        Path notALibrary = Files.writeString(dir.resolve(NAME), "not a shared library");
        String[] run = runMain(dir, List.of("-Dmu4j.native.path=" + notALibrary), System.getProperty("java.class.path"));
        assertNotEquals("0", run[0], run[1]);
        assertTrue(run[1].contains("cannot load " + notALibrary + " (from -Dmu4j.native.path)"), run[1]);
    }
}
