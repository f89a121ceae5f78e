package org.grad4j;

import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/** Tensor creation: from Java arrays, ranges, constants, and the seeded random generator. */
final class Factories {
    /** One generator for the process, as torch's default CPU generator; guarded by its own lock. */
    static final Generator GENERATOR = new Generator(0);

    private Factories() {
    }

    static Tensor fromDoubles(double[] values, int[] shape, DType dtype) {
        Storage s = Storage.allocate(dtype, values.length);
        for (int i = 0; i < values.length; i++) {
            set(s, i, values[i]);
        }
        return new Tensor(s, shape);
    }

    static Tensor fromRows(double[][] rows, DType dtype) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("expected sequence of length " + cols + " at dim 1 (got "
                        + rows[r].length + ")");
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return fromDoubles(flat, new int[] {rows.length, cols}, dtype);
    }

    static Tensor full(double value, int[] shape, DType dtype) {
        int n = Shapes.numel(shape);
        Storage s = Storage.allocate(dtype, n);
        if (value != 0) {
            fill(s, 0, n, value);
        }
        return new Tensor(s, shape);
    }

    /** PyTorch's length rule: ceil((end - start) / step) elements. */
    static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0) {
            throw new IllegalArgumentException("step must be nonzero");
        }
        if ((step > 0 && start > end) || (step < 0 && start < end)) {
            throw new IllegalArgumentException("upper bound and larger bound inconsistent with step sign");
        }
        int n = (int) Math.ceil((end - start) / step);
        Storage s = Storage.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            set(s, i, start + i * step);
        }
        return new Tensor(s, new int[] {n});
    }

    static Tensor eye(long n, long m, DType dtype) {
        int rows = (int) n;
        int cols = (int) m;
        Storage s = Storage.allocate(dtype, rows * cols);
        for (int i = 0; i < Math.min(rows, cols); i++) {
            set(s, i * cols + i, 1);
        }
        return new Tensor(s, new int[] {rows, cols});
    }

    /** Evenly spaced, computed from both ends as PyTorch does so that the last value is exactly {@code end}. */
    static Tensor linspace(double start, double end, long steps, DType dtype) {
        if (steps < 0) {
            throw new IllegalArgumentException("number of steps must be non-negative");
        }
        int n = (int) steps;
        Storage s = Storage.allocate(dtype, n);
        double step = n > 1 ? (end - start) / (n - 1) : 0;
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            set(s, i, i < half ? start + step * i : end - step * (n - 1 - i));
        }
        return new Tensor(s, new int[] {n});
    }

    static Tensor randn(int[] shape, DType dtype) {
        requireFloating(dtype, "normal_");
        int n = Shapes.numel(shape);
        Storage s = Storage.allocate(dtype, n);
        synchronized (GENERATOR) {
            for (int i = 0; i < n; i++) {
                set(s, i, GENERATOR.nextGaussian());
            }
        }
        return new Tensor(s, shape);
    }

    static Tensor rand(int[] shape, DType dtype) {
        requireFloating(dtype, "uniform_");
        int n = Shapes.numel(shape);
        Storage s = Storage.allocate(dtype, n);
        synchronized (GENERATOR) {
            for (int i = 0; i < n; i++) {
                set(s, i, GENERATOR.nextDouble());
            }
        }
        return new Tensor(s, shape);
    }

    static void manualSeed(long seed) {
        synchronized (GENERATOR) {
            GENERATOR.setSeed(seed);
        }
    }

    private static void requireFloating(DType dtype, String op) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + op + "\" not implemented for '" + dtype + "'");
        }
    }

    static void set(Storage s, int i, double v) {
        switch (s.dtype()) {
            case FLOAT32: s.floats()[i] = (float) v; break;
            case FLOAT64: s.doubles()[i] = v; break;
            case INT64: s.longs()[i] = (long) v; break;
            default: s.bools()[i] = v != 0; break;
        }
    }

    static void fill(Storage s, int from, int to, double v) {
        switch (s.dtype()) {
            case FLOAT32: java.util.Arrays.fill(s.floats(), from, to, (float) v); break;
            case FLOAT64: java.util.Arrays.fill(s.doubles(), from, to, v); break;
            case INT64: java.util.Arrays.fill(s.longs(), from, to, (long) v); break;
            default: java.util.Arrays.fill(s.bools(), from, to, v != 0); break;
        }
    }
}
