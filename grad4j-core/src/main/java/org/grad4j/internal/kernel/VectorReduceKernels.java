package org.grad4j.internal.kernel;

/**
 * Sum kernels written with the Vector API (jdk.incubator.vector). ReduceKernels asks
 * {@link #INSTANCE} first and runs its own loop when it is null (no Vector API on this JVM, vectors
 * narrower than 256 bits, or {@code -Dgrad4j.vector=false}; see VectorSupport). Both add in the
 * order of ReduceKernels' Note [Thirty-two partial sums], so they give the same bits.
 */
interface VectorReduceKernels {
    /** The Vector API implementation, or null when the Vector API is off, unreadable or too narrow. */
    VectorReduceKernels INSTANCE = VectorSupport.load("VectorApiReduceKernels", VectorReduceKernels.class);

    /** The sum of {@code x[from .. from + n)}, accumulated in double. */
    double sum(float[] x, int from, int n);

    /** The sum of {@code x[from .. from + n)}. */
    double sum(double[] x, int from, int n);

    /** {@code acc[to + c] += x[from + c]} for c in [0, n), each float widened to double (as the scalar loop). */
    void addTo(float[] x, int from, double[] acc, int to, int n);

    /** {@code acc[to + c] += x[from + c]} for c in [0, n). */
    void addTo(double[] x, int from, double[] acc, int to, int n);

    /**
     * The largest (or smallest) of {@code x[from .. from + n)}, n >= 1, as {@code Math.max} (min)
     * folds them: NaN when any is NaN, and +0.0 above -0.0, where the scalar loop keeps the first.
     */
    float extreme(float[] x, int from, int n, boolean largest);

    /** {@link #extreme(float[], int, int, boolean)} for FLOAT64. */
    double extreme(double[] x, int from, int n, boolean largest);
}
