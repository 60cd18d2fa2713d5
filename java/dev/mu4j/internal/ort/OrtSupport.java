package dev.mu4j.internal.ort;

import dev.mu4j.ModelConfig;
import dev.mu4j.MuException;
import dev.mu4j.internal.backend.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entry to the ONNX Runtime backend that is safe to call without ONNX Runtime on the class path: it names the
 * providers and checks for the runtime before any class that links against it ({@link OrtBackend}) is touched.
 */
public final class OrtSupport {
    /** Our provider names → ONNX Runtime's execution provider names, in the order the docs list them. */
    public static final Map<String, String> PROVIDERS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", "CPUExecutionProvider");
        m.put("dnnl", "DnnlExecutionProvider");
        m.put("qnn", "QNNExecutionProvider");
        m.put("openvino", "OpenVINOExecutionProvider");
        m.put("dml", "DmlExecutionProvider");
        PROVIDERS = java.util.Collections.unmodifiableMap(m);
    }

    /** The ONNX Runtime versions this backend is built and tested against (README "ONNX Runtime backend"). */
    public static final String COMPATIBLE = "ONNX Runtime 1.24.x or newer 1.x (C API version 24), bytedeco preset"
            + " org.bytedeco:onnxruntime:1.24.1-1.5.13";

    static final String MISSING = "the ONNX Runtime backend needs org.bytedeco:onnxruntime:1.24.1-1.5.13 (+ its"
            + " platform classifier) and the dnnl 3.11-1.5.13 and opencl 3.0-1.5.13 natives on the class path; the"
            + " drop-in mu4j.jar does not carry them (see README \"ONNX Runtime backend\")";

    private OrtSupport() {}

    /** Whether the ONNX Runtime preset classes are on the class path (they may still fail to load their natives). */
    public static boolean available() {
        try {
            Class.forName("org.bytedeco.onnxruntime.Env", false, OrtSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Prints which ONNX Runtime the class path loads and its execution providers:
     * {@code java -cp CLASSPATH dev.mu4j.internal.ort.OrtSupport} (to check a plugged-in vendor build).
     */
    public static void main(String[] args) {
        if (!available()) {
            System.out.println(MISSING);
            System.exit(1);
        }
        System.out.println(OrtBackend.describe());
    }

    /**
     * Opens the ONNX package {@code dir/packageName} for ONNX Runtime with the named execution provider.
     *
     * @throws MuException if ONNX Runtime is absent, the package is missing, malformed or stale, or the provider
     *                     is missing and {@code fallbackToCpu} is false
     */
    public static Backend open(Path dir, ModelConfig config, String packageName, String provider,
                               Map<String, String> providerOptions, boolean fallbackToCpu, int threads)
            throws IOException {
        OnnxPackage pkg = OnnxPackage.read(dir, dir.resolve(packageName), config);
        if (!available()) throw new MuException(MISSING);
        try {
            return OrtBackend.open(pkg, provider, providerOptions, fallbackToCpu, threads);
        } catch (NoClassDefFoundError | UnsatisfiedLinkError e) {
            throw new MuException(MISSING + " (" + e + ")");
        }
    }
}
