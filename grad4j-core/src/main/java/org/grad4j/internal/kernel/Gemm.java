package org.grad4j.internal.kernel;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Picks the matrix-multiply kernel: a {@link GemmBackend} found on the class path for products
 * big enough to be worth a native call, else the Java kernels (FloatGemm, DoubleGemm).
 * {@code -Dgrad4j.gemm=java} ignores any backend.
 */
public final class Gemm {
    /** Multiply-adds below which the Java kernel wins over the cost of a native call. */
    private static final long BACKEND_MIN_WORK = 1 << 15;
    private static final GemmBackend BACKEND = loadBackend();

    private Gemm() {
    }

    /** The backend in use, or null when the Java kernels do all the work. */
    public static GemmBackend backend() {
        return BACKEND;
    }

    /** See {@link FloatGemm#gemm}. */
    public static void sgemm(int m, int n, int k, float[] a, int aOff, int aRowStride, int aColStride,
                             float[] b, int bOff, int bRowStride, int bColStride, float[] c, int cOff, int ldc) {
        if (BACKEND != null && (long) m * n * k >= BACKEND_MIN_WORK
                && BACKEND.sgemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc)) {
            return;
        }
        FloatGemm.gemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc);
    }

    /** See {@link DoubleGemm#gemm}. */
    public static void dgemm(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                             double[] b, int bOff, int bRowStride, int bColStride, double[] c, int cOff, int ldc) {
        if (BACKEND != null && (long) m * n * k >= BACKEND_MIN_WORK
                && BACKEND.dgemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc)) {
            return;
        }
        DoubleGemm.gemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc);
    }

    /** The first backend that loads; one whose native library fails to load is skipped. */
    private static GemmBackend loadBackend() {
        if ("java".equals(System.getProperty("grad4j.gemm"))) {
            return null;
        }
        Iterator<GemmBackend> found = ServiceLoader.load(GemmBackend.class, Gemm.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!found.hasNext()) {
                    return null;
                }
                return found.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // a backend whose library cannot load on this machine: the next one, or Java
            }
        }
    }
}
