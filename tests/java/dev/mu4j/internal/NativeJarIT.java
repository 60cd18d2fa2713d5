package dev.mu4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in jar (target/mu4j.jar, after package) holds mu4j's and JavaCPP's natives for every platform the
 * build made (system property mu4j.test.platforms, from pom.xml: this host, plus linux-arm64 and windows-x86_64
 * with -Pcross); run from an empty folder it extracts them to JavaCPP's cache in the home folder, leaves
 * java.io.tmpdir empty, and -Dmu4j.native.path bypasses the cache. With -Pcross, an arm64 JVM under
 * qemu-aarch64 runs the jar and generates the golden continuation (.ci/install-cross unpacks that JVM).
 */
class NativeJarIT {
    private static final String PLATFORM = Loader.getPlatform();

    @TempDir
    Path dir;

    private Path jar() throws Exception {
        return Files.copy(Path.of("target", "mu4j.jar"), dir.resolve("mu4j.jar"));
    }

    private static List<String> platforms() {
        String list = System.getProperty("mu4j.test.platforms", PLATFORM);
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String javacppFileName(String platform) {
        return NativeLoader.libraryFileName(platform).replace("jniKernels", "jnijavacpp");
    }

    /** Runs java with these arguments in the temp folder; returns {exit code, output}. */
    private String[] java(String... args) throws Exception {
        return run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()), args);
    }

    /** Runs launcher + args in the temp folder; returns {exit code, output}. */
    private String[] run(List<String> launcher, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    @Test
    void jarHoldsTheNativesOfEveryBuiltPlatform() throws Exception {
        List<String> missing = new ArrayList<>();
        try (ZipFile zip = new ZipFile(Path.of("target", "mu4j.jar").toFile())) {
            for (String platform : platforms()) {
                for (String entry : List.of("dev/mu4j/internal/" + platform + "/" + NativeLoader.libraryFileName(platform),
                        "org/bytedeco/javacpp/" + platform + "/" + javacppFileName(platform))) {
                    if (zip.getEntry(entry) == null) missing.add(entry);
                }
            }
        }
        assertEquals(List.of(), missing, "not in target/mu4j.jar");
    }

    @Test
    void jarExtractsToTheHomeCacheAndLeavesTmpEmpty() throws Exception {
        Path jar = jar();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path model = Path.of("tests", "golden", "hf-llama-tiny").toAbsolutePath();
        String[] forward = java("-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString(), "forward",
                model.toString(), "--token-ids", "1,15,42,7");
        assertEquals("0", forward[0], forward[1]);
        assertEquals(List.of(), NativeLoaderTest.filesUnder(tmp), "left in java.io.tmpdir");

        String[] info = java("-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp, "-cp", jar.toString(),
                NativeLoader.class.getName());
        assertEquals("0", info[0], info[1]);
        Path cached = home.resolve(Path.of(".javacpp", "cache", "mu4j.jar", "dev", "mu4j", "internal", PLATFORM,
                NativeLoader.libraryFileName(PLATFORM)));
        assertTrue(info[1].contains("library " + cached.toRealPath()), info[1]);
        assertTrue(info[1].contains("bundled " + String.join(",", platforms())), info[1]);
        assertEquals(List.of(), NativeLoaderTest.filesUnder(tmp), "left in java.io.tmpdir");
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    @Test
    void arm64JvmRunsTheJar() throws Exception {
        Path root = Path.of(System.getProperty("mu4j.test.arm64.root", "absent"));
        Path java = root.resolve(Path.of("usr", "lib", "jvm", "java-17-openjdk-arm64", "bin", "java"));
        String why = !platforms().contains("linux-arm64") ? "the jar has no linux-arm64 natives (build with -Pcross)"
                : !onPath("qemu-aarch64") ? "qemu-aarch64 is not installed (.ci/install-cross)"
                : !Files.isExecutable(java) ? "no arm64 JVM at " + java + " (.ci/install-cross)" : null;
        if (why != null) System.out.println("SKIP arm64JvmRunsTheJar: " + why);
        assumeTrue(why == null, why);

        Path jar = jar();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> arm64 = List.of("qemu-aarch64", "-L", root.toString(), java.toString(), "-Duser.home=" + home,
                "-Djava.io.tmpdir=" + tmp);
        String[] info = run(arm64, "-cp", jar.toString(), NativeLoader.class.getName());
        assertEquals("0", info[0], info[1]);
        assertTrue(info[1].contains("platform linux-arm64"), info[1]);
        assertTrue(info[1].contains("library " + home.toRealPath().resolve(Path.of(".javacpp", "cache", "mu4j.jar",
                "dev", "mu4j", "internal", "linux-arm64", "libjniKernels.so"))), info[1]);

        Path model = Path.of("tests", "golden", "hf-llama-tiny").toAbsolutePath();
        JsonObject golden = JsonParser.parseString(Files.readString(model.resolve("greedy.json"))).getAsJsonObject();
        String ids = golden.getAsJsonArray("prompt_ids").toString().replaceAll("[\\[\\] ]", "");
        String[] gen = run(arm64, "-jar", jar.toString(), "generate", model.toString(), "--token-ids", ids, "-n", "10",
                "--stop-token", "-1", "--json");
        assertEquals("0", gen[0], gen[1]);
        JsonObject o = JsonParser.parseString(gen[1].substring(gen[1].indexOf('{'))).getAsJsonObject();
        assertEquals(golden.get("generated_ids"), o.get("tokenIds"));
        assertEquals(List.of(), NativeLoaderTest.filesUnder(tmp), "left in java.io.tmpdir");
    }

    @Test
    void overrideBypassesTheCache() throws Exception {
        Path jar = jar();
        String name = NativeLoader.libraryFileName(PLATFORM);
        Path copy = Files.copy(Path.of("target", "classes", "dev", "mu4j", "internal", PLATFORM, name),
                Files.createDirectories(dir.resolve("lib").resolve(PLATFORM)).resolve(name));
        Path home = Files.createDirectories(dir.resolve("home"));
        String[] info = java("-Duser.home=" + home, "-Dmu4j.native.path=" + dir.resolve("lib"), "-cp", jar.toString(),
                NativeLoader.class.getName());
        assertEquals("0", info[0], info[1]);
        assertTrue(info[1].contains("library " + copy.toAbsolutePath()), info[1]);
        assertEquals(List.of(), NativeLoaderTest.extracted(home, name), "extracted despite the override");
    }
}
