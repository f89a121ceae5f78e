package org.grad4j.internal.kernel;

import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Element moves by explicit storage positions, the primitives of the gather/scatter family
 * (indexing, gather, scatter, index_select/index_add, masked ops, take, roll): the caller computes
 * an {@code int[]} of positions once, then one dtype switch picks a plain loop over it.
 */
public final class IndexKernels {
    /** How {@link #put} combines a value with the element already at its position. */
    public enum Mode { SET, ADD, MULTIPLY }

    private IndexKernels() {
    }

    /** The storage position of every element of a strided geometry, in row-major order. */
    public static int[] positions(int[] shape, int[] strides, int offset) {
        int n = Shapes.numel(shape);
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        int rank = shape.length;
        int[] counter = new int[rank];
        int at = offset;
        for (int i = 0; i < n; i++) {
            out[i] = at;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                at += strides[d];
                if (counter[d] < shape[d]) {
                    break;
                }
                at -= strides[d] * shape[d];
                counter[d] = 0;
            }
        }
        return out;
    }

    /** A dense storage with {@code out[i] = src[at[i]]}. */
    public static Storage take(Storage src, int[] at) {
        int n = at.length;
        Storage out = Storage.allocate(src.dtype(), n);
        switch (src.dtype()) {
            case FLOAT32: {
                float[] s = src.floats();
                float[] o = out.floats();
                for (int i = 0; i < n; i++) {
                    o[i] = s[at[i]];
                }
                break;
            }
            case FLOAT64: {
                double[] s = src.doubles();
                double[] o = out.doubles();
                for (int i = 0; i < n; i++) {
                    o[i] = s[at[i]];
                }
                break;
            }
            case INT64: {
                long[] s = src.longs();
                long[] o = out.longs();
                for (int i = 0; i < n; i++) {
                    o[i] = s[at[i]];
                }
                break;
            }
            default: {
                boolean[] s = src.bools();
                boolean[] o = out.bools();
                for (int i = 0; i < n; i++) {
                    o[i] = s[at[i]];
                }
                break;
            }
        }
        return out;
    }

    /**
     * Writes dense {@code values} (same dtype, one per position) to {@code dst[at[i]]}; in order, so
     * with SET the last of repeated positions wins. BOOL combines ADD as or and MULTIPLY as and.
     */
    public static void put(Storage dst, int[] at, Storage values, Mode mode) {
        int n = at.length;
        switch (dst.dtype()) {
            case FLOAT32: {
                float[] d = dst.floats();
                float[] v = values.floats();
                if (mode == Mode.SET) {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] = v[i];
                    }
                } else if (mode == Mode.ADD) {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] += v[i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] *= v[i];
                    }
                }
                break;
            }
            case FLOAT64: {
                double[] d = dst.doubles();
                double[] v = values.doubles();
                if (mode == Mode.SET) {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] = v[i];
                    }
                } else if (mode == Mode.ADD) {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] += v[i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] *= v[i];
                    }
                }
                break;
            }
            case INT64: {
                long[] d = dst.longs();
                long[] v = values.longs();
                if (mode == Mode.SET) {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] = v[i];
                    }
                } else if (mode == Mode.ADD) {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] += v[i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        d[at[i]] *= v[i];
                    }
                }
                break;
            }
            default: {
                boolean[] d = dst.bools();
                boolean[] v = values.bools();
                for (int i = 0; i < n; i++) {
                    int p = at[i];
                    d[p] = mode == Mode.SET ? v[i] : mode == Mode.ADD ? d[p] | v[i] : d[p] & v[i];
                }
                break;
            }
        }
    }

    /** Sets {@code dst[at[i]] = value} (converted to the storage's dtype; BOOL: value != 0). */
    public static void fill(Storage dst, int[] at, double value) {
        int n = at.length;
        switch (dst.dtype()) {
            case FLOAT32: {
                float[] d = dst.floats();
                float v = (float) value;
                for (int i = 0; i < n; i++) {
                    d[at[i]] = v;
                }
                break;
            }
            case FLOAT64: {
                double[] d = dst.doubles();
                for (int i = 0; i < n; i++) {
                    d[at[i]] = value;
                }
                break;
            }
            case INT64: {
                long[] d = dst.longs();
                long v = (long) value;
                for (int i = 0; i < n; i++) {
                    d[at[i]] = v;
                }
                break;
            }
            default: {
                boolean[] d = dst.bools();
                boolean v = value != 0;
                for (int i = 0; i < n; i++) {
                    d[at[i]] = v;
                }
                break;
            }
        }
    }
}
