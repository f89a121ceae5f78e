package org.grad4j.internal.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The DoubleGemm micro-kernel written with the Vector API (jdk.incubator.vector), loaded only
 * through VectorSupport. A tile of MR (4) rows by three vectors of C stays in registers for the
 * whole depth kc: each step broadcasts the four packed A elements of column p and multiplies them
 * into three vectors loaded from the packed B row p with fused multiply-adds. DoubleGemm pads the
 * columns to whole tiles, so there is no other tile shape.
 */
final class DoubleVectorMicroKernel implements DoubleGemm.MicroKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int MR = DoubleGemm.MR;

    /** Three vectors: update sees only whole three-vector tiles (Note [Gemm padding] in DoubleGemm). */
    @Override
    public int columnMultiple() {
        return 3 * LANES;
    }

    @Override
    public void update(double[] packedA, double[][] packedB, int kc, int nc,
                       double[] c0, double[] c1, double[] c2, double[] c3) {
        for (int j = 0; j < nc; j += 3 * LANES) {
            threeVectorTile(packedA, packedB, kc, j, c0, c1, c2, c3);
        }
    }

    private static void threeVectorTile(double[] packedA, double[][] packedB, int kc, int j,
                                        double[] c0, double[] c1, double[] c2, double[] c3) {
        int j1 = j + LANES;
        int j2 = j + 2 * LANES;
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, c0, j);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, c0, j1);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, c0, j2);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, c1, j);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, c1, j1);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, c1, j2);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, c2, j);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, c2, j1);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, c2, j2);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, c3, j);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, c3, j1);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, c3, j2);
        for (int p = 0; p < kc; p++) {
            double[] row = packedB[p];
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, row, j);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, row, j1);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, row, j2);
            DoubleVector a = DoubleVector.broadcast(SPECIES, packedA[p * MR]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            c02 = b2.fma(a, c02);
            a = DoubleVector.broadcast(SPECIES, packedA[p * MR + 1]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            c12 = b2.fma(a, c12);
            a = DoubleVector.broadcast(SPECIES, packedA[p * MR + 2]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            c22 = b2.fma(a, c22);
            a = DoubleVector.broadcast(SPECIES, packedA[p * MR + 3]);
            c30 = b0.fma(a, c30);
            c31 = b1.fma(a, c31);
            c32 = b2.fma(a, c32);
        }
        c00.intoArray(c0, j);
        c01.intoArray(c0, j1);
        c02.intoArray(c0, j2);
        c10.intoArray(c1, j);
        c11.intoArray(c1, j1);
        c12.intoArray(c1, j2);
        c20.intoArray(c2, j);
        c21.intoArray(c2, j1);
        c22.intoArray(c2, j2);
        c30.intoArray(c3, j);
        c31.intoArray(c3, j1);
        c32.intoArray(c3, j2);
    }
}
