package org.grad4j.openblas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.grad4j.internal.kernel.GemmBackend;
import org.grad4j.internal.kernel.Parallel;

/**
 * grad4j's gemm backend on OpenBLAS (cblas_sgemm, cblas_dgemm with beta = 1, so C accumulates as
 * the Java kernels do). Loaded by core's ServiceLoader; loading it loads the native library.
 *
 * <p>BLAS takes a matrix that is row-major (unit column stride) or its transpose (unit row
 * stride), with a leading dimension covering a row; other layouts are declined and the Java
 * kernel runs.
 *
 * <p>Note [Native operands]: JNI hands a Java array to native code by copying it into memory it
 * allocates per call (for large arrays, fresh pages each time), and JavaCPP's heap-buffer path
 * mishandles an operand that starts inside its array. So the operands are copied into direct
 * buffers kept per calling thread, and C copied back: B by the calling thread, each block of rows
 * of A and C by the thread that multiplies it. The multiply is split into row blocks across
 * grad4j's own threads, each a single-threaded OpenBLAS call: OpenBLAS's own threads, inside a
 * JVM, measured up to a hundred times slower on a busy two-core machine.
 */
public final class OpenBlasGemm implements GemmBackend {
    /**
     * Multiply-adds worth one thread's share of a product (see Parallel): a product of n = 128 (2M)
     * stays on one thread, where handing half of it to another thread cost more than it saved.
     */
    private static final long PARALLEL_WORK = 1 << 22;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    public OpenBlasGemm() {
        openblas_nolapack.blas_set_num_threads(1);
    }

    @Override
    public String name() {
        return "OpenBLAS";
    }

