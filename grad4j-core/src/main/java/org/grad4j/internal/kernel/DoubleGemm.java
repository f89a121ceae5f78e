package org.grad4j.internal.kernel;

import java.util.Arrays;

/**
 * FLOAT64 matrix multiply, C += A B, packed and cache-blocked (Goto's scheme, as in BLIS and
 * OpenBLAS): the hand-written source of truth; FloatGemm is generated from this file by
 * KernelSourceGenerator, so every expression must still compile with double replaced by float.
 *
 * <p>Note [Gemm blocking]: B is packed a {@value #KC} x {@link #NC} block at a time, one array
 * per row, and A {@value #MR} rows at a time, column by column. The micro-kernel updates
 * {@value #MR} rows of C copied into four scratch arrays. HotSpot (17) vectorises its loop over j
 * only when every array in it is indexed by plain j: a row of B at an offset into a larger array,
 * or four rows of C in one array, keep it scalar and about four times slower. Packing reads the
 * operands through their strides, so transposed and sliced views are multiplied without a copy.
 *
 * <p>The micro-kernel is a {@link MicroKernel}: DoubleVectorMicroKernel (Vector API, registers
 * hold the C tile) when VectorSupport can load it, else the loop below that HotSpot vectorises.
 *
 * <p>Note [Gemm padding]: the packed B rows and the four C scratch rows are as wide as the block
 * rounded up to the micro-kernel's {@link MicroKernel#columnMultiple()}, the extra columns zero in
 * B and never copied back to C. The Vector API kernel then runs one tile shape only: with a second
 * shape for left-over columns, that shape's method was called too rarely for HotSpot (17) to
 * compile it fully, and ran, vectors boxed, many times slower in about one JVM run in three.
 */
public final class DoubleGemm {
    /** Rows of C one micro-kernel call updates. */
    static final int MR = 4;
    /** Depth of a packed block: MR rows of A and KC rows of a B block stay in L1/L2 while it is used. */
    static final int KC = 256;
    /** Width of a packed B block (KC x NC elements): rows of 1 KiB, which measured best for both dtypes. */
    static final int NC = 1024 / Double.BYTES;
    /** Multiply-adds below which a block runs on the calling thread (see Parallel). */
    private static final int PARALLEL_WORK = 1 << 18;
    /** Multiply-adds below which packing costs more than it saves (tiny matrices, e.g. in a bmm). */
    private static final int SMALL_WORK = 1 << 12;

    /** The micro-kernel's loop written for HotSpot's auto-vectoriser: works on every JVM. */
    static final MicroKernel SCALAR_KERNEL = DoubleGemm::microKernel;
    /** The Vector API micro-kernel, or null when the JVM cannot run it or -Dgrad4j.vector=false. */
    static final MicroKernel VECTOR_KERNEL = VectorSupport.load("DoubleVectorMicroKernel", MicroKernel.class);
    private static final MicroKernel KERNEL = VECTOR_KERNEL != null ? VECTOR_KERNEL : SCALAR_KERNEL;

    /** Rows c0..c3 (nc columns) += packedA (MR x kc, column by column) times packedB (kc rows of nc). */
    @FunctionalInterface
    interface MicroKernel {
        void update(double[] packedA, double[][] packedB, int kc, int nc,
                    double[] c0, double[] c1, double[] c2, double[] c3);

        /**
         * The multiple of columns update works in: gemm pads the packed rows and the C rows with
         * zero columns up to it and passes the padded width as nc (see Note [Gemm padding]).
         */
        default int columnMultiple() {
            return 1;
        }
    }

    private DoubleGemm() {
    }

    /**
     * c[cOff + i * ldc + j] += sum_p A(i, p) B(p, j) for i &lt; m, j &lt; n, p &lt; k, where
     * A(i, p) = a[aOff + i * aRowStride + p * aColStride] and B(p, j) = b[bOff + p * bRowStride + j * bColStride].
     */
    public static void gemm(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                            double[] b, int bOff, int bRowStride, int bColStride, double[] c, int cOff, int ldc) {
        gemm(KERNEL, m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc);
    }

