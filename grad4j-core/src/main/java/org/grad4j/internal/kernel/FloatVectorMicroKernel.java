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

    @Override
    public void update(float[] packedA, float[][] packedB, int kc, int nc,
                       float[] c0, float[] c1, float[] c2, float[] c3) {
        int j = 0;
        for (; j + 3 * LANES <= nc; j += 3 * LANES) {
            threeVectorTile(packedA, packedB, kc, j, c0, c1, c2, c3);
        }
        for (; j + LANES <= nc; j += LANES) {
            oneVectorTile(packedA, packedB, kc, j, c0, c1, c2, c3);
        }
        if (j < nc) {
            scalarTail(packedA, packedB, kc, j, nc, c0, c1, c2, c3);
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

    private static void oneVectorTile(float[] packedA, float[][] packedB, int kc, int j,
                                      float[] c0, float[] c1, float[] c2, float[] c3) {
        FloatVector r0 = FloatVector.fromArray(SPECIES, c0, j);
        FloatVector r1 = FloatVector.fromArray(SPECIES, c1, j);
        FloatVector r2 = FloatVector.fromArray(SPECIES, c2, j);
        FloatVector r3 = FloatVector.fromArray(SPECIES, c3, j);
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(SPECIES, packedB[p], j);
            r0 = b.fma(FloatVector.broadcast(SPECIES, packedA[p * MR]), r0);
            r1 = b.fma(FloatVector.broadcast(SPECIES, packedA[p * MR + 1]), r1);
            r2 = b.fma(FloatVector.broadcast(SPECIES, packedA[p * MR + 2]), r2);
            r3 = b.fma(FloatVector.broadcast(SPECIES, packedA[p * MR + 3]), r3);
        }
        r0.intoArray(c0, j);
        r1.intoArray(c1, j);
        r2.intoArray(c2, j);
        r3.intoArray(c3, j);
    }

    private static void scalarTail(float[] packedA, float[][] packedB, int kc, int j0, int nc,
                                   float[] c0, float[] c1, float[] c2, float[] c3) {
        for (int p = 0; p < kc; p++) {
            float a0 = packedA[p * MR];
            float a1 = packedA[p * MR + 1];
            float a2 = packedA[p * MR + 2];
            float a3 = packedA[p * MR + 3];
            float[] row = packedB[p];
            for (int j = j0; j < nc; j++) {
                float x = row[j];
                c0[j] += a0 * x;
                c1[j] += a1 * x;
                c2[j] += a2 * x;
                c3[j] += a3 * x;
            }
        }
    }
}
