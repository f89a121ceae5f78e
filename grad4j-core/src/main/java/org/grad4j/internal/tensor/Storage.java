package org.grad4j.internal.tensor;

import org.grad4j.DType;

/**
 * A tensor's elements: one primitive array of the tensor's dtype, shared by every view of it,
 * plus the version counter that autograd uses to detect in-place changes.
 *
 * <p>Note [Version counter sharing]: the counter lives here, not on the tensor, so that a view,
 * its base and {@code detach()} results all see one another's in-place writes. An in-place op bumps
 * it only after its write succeeded; a saved tensor compares it when it is unpacked.
 */
public final class Storage {
    private final DType dtype;
    private final Object array;
    private int version;
    /** While anomaly detection is on (on any thread), in-place writes remember their call site; see Note [Anomaly mode]. */
    private static volatile boolean recordWriteSites;
    private Throwable lastWriteSite;

    private Storage(DType dtype, Object array) {
        this.dtype = dtype;
        this.array = array;
    }

    public static Storage allocate(DType dtype, int size) {
        switch (dtype) {
            case FLOAT32: return new Storage(dtype, new float[size]);
            case FLOAT64: return new Storage(dtype, new double[size]);
            case INT64: return new Storage(dtype, new long[size]);
            default: return new Storage(dtype, new boolean[size]);
        }
    }

    public static Storage of(float[] data) {
        return new Storage(DType.FLOAT32, data);
    }

    public static Storage of(double[] data) {
        return new Storage(DType.FLOAT64, data);
    }

    public static Storage of(long[] data) {
        return new Storage(DType.INT64, data);
    }

    public static Storage of(boolean[] data) {
        return new Storage(DType.BOOL, data);
    }

    /** Number of elements the array holds. */
    public int length() {
        switch (dtype) {
            case FLOAT32: return floats().length;
            case FLOAT64: return doubles().length;
            case INT64: return longs().length;
            default: return bools().length;
        }
    }

    public DType dtype() {
        return dtype;
    }

    public float[] floats() {
        return (float[]) array;
    }

    public double[] doubles() {
        return (double[]) array;
    }

    public long[] longs() {
        return (long[]) array;
    }

    public boolean[] bools() {
        return (boolean[]) array;
    }

    /** The element at {@code index} widened to double (bool as 0/1); for printing and slow paths. */
    public double getAsDouble(int index) {
        switch (dtype) {
            case FLOAT32: return floats()[index];
            case FLOAT64: return doubles()[index];
            case INT64: return longs()[index];
            default: return bools()[index] ? 1 : 0;
        }
    }

    public int version() {
        return version;
    }

    /** Records one in-place write; see Note [Version counter sharing]. */
    public void bumpVersion() {
        version++;
        if (recordWriteSites) {
            lastWriteSite = new Throwable("in-place write");
        }
    }

    /** Where the last in-place write happened, when anomaly detection was on at the time; otherwise null. */
    public Throwable lastWriteSite() {
        return lastWriteSite;
    }

    /** Turned on while any anomaly-detection scope is open (by org.grad4j.autograd.AnomalyMode). */
    public static void recordWriteSites(boolean on) {
        recordWriteSites = on;
    }
}
