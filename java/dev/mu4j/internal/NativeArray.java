package dev.mu4j.internal;

import dev.mu4j.MuException;

/**
 * A typed view of native memory: an address, an element count and a dtype.
 *
 * <p>An array either owns its memory ({@link #allocate}, freed by {@link #close}) or is a view into memory
 * owned by something else (a memory-mapped file, a larger array); closing a view does nothing. Views are cheap
 * to make and carry the bounds that {@link Kernels} checks before every native call. Not thread-safe for
 * {@code close}; reading and writing disjoint parts from several threads is fine.
 */
public final class NativeArray implements AutoCloseable {
    private long address;
    private final long length;
    private final DType dtype;
    private final boolean owned;

    private NativeArray(long address, long length, DType dtype, boolean owned) {
        this.address = address;
        this.length = length;
        this.dtype = dtype;
        this.owned = owned;
    }

    /** Allocates {@code length} zeroed elements, 64-byte aligned. The caller owns the result. */
    public static NativeArray allocate(DType dtype, long length) {
        if (length < 0) throw new MuException("negative allocation length " + length);
        long bytes = Math.max(1, length) * dtype.bytes;
        long address = Kernels.alloc(bytes);
        if (address == 0) {
            throw new MuException("out of native memory allocating " + bytes + " bytes");
        }
        return new NativeArray(address, length, dtype, true);
    }

    /** A view of {@code length} elements at {@code address}; the memory belongs to someone else. */
    public static NativeArray view(long address, long length, DType dtype) {
        return new NativeArray(address, length, dtype, false);
    }

    /** Elements [offset, offset + count) of this array, as a view. */
    public NativeArray slice(long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new MuException("slice [" + offset + ", " + (offset + count) + ") out of bounds of " + length);
        }
        return new NativeArray(address() + offset * dtype.bytes, count, dtype, false);
    }

    /** The address of element 0. Throws if the array was closed. */
    public long address() {
        if (address == 0) throw new MuException("native array used after close");
        return address;
    }

    public long length() {
        return length;
    }

    public DType dtype() {
        return dtype;
    }

    public long byteSize() {
        return length * dtype.bytes;
    }

    /** Copies {@code dst.length} floats starting at element {@code offset} into {@code dst}. */
    public void read(long offset, float[] dst) {
        requireType(DType.F32);
        checkRange(offset, dst.length);
        Kernels.copyOut(dst, address() + offset * 4, dst.length);
    }

    /** Copies {@code src} into this array starting at element {@code offset}. */
    public void write(long offset, float[] src) {
        requireType(DType.F32);
        checkRange(offset, src.length);
        Kernels.copyIn(address() + offset * 4, src, src.length);
    }

    /** Copies {@code src} into this int32 array starting at element {@code offset}. */
    public void write(long offset, int[] src) {
        requireType(DType.I32);
        checkRange(offset, src.length);
        Kernels.copyIn(address() + offset * 4, src, src.length);
    }

    /** Reads one float (slow path for tests and debugging). */
    public float getFloat(long index) {
        float[] one = new float[1];
        read(index, one);
        return one[0];
    }

    private void requireType(DType t) {
        if (dtype != t) throw new MuException("expected a " + t + " array, got " + dtype);
    }

    private void checkRange(long offset, long count) {
        if (offset < 0 || offset + count > length) {
            throw new MuException("range [" + offset + ", " + (offset + count) + ") out of bounds of " + length);
        }
    }

    /** Frees owned memory; idempotent. Views are only marked closed. */
    @Override
    public void close() {
        if (address != 0 && owned) Kernels.free(address);
        address = 0;
    }
}
