package dev.mu4j.internal;

/** Element types of weights and buffers, with their safetensors names. */
public enum DType {
    F32(4, "F32"),
    F16(2, "F16"),
    BF16(2, "BF16"),
    I32(4, "I32"),
    /** q8_0 quants, and the bytes of quantized activations (models/FORMAT.md). */
    I8(1, "I8"),
    /** q4_0 packed nibbles (models/FORMAT.md). */
    U8(1, "U8");

    /** Bytes per element. */
    public final int bytes;
    /** The dtype string used in safetensors headers. */
    public final String safetensorsName;

    DType(int bytes, String safetensorsName) {
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    /** The dtype for a safetensors header string, or null if mu4j cannot compute with it. */
    public static DType fromSafetensors(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) return t;
        }
        return null;
    }
}
