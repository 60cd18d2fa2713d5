package dev.mu4j.internal.cli;

import dev.mu4j.Model;
import dev.mu4j.MuException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which backend runs the model: the native kernels (default) or ONNX Runtime with an execution provider. */
final class BackendOptions {
    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "native",
            description = "native (default) or onnx (ONNX Runtime on the model's onnx/ package; needs ONNX Runtime on"
                    + " the class path)")
    String backend;

    @Option(names = "--ort-provider", paramLabel = "NAME", defaultValue = "cpu",
            description = "ONNX Runtime execution provider: cpu (default), dnnl, qnn, openvino, dml")
    String provider;

    @Option(names = "--ort-option", paramLabel = "KEY=VALUE", description = "an execution provider option (repeatable)")
    Map<String, String> providerOptions = new LinkedHashMap<>();

    @Option(names = "--ort-fallback", description = "use the CPU provider (with a warning) if the chosen one is missing")
    boolean fallback;

    @Option(names = "--onnx-package", paramLabel = "DIR", defaultValue = "onnx",
            description = "the ONNX package directory inside the model directory (default onnx; e.g. onnx-int8)")
    String onnxPackage;

    @Option(names = "--kv-cache", paramLabel = "TYPE", defaultValue = "auto",
            description = "native KV cache: auto (default: f16 for q8_0/q4_0 weights, else f32), f16, q8 (int8 rows"
                    + " with an fp32 scale) or f32")
    String kvCache;

    @Option(names = "--huge-pages", description = "native backend: read the weights into transparent huge pages"
            + " instead of mapping them (Linux; faster decode of large models, a copy in private memory)")
    boolean hugePages;

    @Option(names = "--ort-threads", paramLabel = "N", defaultValue = "1",
            description = "ONNX Runtime intra-op threads (default 1; 0 = one per core)")
    int threads;

    Model.Options options() {
        Model.Options.Builder b = Model.Options.builder();
        try {
            b.kvCache(kvCache);
        } catch (MuException e) {
            throw new MuException("--kv-cache " + kvCache + ": use auto, f16, q8 or f32");
        }
        if (backend.equalsIgnoreCase("native")) return b.hugePages(hugePages).build();
        if (hugePages) throw new MuException("--huge-pages needs --backend native");
        b.backend(backend).provider(provider)
                .fallbackToCpu(fallback).onnxPackage(onnxPackage).threads(threads);
        providerOptions.forEach(b::providerOption);
        return b.build();
    }
}
