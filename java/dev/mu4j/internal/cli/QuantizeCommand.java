package dev.mu4j.internal.cli;

import dev.mu4j.MuException;
import dev.mu4j.internal.Kernels.QuantType;
import dev.mu4j.internal.model.Quantizer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mu4j quantize --in DIR --out DIR --type q8_0|q4_0|q8_0r4|q4_0r4}: block-quantize a model's weights. */
@Command(name = "quantize", sortOptions = false, description = {
        "Convert an F32/F16/BF16 model directory to block-quantized weights (models/FORMAT.md): every matrix whose",
        "column count is a multiple of 32 becomes q8_0 (8.5 bits/weight) or q4_0 (4.5 bits/weight); other matrices",
        "keep their dtype and are listed; norms and biases are copied. The output loads like any model directory.",
        "q8_0r4 / q4_0r4 are the same quants with the rows of each matrix interleaved in groups of 4 (where rows",
        "% 4 == 0 and columns % 256 == 0; others stay plain): the same results, and faster decoding on x86, where",
        "a product then reads one stream of memory per 4 rows (q4_0r4 is what the mu-330m benchmark uses).",
        "",
        "Example: mu4j quantize --in models/mu-settings --out /tmp/mu-settings-q4 --type q4_0r4"})
final class QuantizeCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "DIR", description = "model directory to read")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "new (or empty) directory to write")
    Path out;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "q8_0, q4_0, q8_0r4 or q4_0r4")
    String type;

    @Override
    public Integer call() throws Exception {
        QuantType quant;
        try {
            quant = QuantType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MuException("--type " + type + ": expected q8_0, q4_0, q8_0r4 or q4_0r4");
        }
        Quantizer.Report r;
        long millions = (Quantizer.elements(in) + (1 << 20) - 1) >> 20;
        try (Progress progress = new Progress("M weights", millions)) {
            long[] steps = {0};
            r = Quantizer.quantize(in, out, quant, done -> {
                for (; steps[0] < (done + (1 << 20) - 1) >> 20; steps[0]++) progress.step(); // one step per 1M weights
            });
        }
        System.out.printf(Locale.ROOT, "%s: %d matrices quantized to %s%s, %.1f MB -> %.1f MB%n", out, r.quantized(),
                quant.plain().id(), quant.interleaved() ? " (" + r.interleaved() + " with interleaved rows)" : "",
                r.bytesIn() / 1e6, r.bytesOut() / 1e6);
        for (String k : r.kept()) System.out.println("kept unquantized: " + k);
        return 0;
    }
}
