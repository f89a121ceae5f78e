package org.grad4j.internal.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API's sums (loaded reflectively by VectorReduceKernels.INSTANCE). The 32 partial sums
 * of ReduceKernels' Note [Thirty-two partial sums] live in four 8-lane double vectors where the
 * JVM prefers 512-bit vectors (AVX-512), else in eight 4-lane ones; partial sum j is lane j % L of
 * vector j / L either way, and the vectors are combined with the note's halving tree, so every
 * width gives the scalar loop's bits. Float lanes are widened to double on load (exact), which
 * keeps FLOAT32 sums as accurate as the scalar loop at the speed of memory.
 */
final class VectorApiReduceKernels implements VectorReduceKernels {
    private static final VectorSpecies<Double> WIDE = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Float> WIDE_FLOATS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> NARROW = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> NARROW_FLOATS = FloatVector.SPECIES_128;
    private static final int CHUNK = ReduceKernels.PARTIAL_SUMS;

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
        VectorSpecies<Float> floats = wide ? WIDE_FLOATS : NARROW_FLOATS;
        VectorSpecies<Double> doubles = wide ? WIDE : NARROW;
        int lanes = doubles.length();
        int c = 0;
        for (; c + lanes <= n; c += lanes) {
            DoubleVector.fromArray(doubles, acc, to + c).add(widen(floats, doubles, x, from + c)).intoArray(acc, to + c);
        }
        for (; c < n; c++) {
            acc[to + c] += x[from + c];
        }
    }

    @Override
    public void addTo(double[] x, int from, double[] acc, int to, int n) {
        VectorSpecies<Double> doubles = wide ? WIDE : NARROW;
        int lanes = doubles.length();
        int c = 0;
        for (; c + lanes <= n; c += lanes) {
            DoubleVector.fromArray(doubles, acc, to + c).add(DoubleVector.fromArray(doubles, x, from + c))
                    .intoArray(acc, to + c);
        }
        for (; c < n; c++) {
            acc[to + c] += x[from + c];
        }
    }

    private static double wideChunks(float[] x, int from, int chunks) {
        DoubleVector p0 = DoubleVector.zero(WIDE);
        DoubleVector p1 = p0;
        DoubleVector p2 = p0;
        DoubleVector p3 = p0;
        for (int c = 0, i = from; c < chunks; c++, i += CHUNK) {
            p0 = p0.add(widen(WIDE_FLOATS, WIDE, x, i));
            p1 = p1.add(widen(WIDE_FLOATS, WIDE, x, i + 8));
            p2 = p2.add(widen(WIDE_FLOATS, WIDE, x, i + 16));
            p3 = p3.add(widen(WIDE_FLOATS, WIDE, x, i + 24));
        }
        return combineWide(p0, p1, p2, p3);
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
        return combineWide(p0, p1, p2, p3);
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
            p0 = p0.add(widen(NARROW_FLOATS, NARROW, x, i));
            p1 = p1.add(widen(NARROW_FLOATS, NARROW, x, i + 4));
            p2 = p2.add(widen(NARROW_FLOATS, NARROW, x, i + 8));
            p3 = p3.add(widen(NARROW_FLOATS, NARROW, x, i + 12));
            p4 = p4.add(widen(NARROW_FLOATS, NARROW, x, i + 16));
            p5 = p5.add(widen(NARROW_FLOATS, NARROW, x, i + 20));
            p6 = p6.add(widen(NARROW_FLOATS, NARROW, x, i + 24));
            p7 = p7.add(widen(NARROW_FLOATS, NARROW, x, i + 28));
        }
        return combineNarrow(p0, p1, p2, p3, p4, p5, p6, p7);
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
        return combineNarrow(p0, p1, p2, p3, p4, p5, p6, p7);
    }

    /** The float lanes at {@code x[i ..]} as double lanes (as many lanes as {@code doubles} holds). */
    private static DoubleVector widen(VectorSpecies<Float> floats, VectorSpecies<Double> doubles, float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(floats, x, i).convertShape(VectorOperators.F2D, doubles, 0);
    }

    /** The halving tree over partial sums 0..31 held as p0 = [0, 8), p1 = [8, 16), p2 = [16, 24), p3 = [24, 32). */
    private static double combineWide(DoubleVector p0, DoubleVector p1, DoubleVector p2, DoubleVector p3) {
        DoubleVector s = p0.add(p2).add(p1.add(p3)); // j += j + 16, then j += j + 8
        return ((s.lane(0) + s.lane(4)) + (s.lane(2) + s.lane(6))) + ((s.lane(1) + s.lane(5)) + (s.lane(3) + s.lane(7)));
    }

    /** The halving tree over partial sums 0..31 held four to a vector, p0 = [0, 4) ... p7 = [28, 32). */
    private static double combineNarrow(DoubleVector p0, DoubleVector p1, DoubleVector p2, DoubleVector p3,
                                        DoubleVector p4, DoubleVector p5, DoubleVector p6, DoubleVector p7) {
        // j += j + 16, then j += j + 8, then j += j + 4
        DoubleVector s = p0.add(p4).add(p2.add(p6)).add(p1.add(p5).add(p3.add(p7)));
        return (s.lane(0) + s.lane(2)) + (s.lane(1) + s.lane(3));
    }
}
