package org.grad4j.internal.tensor;

import java.util.Arrays;

/** Shape and stride arithmetic: sizes, contiguity, broadcasting and view-compatible reshapes. */
public final class Shapes {
    public static final int[] SCALAR = new int[0];

    private Shapes() {
    }

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of " + n + " elements exceeds the 2^31 element limit of a Java array");
        }
        return (int) n;
    }

    /** Row-major strides of a dense tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        if (shape.length == 0) {
            return SCALAR;
        }
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= Math.max(shape[d], 1);
        }
        return strides;
    }

    /** True when the geometry walks its elements in row-major order with no gaps (size-1 dims ignored). */
    public static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            if (shape[d] == 0) {
                return true;
            }
            if (strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** The broadcast shape of two shapes, failing with PyTorch's message. */
    public static int[] broadcast(int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("The size of tensor a (" + da + ") must match the size of tensor b ("
                        + db + ") at non-singleton dimension " + i);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor of {@code shape}/{@code strides} as if expanded to {@code target}. */
    public static int[] expandedStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                out[i] = 0;
            } else {
                int size = shape[i - lead];
                if (size == target[i]) {
                    out[i] = strides[i - lead];
                } else if (size == 1) {
                    out[i] = 0;
                } else {
                    throw new IllegalArgumentException("The expanded size of the tensor (" + target[i]
                            + ") must match the existing size (" + size + ") at non-singleton dimension " + i
                            + ".  Target sizes: " + format(target) + ".  Tensor sizes: " + format(shape));
                }
            }
        }
        return out;
    }

    /**
     * Strides that view a tensor of {@code shape}/{@code strides} with {@code newShape} without copying,
     * or null when its memory layout does not allow it (PyTorch's {@code computeStride}).
     */
    public static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        int[] newStrides = new int[newShape.length];
        if (numel(shape) == 0 || shape.length == 0) {
            // Empty, or 0-d (one element, so every new dim is 1): any layout views it.
            return contiguousStrides(newShape);
        }
        int viewD = newShape.length - 1;
        int chunkBaseStride = strides.length > 0 ? strides[strides.length - 1] : 1;
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            boolean chunkEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBaseStride);
            if (chunkEnds) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBaseStride = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    /** Resolves one {@code -1} entry and checks the element count, with PyTorch's message. */
    public static int[] inferSize(long[] requested, int numel) {
        int[] out = new int[requested.length];
        int inferred = -1;
        long product = 1;
        for (int i = 0; i < requested.length; i++) {
            if (requested[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("only one dimension can be inferred");
                }
                inferred = i;
            } else if (requested[i] < 0) {
                throw new IllegalArgumentException("invalid shape dimension " + requested[i]);
            } else {
                product *= requested[i];
                out[i] = (int) requested[i];
            }
        }
        if (inferred >= 0 && product != 0 && numel % product == 0) {
            out[inferred] = (int) (numel / product);
            return out;
        }
        if (inferred < 0 && product == numel) {
            return out;
        }
        throw new IllegalArgumentException("shape '" + format(requested) + "' is invalid for input of size " + numel);
    }

    /** Wraps a possibly negative dim, failing with PyTorch's message. */
    public static int wrapDim(long dim, int rank) {
        int range = Math.max(rank, 1);
        if (dim < -range || dim >= range) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [" + (-range)
                    + ", " + (range - 1) + "], but got " + dim + ")");
        }
        return (int) (dim < 0 ? dim + range : dim);
    }

    public static int[] toInts(long[] shape) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("Trying to create tensor with negative dimension " + shape[i]
                        + ": " + format(shape));
            }
            if (shape[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dimension " + shape[i] + " exceeds the 2^31 limit of a Java array");
            }
            out[i] = (int) shape[i];
        }
        return out;
    }

    public static long[] toLongs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    /** PyTorch's {@code [2, 3]} spelling of a shape. */
    public static String format(int[] shape) {
        return Arrays.toString(shape);
    }

    public static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}
