package org.grad4j.internal.kernel;

/**
 * Unary kernels written with the Vector API (jdk.incubator.vector), for the ops where it pays: the
 * exp/log/sin family, which plain Java computes one {@code Math} call at a time. The dtype kernels
 * ask {@link #INSTANCE} first and run their own loop when it declines or is null (no Vector API on
 * this JVM, or {@code -Dgrad4j.vector=false}; see VectorSupport).
 */
interface VectorUnaryKernels {
    /** The Vector API implementation, or null when the Vector API is off or unreadable. */
    VectorUnaryKernels INSTANCE = VectorSupport.load("VectorApiUnaryKernels", VectorUnaryKernels.class);

    /**
     * Writes {@code op(x[i])} into {@code out[i]} for i in [from, to) and returns true, or returns
     * false, writing nothing, when it has no kernel for {@code op} on FLOAT32.
     */
    boolean apply(UnaryKernel op, float[] x, float[] out, int from, int to);

    /** {@link #apply(UnaryKernel, float[], float[], int, int)} for FLOAT64. */
    boolean apply(UnaryKernel op, double[] x, double[] out, int from, int to);
}