    @Override
    public boolean sgemm(int m, int n, int k, float[] a, int aOff, int aRowStride, int aColStride,
                         float[] b, int bOff, int bRowStride, int bColStride, float[] c, int cOff, int ldc) {
        Operand left = Operand.of(m, k, aRowStride, aColStride);
        Operand right = Operand.of(k, n, bRowStride, bColStride);
        if (left == null || right == null) {
            return false;
        }
        Scratch scratch = SCRATCH.get();
        FloatBuffer x = scratch.floats(0, extent(m, k, aRowStride, aColStride));
        FloatBuffer y = scratch.floats(1, extent(k, n, bRowStride, bColStride));
        FloatBuffer z = scratch.floats(2, extent(m, n, ldc, 1));
        y.put(0, b, bOff, y.limit());
        if (!left.rowsAreSpans()) {
            x.put(0, a, aOff, x.limit());
        }
        Parallel.forRange(m, rowGrain(n, k), (r0, r1) -> {
            // each thread copies its own rows of A and C in and its rows of C out (Note [Native operands])
            if (left.rowsAreSpans()) {
                int from = left.rowOffset(r0);
                x.put(from, a, aOff + from, extent(r1 - r0, k, left.leading, 1));
            }
            int cFrom = r0 * ldc;
            int cCount = extent(r1 - r0, n, ldc, 1);
            z.put(cFrom, c, cOff + cFrom, cCount);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, left.transpose, right.transpose,
                    r1 - r0, n, k, 1f, slice(x, left.rowOffset(r0)), left.leading, y, right.leading,
                    1f, slice(z, cFrom), ldc);
            z.get(cFrom, c, cOff + cFrom, cCount);
        });
        return true;
    }

    /** sgemm's steps in doubles (FloatBuffer and DoubleBuffer, cblas_sgemm and cblas_dgemm share no type). */
    @Override
    public boolean dgemm(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                         double[] b, int bOff, int bRowStride, int bColStride, double[] c, int cOff, int ldc) {
        Operand left = Operand.of(m, k, aRowStride, aColStride);
        Operand right = Operand.of(k, n, bRowStride, bColStride);
        if (left == null || right == null) {
            return false;
        }
        Scratch scratch = SCRATCH.get();
        DoubleBuffer x = scratch.doubles(0, extent(m, k, aRowStride, aColStride));
        DoubleBuffer y = scratch.doubles(1, extent(k, n, bRowStride, bColStride));
        DoubleBuffer z = scratch.doubles(2, extent(m, n, ldc, 1));
        y.put(0, b, bOff, y.limit());
        if (!left.rowsAreSpans()) {
            x.put(0, a, aOff, x.limit());
        }
        Parallel.forRange(m, rowGrain(n, k), (r0, r1) -> {
            // each thread copies its own rows of A and C in and its rows of C out (Note [Native operands])
            if (left.rowsAreSpans()) {
                int from = left.rowOffset(r0);
                x.put(from, a, aOff + from, extent(r1 - r0, k, left.leading, 1));
            }
            int cFrom = r0 * ldc;
            int cCount = extent(r1 - r0, n, ldc, 1);
            z.put(cFrom, c, cOff + cFrom, cCount);
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, left.transpose, right.transpose,
                    r1 - r0, n, k, 1.0, slice(x, left.rowOffset(r0)), left.leading, y, right.leading,
                    1.0, slice(z, cFrom), ldc);
            z.get(cFrom, c, cOff + cFrom, cCount);
        });
        return true;
    }

    private static int rowGrain(int n, int k) {
        return (int) Math.max(1, PARALLEL_WORK / Math.max(1L, (long) n * k));
    }

    /** Elements an operand spans from its first: its last element's offset plus one. */
    private static int extent(int rows, int cols, int rowStride, int colStride) {
        return (rows - 1) * rowStride + (cols - 1) * colStride + 1;
    }

    /** The buffer's contents from {@code offset} on, as a buffer of its own (a native address JavaCPP passes as is). */
    private static FloatBuffer slice(FloatBuffer buffer, int offset) {
        return buffer.slice(offset, buffer.limit() - offset);
    }

    private static DoubleBuffer slice(DoubleBuffer buffer, int offset) {
        return buffer.slice(offset, buffer.limit() - offset);
    }

    /** How BLAS reads a rows x cols operand: transposed or not, and its leading dimension. */
    private record Operand(int transpose, int leading) {
        /** Null when the strides fit neither a row-major matrix nor a transposed one. */
        static Operand of(int rows, int cols, int rowStride, int colStride) {
            // a dimension of size 1 is never stepped along, so any stride works for it
            if ((colStride == 1 || cols == 1) && rowStride >= Math.max(1, cols)) {
                return new Operand(openblas_nolapack.CblasNoTrans, Math.max(rowStride, 1));
            }
            if ((rowStride == 1 || rows == 1) && colStride >= Math.max(1, rows)) {
                return new Operand(openblas_nolapack.CblasTrans, Math.max(colStride, 1));
            }
            return null;
        }

        /** True when each row is a contiguous run of the span (not transposed), so a block of rows is one span. */
        boolean rowsAreSpans() {
            return transpose == openblas_nolapack.CblasNoTrans;
        }

        /** Where row {@code r} starts in the packed span. */
        int rowOffset(int r) {
            return transpose == openblas_nolapack.CblasNoTrans ? r * leading : r;
        }
    }

    /** Three direct buffers (A, B, C) per thread, grown as needed and reused; see Note [Native operands]. */
    private static final class Scratch {
        private final ByteBuffer[] buffers = new ByteBuffer[3];

        FloatBuffer floats(int which, int count) {
            return bytes(which, (long) count * Float.BYTES).asFloatBuffer().limit(count);
        }

        DoubleBuffer doubles(int which, int count) {
            return bytes(which, (long) count * Double.BYTES).asDoubleBuffer().limit(count);
        }

        private ByteBuffer bytes(int which, long size) {
            ByteBuffer buffer = buffers[which];
            if (buffer == null || buffer.capacity() < size) {
                buffer = ByteBuffer.allocateDirect((int) Math.max(size, 1)).order(ByteOrder.nativeOrder());
                buffers[which] = buffer;
            }
            return buffer.clear();
        }
    }
}
