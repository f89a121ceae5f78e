package org.grad4j.internal.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 kernels. GENERATED from DoubleVectorMicroKernel.java by KernelSourceGenerator (tests):
 * do not edit; edit DoubleVectorMicroKernel.java and regenerate.
 */
final class FloatVectorMicroKernel implements FloatGemm.MicroKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int MR = FloatGemm.MR;

    /** Three vectors: update sees only whole three-vector tiles (Note [Gemm padding] in FloatGemm). */
    @Override
    public int columnMultiple() {
        return 3 * LANES;
    }

    @Override
    public void update(float[] packedA, float[][] packedB, int kc, int nc,
                       float[] c0, float[] c1, float[] c2, float[] c3) {
        for (int j = 0; j < nc; j += 3 * LANES) {
            threeVectorTile(packedA, packedB, kc, j, c0, c1, c2, c3);
        }
    }

    private static void threeVectorTile(float[] packedA, float[][] packedB, int kc, int j,
                                        float[] c0, float[] c1, float[] c2, float[] c3) {
        int j1 = j + LANES;
        int j2 = j + 2 * LANES;
        FloatVector c00 = FloatVector.fromArray(SPECIES, c0, j);
        FloatVector c01 = FloatVector.fromArray(SPECIES, c0, j1);
        FloatVector c02 = FloatVector.fromArray(SPECIES, c0, j2);
        FloatVector c10 = FloatVector.fromArray(SPECIES, c1, j);
        FloatVector c11 = FloatVector.fromArray(SPECIES, c1, j1);
        FloatVector c12 = FloatVector.fromArray(SPECIES, c1, j2);
        FloatVector c20 = FloatVector.fromArray(SPECIES, c2, j);
        FloatVector c21 = FloatVector.fromArray(SPECIES, c2, j1);
        FloatVector c22 = FloatVector.fromArray(SPECIES, c2, j2);
        FloatVector c30 = FloatVector.fromArray(SPECIES, c3, j);
        FloatVector c31 = FloatVector.fromArray(SPECIES, c3, j1);
        FloatVector c32 = FloatVector.fromArray(SPECIES, c3, j2);
        for (int p = 0; p < kc; p++) {
            float[] row = packedB[p];
            FloatVector b0 = FloatVector.fromArray(SPECIES, row, j);
            FloatVector b1 = FloatVector.fromArray(SPECIES, row, j1);
            FloatVector b2 = FloatVector.fromArray(SPECIES, row, j2);
            FloatVector a = FloatVector.broadcast(SPECIES, packedA[p * MR]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(SPECIES, packedA[p * MR + 1]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            c12 = b2.fma(a, c12);
            a = FloatVector.broadcast(SPECIES, packedA[p * MR + 2]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            c22 = b2.fma(a, c22);
            a = FloatVector.broadcast(SPECIES, packedA[p * MR + 3]);
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