    /** {@link #gemm} with the given micro-kernel (tests run both). */
    static void gemm(MicroKernel kernel, int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                     double[] b, int bOff, int bRowStride, int bColStride, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if ((long) m * n * k < SMALL_WORK) {
            small(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc);
            return;
        }
        int columnMultiple = kernel.columnMultiple();
        double[][] packedB = new double[Math.min(KC, k)][roundUp(Math.min(NC, n), columnMultiple)];
        int rowBlocks = (m + MR - 1) / MR;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, bOff + pc * bRowStride + jc * bColStride, bRowStride, bColStride, kc, nc, packedB);
                int aBlock = aOff + pc * aColStride;
                int cBlock = cOff + jc;
                int width = roundUp(nc, columnMultiple);
                int grain = Math.max(1, PARALLEL_WORK / (MR * kc * nc));
                Parallel.forRange(rowBlocks, grain, (from, to) -> rowPanel(kernel, from * MR, Math.min(to * MR, m), kc, nc,
                        width, a, aBlock, aRowStride, aColStride, packedB, c, cBlock, ldc));
            }
        }
    }

    /** The plain triple loop, i-p-j order, for products too small to pack. */
    private static void small(int m, int n, int k, double[] a, int aOff, int aRowStride, int aColStride,
                              double[] b, int bOff, int bRowStride, int bColStride, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * aRowStride + p * aColStride];
                int bRow = bOff + p * bRowStride;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j * bColStride];
                }
            }
        }
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /** B(p, j) for p &lt; kc, j &lt; nc into packed[p][j], and zeros after column nc of those rows. */
    private static void packB(double[] b, int from, int rowStride, int colStride, int kc, int nc, double[][] packed) {
        for (int p = 0; p < kc; p++) {
            Arrays.fill(packed[p], nc, packed[p].length, 0);
        }
        if (rowStride == 1 && colStride != 1) {
            // a transposed B (a Linear layer's weight): read four of its columns contiguously at a
            // time, writing four adjacent elements of each packed row
            int j = 0;
            for (; j + 4 <= nc; j += 4) {
                int src0 = from + j * colStride;
                int src1 = src0 + colStride;
                int src2 = src1 + colStride;
                int src3 = src2 + colStride;
                for (int p = 0; p < kc; p++) {
                    double[] row = packed[p];
                    row[j] = b[src0 + p];
                    row[j + 1] = b[src1 + p];
                    row[j + 2] = b[src2 + p];
                    row[j + 3] = b[src3 + p];
                }
            }
            for (; j < nc; j++) {
                int src = from + j * colStride;
                for (int p = 0; p < kc; p++) {
                    packed[p][j] = b[src + p];
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = from + p * rowStride;
            double[] row = packed[p];
            if (colStride == 1) {
                System.arraycopy(b, src, row, 0, nc);
            } else {
                for (int j = 0; j < nc; j++) {
                    row[j] = b[src + j * colStride];
                }
            }
        }
    }

    /**
     * Rows [i0, i1) of C (block columns nc) += their rows of A (block depth kc) times the packed B
     * block, whose rows are {@code width} wide (Note [Gemm padding]).
     */
    private static void rowPanel(MicroKernel kernel, int i0, int i1, int kc, int nc, int width, double[] a, int aBlock,
                                 int aRowStride, int aColStride, double[][] packedB, double[] c, int cBlock, int ldc) {
        double[] packedA = new double[MR * kc];
        double[] c0 = new double[width];
        double[] c1 = new double[width];
        double[] c2 = new double[width];
        double[] c3 = new double[width];
        int i = i0;
        for (; i + MR <= i1; i += MR) {
            int aRows = aBlock + i * aRowStride;
            for (int p = 0; p < kc; p++) {
                int at = aRows + p * aColStride;
                packedA[p * MR] = a[at];
                packedA[p * MR + 1] = a[at + aRowStride];
                packedA[p * MR + 2] = a[at + 2 * aRowStride];
                packedA[p * MR + 3] = a[at + 3 * aRowStride];
            }
            int cRow = cBlock + i * ldc;
            System.arraycopy(c, cRow, c0, 0, nc);
            System.arraycopy(c, cRow + ldc, c1, 0, nc);
            System.arraycopy(c, cRow + 2 * ldc, c2, 0, nc);
            System.arraycopy(c, cRow + 3 * ldc, c3, 0, nc);
            kernel.update(packedA, packedB, kc, width, c0, c1, c2, c3);
            System.arraycopy(c0, 0, c, cRow, nc);
            System.arraycopy(c1, 0, c, cRow + ldc, nc);
            System.arraycopy(c2, 0, c, cRow + 2 * ldc, nc);
            System.arraycopy(c3, 0, c, cRow + 3 * ldc, nc);
        }
        for (; i < i1; i++) {
            int aRow = aBlock + i * aRowStride;
            int cRow = cBlock + i * ldc;
            System.arraycopy(c, cRow, c0, 0, nc);
            for (int p = 0; p < kc; p++) {
                axpy(a[aRow + p * aColStride], packedB[p], c0, nc);
            }
            System.arraycopy(c0, 0, c, cRow, nc);
        }
    }

    /** Four rows of C += four packed rows of A times the packed B block; see Note [Gemm blocking]. */
    private static void microKernel(double[] packedA, double[][] packedB, int kc, int nc,
                                    double[] c0, double[] c1, double[] c2, double[] c3) {
        for (int p = 0; p < kc; p++) {
            double a0 = packedA[p * MR];
            double a1 = packedA[p * MR + 1];
            double a2 = packedA[p * MR + 2];
            double a3 = packedA[p * MR + 3];
            double[] row = packedB[p];
            for (int j = 0; j < nc; j++) {
                double x = row[j];
                c0[j] += a0 * x;
                c1[j] += a1 * x;
                c2[j] += a2 * x;
                c3[j] += a3 * x;
            }
        }
    }

    private static void axpy(double alpha, double[] x, double[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += alpha * x[j];
        }
    }
}
