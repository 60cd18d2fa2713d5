package dev.mu4j.internal;

import dev.mu4j.MuException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the JNI library of {@link Kernels} ({@code libjniKernels.so}, {@code jniKernels.dll}) once, when
 * {@code Kernels} is first used.
 *
 * <p>By default JavaCPP picks the library for this platform ({@link Loader#getPlatform()}, e.g. linux-x86_64,
 * linux-arm64, windows-x86_64) from {@code dev/mu4j/internal/<platform>/} on the class path. Out of a jar it is
 * first copied into JavaCPP's cache, {@code ~/.javacpp/cache/<jar name>/...}, together with JavaCPP's own
 * {@code jnijavacpp} library; {@code -Dorg.bytedeco.javacpp.cachedir=DIR} moves that cache. The copies are kept
 * and reused by later runs (refreshed when the jar's entry changes); nothing is written to
 * {@code java.io.tmpdir}, unless the home folder is not writable: JavaCPP then keeps its cache in
 * {@code <java.io.tmpdir>/.javacpp-<user>/cache}.
 *
 * <p>{@code -Dmu4j.native.path=FILE|DIR} loads the library from there instead, with {@link System#load};
 * {@link Loader#load} is then not called for {@code Kernels}, so mu4j's library is not extracted. (Loading it
 * still initialises JavaCPP's {@code Pointer} class, which loads {@code jnijavacpp} through the cache as
 * usual.) A directory is searched for the platform's file name, directly and in a {@code <platform>/} folder.
 * A path that names no library, or a library that fails to load, is an error: there is no fallback to the jar.
 *
 * <p>{@code java -cp mu4j.jar dev.mu4j.internal.NativeLoader} prints the platform, the platforms this class
 * path has natives for, the file loaded and the kernel ISA. Thread-safe.
 */
public final class NativeLoader {
    /** System property naming a JNI library file, or a directory holding one, to load instead of the jar's. */
    public static final String PATH_PROPERTY = "mu4j.native.path";

    static final String LIBRARY = "jniKernels";

    /** Platforms a build may carry natives for: this host's, and what -Pcross adds (see the README, Platforms). */
    static final List<String> KNOWN_PLATFORMS =
            List.of("linux-x86_64", "linux-arm64", "windows-x86_64", "windows-arm64", "macosx-x86_64", "macosx-arm64");

    private static final System.Logger LOG = System.getLogger(NativeLoader.class.getName());

    private static String loadedFrom;

    private NativeLoader() {}

    /** Loads the library; called once from the static initialiser of {@link Kernels}. */
    static synchronized void load() {
        if (loadedFrom != null) return;
        String platform = Loader.getPlatform();
        String override = System.getProperty(PATH_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path file = resolveOverride(override, platform);
            try {
                System.load(file.toAbsolutePath().toString());
            } catch (UnsatisfiedLinkError e) {
                throw new MuException("cannot load " + file + " (from -D" + PATH_PROPERTY + ") on platform "
                        + platform + ": " + e.getMessage(), e);
            }
            loadedFrom = file.toAbsolutePath().toString();
        } else {
            try {
                loadedFrom = Loader.load(Kernels.class);
            } catch (UnsatisfiedLinkError e) {
                List<String> bundled = bundledPlatforms();
                throw new MuException("cannot load the mu4j native library for platform " + platform + "; this "
                        + "class path has natives for " + (bundled.isEmpty() ? "no platform" : bundled) + ". Build "
                        + "mu4j on " + platform + " (mvn package), or point -D" + PATH_PROPERTY + " at a "
                        + System.mapLibraryName(LIBRARY) + " built for it; -Dorg.bytedeco.javacpp.logger.debug=true"
                        + " shows where JavaCPP looked: " + e.getMessage(), e);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "mu4j native library for {0}: {1}", platform, loadedFrom);
    }

    /** The file the library was loaded from, or null before {@link Kernels} is first used. */
    public static synchronized String loadedFrom() {
        return loadedFrom;
    }

    /**
     * The library file that {@code -Dmu4j.native.path=value} names on {@code platform}: the file itself, or in a
     * directory {@code DIR/<name>} then {@code DIR/<platform>/<name>}, where name is the platform's file name
     * ({@code libjniKernels.so}, {@code jniKernels.dll}, {@code libjniKernels.dylib}).
     *
     * @throws MuException naming the value and the files looked for, when none exists
     */
    static Path resolveOverride(String value, String platform) {
        Path path = Path.of(value);
        if (Files.isRegularFile(path)) return path;
        if (!Files.isDirectory(path)) {
            throw new MuException("-D" + PATH_PROPERTY + "=" + value + ": no such file or directory");
        }
        String name = libraryFileName(platform);
        List<Path> candidates = List.of(path.resolve(name), path.resolve(platform).resolve(name));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new MuException("-D" + PATH_PROPERTY + "=" + value + ": the directory holds neither "
                + candidates.get(0) + " nor " + candidates.get(1));
    }

    /** The JNI library's file name on a platform, as JavaCPP names it. */
    static String libraryFileName(String platform) {
        if (platform.startsWith("windows")) return LIBRARY + ".dll";
        if (platform.startsWith("macosx")) return "lib" + LIBRARY + ".dylib";
        return "lib" + LIBRARY + ".so";
    }

    /** The known platforms whose JNI library is on this class path ({@code dev/mu4j/internal/<platform>/}). */
    static List<String> bundledPlatforms() {
        List<String> found = new ArrayList<>();
        for (String platform : KNOWN_PLATFORMS) {
            if (Kernels.class.getResource(platform + "/" + libraryFileName(platform)) != null) found.add(platform);
        }
        return found;
    }

    /** Prints where the library comes from; a diagnostic for bug reports and for the tests of this class. */
    public static void main(String[] args) {
        System.out.println("platform " + Loader.getPlatform());
        System.out.println("bundled " + String.join(",", bundledPlatforms()));
        String isa = Kernels.isaName(Kernels.isa());
        System.out.println("library " + loadedFrom());
        System.out.println("isa " + isa);
    }
}
