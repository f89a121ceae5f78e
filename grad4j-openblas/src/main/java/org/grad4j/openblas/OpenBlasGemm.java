package org.grad4j.openblas;

import java.util.Arrays;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.grad4j.internal.kernel.GemmBackend;
import org.grad4j.internal.kernel.Parallel;

/**
 * grad4j's gemm backend on OpenBLAS (cblas_sgemm, cblas_dgemm with beta = 1, so C accumulates as
 * the Java kernels do). Loaded by core's ServiceLoader; loading it loads the native library and
 * gives OpenBLAS grad4j's thread count.
 *
 * <p>BLAS takes a matrix that is row-major (unit column stride) or its transpose (unit row
 * stride), with a leading dimension covering a row; other layouts are declined and the Java
 * kernel runs. JNI copies a Java array around a native call, so an operand that is a small part
 * of a much larger array (one matrix of a bmm batch) is declined too, rather than copied whole.
 * JavaCPP's array overloads take no offset (and its heap-buffer path frees the wrong pointer when
 * the buffer starts inside its array), so an operand that starts at an offset is copied out first.
 */
public final class OpenBlasGemm implements GemmBackend {
    /** An operand may sit in an array at most this many times its own size (plus {@link #ARRAY_SLACK}). */
    private static final int MAX_ARRAY_OVERHEAD = 4;
    /** Elements any array may have beyond that: copying them costs nothing worth declining for. */
    private static final int ARRAY_SLACK = 4096;

    public OpenBlasGemm() {
        openblas_nolapack.blas_set_num_threads(Parallel.threads());
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
        if (left == null || right == null || !compact(a.length, m, k) || !compact(b.length, k, n)
                || !compact(c.length, m, n)) {
            return false;
        }
        float[] out = cOff == 0 ? c : new float[(m - 1) * ldc + n];
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, left.transpose, right.transpose, m, n, k, 1f,
                from(a, aOff, extent(m, k, aRowStride, aColStride)), left.leading,
                from(b, bOff, extent(k, n, bRowStride, bColStride)), right.leading, 1f, out, ldc);
        if (out != c) {
            addInto(out, c, cOff);
        }
        return true;
    }

    @Override
    public boolean dgemm(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                         double[] b, int bOff, int bRowStride, int bColStride, double[] c, int cOff, int ldc) {
        Operand left = Operand.of(m, k, aRowStride, aColStride);
        Operand right = Operand.of(k, n, bRowStride, bColStride);
        if (left == null || right == null || !compact(a.length, m, k) || !compact(b.length, k, n)
                || !compact(c.length, m, n)) {
            return false;
        }
        double[] out = cOff == 0 ? c : new double[(m - 1) * ldc + n];
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, left.transpose, right.transpose, m, n, k, 1.0,
                from(a, aOff, extent(m, k, aRowStride, aColStride)), left.leading,
                from(b, bOff, extent(k, n, bRowStride, bColStride)), right.leading, 1.0, out, ldc);
        if (out != c) {
            addInto(out, c, cOff);
        }
        return true;
    }

    private static boolean compact(int arrayLength, int rows, int cols) {
        return arrayLength <= (long) MAX_ARRAY_OVERHEAD * rows * cols + ARRAY_SLACK;
    }

    /** Elements an operand spans from its first: its last element's offset plus one. */
    private static int extent(int rows, int cols, int rowStride, int colStride) {
        return (rows - 1) * rowStride + (cols - 1) * colStride + 1;
    }

    /** The array itself when the operand starts at 0, else a copy of the span it reads. */
    private static float[] from(float[] array, int offset, int extent) {
        return offset == 0 ? array : Arrays.copyOfRange(array, offset, offset + extent);
    }

    private static double[] from(double[] array, int offset, int extent) {
        return offset == 0 ? array : Arrays.copyOfRange(array, offset, offset + extent);
    }

    /** C starting at cOff += the product computed at 0 (the gemm contract accumulates). */
    private static void addInto(float[] product, float[] c, int cOff) {
        for (int i = 0; i < product.length; i++) {
            c[cOff + i] += product[i];
        }
    }

    private static void addInto(double[] product, double[] c, int cOff) {
        for (int i = 0; i < product.length; i++) {
            c[cOff + i] += product[i];
        }
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
            if (rows == 1 && cols == 1) {
                return new Operand(openblas_nolapack.CblasNoTrans, 1);
            }
            return null;
        }
    }
}
