package org.grad4j.internal.kernel;

/**
 * A native matrix-multiply library that core hands large products to, found with
 * {@link java.util.ServiceLoader} when its jar is on the class path (grad4j-openblas is one);
 * core never depends on one. The operands are described as in {@link DoubleGemm#gemm}.
 */
public interface GemmBackend {
    /** A short name for messages and benchmarks, e.g. "OpenBLAS". */
    String name();

    /**
     * c[cOff + i * ldc + j] += sum_p A(i, p) B(p, j), as {@link FloatGemm#gemm}. Returns false,
     * having written nothing, for a layout the library cannot take (then the Java kernel runs).
     */
    boolean sgemm(int m, int n, int k, float[] a, int aOff, int aRowStride, int aColStride,
                  float[] b, int bOff, int bRowStride, int bColStride, float[] c, int cOff, int ldc);

    /** The FLOAT64 twin of {@link #sgemm}. */
    boolean dgemm(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                  double[] b, int bOff, int bRowStride, int bColStride, double[] c, int cOff, int ldc);
}
