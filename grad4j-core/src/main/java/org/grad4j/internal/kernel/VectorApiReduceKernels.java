package org.grad4j.internal.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API's sums, row adds and extremes (loaded reflectively by
 * VectorReduceKernels.INSTANCE). The 32 partial sums of ReduceKernels' Note [Thirty-two partial
 * sums] live in four 8-lane double vectors where the JVM prefers 512-bit vectors (AVX-512), else in eight 4-lane ones; partial sum j is lane j % L of
 * vector j / L either way, and the vectors are combined with the note's halving tree, so every
 * width gives the scalar loop's bits. Float lanes are widened to double on load (exact), which
 * keeps FLOAT32 sums as accurate as the scalar loop at the speed of memory. The extremes fold four
 * vectors with {@code max}/{@code min}.
 *
 * <p>Each loop names its species constants itself and hands no vector to a call: a species passed
 * in, or a vector passed to a method C2 declines to inline, makes C2 box the vectors on every
 * iteration (measured: four times slower, depending on the JIT's inlining choices).
 */
final class VectorApiReduceKernels implements VectorReduceKernels {
    // floats are loaded at the doubles' width and widened half by half (parts 0 and 1): see Note [One vector shape]
    private static final VectorSpecies<Double> WIDE = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Float> WIDE_FLOATS = FloatVector.SPECIES_512;
    private static final VectorSpecies<Double> NARROW = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> NARROW_FLOATS = FloatVector.SPECIES_256;
    private static final int CHUNK = ReduceKernels.PARTIAL_SUMS;
    // the lane-wise adds and the extremes give the same bits at any width: the JVM's preferred one
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private final boolean wide;

    /** Uses the JVM's preferred width; narrower than 256 bits it refuses to load (ReduceKernels then loops itself). */
    VectorApiReduceKernels() {
        this(DoubleVector.SPECIES_PREFERRED.vectorBitSize());
    }

    /** Uses 512-bit vectors when {@code bits >= 512}, else 256-bit ones (tests pick both). */
    VectorApiReduceKernels(int bits) {
        if (bits < NARROW.vectorBitSize()) {
            throw new UnsupportedOperationException("vectors of " + bits + " bits are too narrow to pay");
        }
        wide = bits >= WIDE.vectorBitSize();
    }

    @Override
    public double sum(float[] x, int from, int n) {
        int chunks = n / CHUNK;
        double sum = wide ? wideChunks(x, from, chunks) : narrowChunks(x, from, chunks);
        for (int i = from + chunks * CHUNK; i < from + n; i++) {
            sum += x[i];
        }
        return sum;
    }

    @Override
    public double sum(double[] x, int from, int n) {
        int chunks = n / CHUNK;
        double sum = wide ? wideChunks(x, from, chunks) : narrowChunks(x, from, chunks);
        for (int i = from + chunks * CHUNK; i < from + n; i++) {
            sum += x[i];
        }
        return sum;
    }

    @Override
    public void addTo(float[] x, int from, double[] acc, int to, int n) {
        int lanes = DOUBLES.length();
        int c = 0;
        for (; c + 2 * lanes <= n; c += 2 * lanes) {
            FloatVector floats = FloatVector.fromArray(FLOATS, x, from + c);
            DoubleVector.fromArray(DOUBLES, acc, to + c)
                    .add((DoubleVector) floats.convertShape(VectorOperators.F2D, DOUBLES, 0))
                    .intoArray(acc, to + c);
            DoubleVector.fromArray(DOUBLES, acc, to + c + lanes)
                    .add((DoubleVector) floats.convertShape(VectorOperators.F2D, DOUBLES, 1))
                    .intoArray(acc, to + c + lanes);
        }
        for (; c < n; c++) {
            acc[to + c] += x[from + c];
        }
    }

    @Override
    public void addTo(double[] x, int from, double[] acc, int to, int n) {
        int lanes = DOUBLES.length();
        int c = 0;
        for (; c + lanes <= n; c += lanes) {
            DoubleVector.fromArray(DOUBLES, acc, to + c).add(DoubleVector.fromArray(DOUBLES, x, from + c))
                    .intoArray(acc, to + c);
        }
        for (; c < n; c++) {
            acc[to + c] += x[from + c];
        }
    }

    @Override
    public float extreme(float[] x, int from, int n, boolean largest) {
        int quads = n / (4 * FLOATS.length());
        float result = largest ? maxVectors(x, from, quads) : minVectors(x, from, quads);
        for (int i = from + quads * 4 * FLOATS.length(); i < from + n; i++) {
            result = largest ? Math.max(result, x[i]) : Math.min(result, x[i]);
        }
        return result;
    }

    @Override
    public double extreme(double[] x, int from, int n, boolean largest) {
        int quads = n / (4 * DOUBLES.length());
        double result = largest ? maxVectors(x, from, quads) : minVectors(x, from, quads);
        for (int i = from + quads * 4 * DOUBLES.length(); i < from + n; i++) {
            result = largest ? Math.max(result, x[i]) : Math.min(result, x[i]);
        }
        return result;
    }

    /** The largest of {@code 4 * lanes * quads} elements from {@code from} (-Inf for none), four vectors in flight. */
    private static float maxVectors(float[] x, int from, int quads) {
        int lanes = FLOATS.length();
        FloatVector e0 = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
        FloatVector e1 = e0;
        FloatVector e2 = e0;
        FloatVector e3 = e0;
        for (int q = 0, i = from; q < quads; q++, i += 4 * lanes) {
            e0 = e0.max(FloatVector.fromArray(FLOATS, x, i));
            e1 = e1.max(FloatVector.fromArray(FLOATS, x, i + lanes));
            e2 = e2.max(FloatVector.fromArray(FLOATS, x, i + 2 * lanes));
            e3 = e3.max(FloatVector.fromArray(FLOATS, x, i + 3 * lanes));
        }
        return e0.max(e1).max(e2.max(e3)).reduceLanes(VectorOperators.MAX);
    }

    private static float minVectors(float[] x, int from, int quads) {
        int lanes = FLOATS.length();
        FloatVector e0 = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
        FloatVector e1 = e0;
        FloatVector e2 = e0;
        FloatVector e3 = e0;
        for (int q = 0, i = from; q < quads; q++, i += 4 * lanes) {
            e0 = e0.min(FloatVector.fromArray(FLOATS, x, i));
            e1 = e1.min(FloatVector.fromArray(FLOATS, x, i + lanes));
            e2 = e2.min(FloatVector.fromArray(FLOATS, x, i + 2 * lanes));
            e3 = e3.min(FloatVector.fromArray(FLOATS, x, i + 3 * lanes));
        }
        return e0.min(e1).min(e2.min(e3)).reduceLanes(VectorOperators.MIN);
    }

    private static double maxVectors(double[] x, int from, int quads) {
        int lanes = DOUBLES.length();
        DoubleVector e0 = DoubleVector.broadcast(DOUBLES, Double.NEGATIVE_INFINITY);
        DoubleVector e1 = e0;
        DoubleVector e2 = e0;
        DoubleVector e3 = e0;
        for (int q = 0, i = from; q < quads; q++, i += 4 * lanes) {
            e0 = e0.max(DoubleVector.fromArray(DOUBLES, x, i));
            e1 = e1.max(DoubleVector.fromArray(DOUBLES, x, i + lanes));
            e2 = e2.max(DoubleVector.fromArray(DOUBLES, x, i + 2 * lanes));
            e3 = e3.max(DoubleVector.fromArray(DOUBLES, x, i + 3 * lanes));
        }
        return e0.max(e1).max(e2.max(e3)).reduceLanes(VectorOperators.MAX);
    }

    private static double minVectors(double[] x, int from, int quads) {
        int lanes = DOUBLES.length();
        DoubleVector e0 = DoubleVector.broadcast(DOUBLES, Double.POSITIVE_INFINITY);
        DoubleVector e1 = e0;
        DoubleVector e2 = e0;
        DoubleVector e3 = e0;
        for (int q = 0, i = from; q < quads; q++, i += 4 * lanes) {
            e0 = e0.min(DoubleVector.fromArray(DOUBLES, x, i));
            e1 = e1.min(DoubleVector.fromArray(DOUBLES, x, i + lanes));
            e2 = e2.min(DoubleVector.fromArray(DOUBLES, x, i + 2 * lanes));
            e3 = e3.min(DoubleVector.fromArray(DOUBLES, x, i + 3 * lanes));
        }
        return e0.min(e1).min(e2.min(e3)).reduceLanes(VectorOperators.MIN);
    }

    private static double wideChunks(float[] x, int from, int chunks) {
        DoubleVector p0 = DoubleVector.zero(WIDE);
        DoubleVector p1 = p0;
        DoubleVector p2 = p0;
        DoubleVector p3 = p0;
        for (int c = 0, i = from; c < chunks; c++, i += CHUNK) {
            FloatVector low = FloatVector.fromArray(WIDE_FLOATS, x, i);
            FloatVector high = FloatVector.fromArray(WIDE_FLOATS, x, i + 16);
            p0 = p0.add((DoubleVector) low.convertShape(VectorOperators.F2D, WIDE, 0));
            p1 = p1.add((DoubleVector) low.convertShape(VectorOperators.F2D, WIDE, 1));
            p2 = p2.add((DoubleVector) high.convertShape(VectorOperators.F2D, WIDE, 0));
            p3 = p3.add((DoubleVector) high.convertShape(VectorOperators.F2D, WIDE, 1));
        }
        // the tree's first two levels, j += j + 16 then j += j + 8, lane-wise and inline (see the class note)
        double[] lanes = new double[8];
        p0.add(p2).add(p1.add(p3)).intoArray(lanes, 0);
        return lastLevels(lanes);
    }

    private static double wideChunks(double[] x, int from, int chunks) {
        DoubleVector p0 = DoubleVector.zero(WIDE);
        DoubleVector p1 = p0;
        DoubleVector p2 = p0;
        DoubleVector p3 = p0;
        for (int c = 0, i = from; c < chunks; c++, i += CHUNK) {
            p0 = p0.add(DoubleVector.fromArray(WIDE, x, i));
            p1 = p1.add(DoubleVector.fromArray(WIDE, x, i + 8));
            p2 = p2.add(DoubleVector.fromArray(WIDE, x, i + 16));
            p3 = p3.add(DoubleVector.fromArray(WIDE, x, i + 24));
        }
        // the tree's first two levels, j += j + 16 then j += j + 8, lane-wise and inline (see the class note)
        double[] lanes = new double[8];
        p0.add(p2).add(p1.add(p3)).intoArray(lanes, 0);
        return lastLevels(lanes);
    }

    private static double narrowChunks(float[] x, int from, int chunks) {
        DoubleVector p0 = DoubleVector.zero(NARROW);
        DoubleVector p1 = p0;
        DoubleVector p2 = p0;
        DoubleVector p3 = p0;
        DoubleVector p4 = p0;
        DoubleVector p5 = p0;
        DoubleVector p6 = p0;
        DoubleVector p7 = p0;
        for (int c = 0, i = from; c < chunks; c++, i += CHUNK) {
            FloatVector f0 = FloatVector.fromArray(NARROW_FLOATS, x, i);
            FloatVector f1 = FloatVector.fromArray(NARROW_FLOATS, x, i + 8);
            FloatVector f2 = FloatVector.fromArray(NARROW_FLOATS, x, i + 16);
            FloatVector f3 = FloatVector.fromArray(NARROW_FLOATS, x, i + 24);
            p0 = p0.add((DoubleVector) f0.convertShape(VectorOperators.F2D, NARROW, 0));
            p1 = p1.add((DoubleVector) f0.convertShape(VectorOperators.F2D, NARROW, 1));
            p2 = p2.add((DoubleVector) f1.convertShape(VectorOperators.F2D, NARROW, 0));
            p3 = p3.add((DoubleVector) f1.convertShape(VectorOperators.F2D, NARROW, 1));
            p4 = p4.add((DoubleVector) f2.convertShape(VectorOperators.F2D, NARROW, 0));
            p5 = p5.add((DoubleVector) f2.convertShape(VectorOperators.F2D, NARROW, 1));
            p6 = p6.add((DoubleVector) f3.convertShape(VectorOperators.F2D, NARROW, 0));
            p7 = p7.add((DoubleVector) f3.convertShape(VectorOperators.F2D, NARROW, 1));
        }
        // the tree's first three levels, j += j + 16, j + 8, j + 4, lane-wise and inline (see the class note)
        double[] lanes = new double[4];
        p0.add(p4).add(p2.add(p6)).add(p1.add(p5).add(p3.add(p7))).intoArray(lanes, 0);
        return lastLevels(lanes);
    }

    private static double narrowChunks(double[] x, int from, int chunks) {
        DoubleVector p0 = DoubleVector.zero(NARROW);
        DoubleVector p1 = p0;
        DoubleVector p2 = p0;
        DoubleVector p3 = p0;
        DoubleVector p4 = p0;
        DoubleVector p5 = p0;
        DoubleVector p6 = p0;
        DoubleVector p7 = p0;
        for (int c = 0, i = from; c < chunks; c++, i += CHUNK) {
            p0 = p0.add(DoubleVector.fromArray(NARROW, x, i));
            p1 = p1.add(DoubleVector.fromArray(NARROW, x, i + 4));
            p2 = p2.add(DoubleVector.fromArray(NARROW, x, i + 8));
            p3 = p3.add(DoubleVector.fromArray(NARROW, x, i + 12));
            p4 = p4.add(DoubleVector.fromArray(NARROW, x, i + 16));
            p5 = p5.add(DoubleVector.fromArray(NARROW, x, i + 20));
            p6 = p6.add(DoubleVector.fromArray(NARROW, x, i + 24));
            p7 = p7.add(DoubleVector.fromArray(NARROW, x, i + 28));
        }
        // the tree's first three levels, j += j + 16, j + 8, j + 4, lane-wise and inline (see the class note)
        double[] lanes = new double[4];
        p0.add(p4).add(p2.add(p6)).add(p1.add(p5).add(p3.add(p7))).intoArray(lanes, 0);
        return lastLevels(lanes);
    }

    /** The rest of the halving tree on the first 8 (or 4) partial sums: j += j + 4, then j + 2, then j + 1. */
    private static double lastLevels(double[] lanes) {
        for (int half = lanes.length / 2; half >= 1; half /= 2) {
            for (int j = 0; j < half; j++) {
                lanes[j] += lanes[j + half];
            }
        }
        return lanes[0];
    }
}
