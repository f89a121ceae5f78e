package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Random sampling: reproducibility under {@code manualSeed}, ranges, dtypes and shapes, and
 * distribution checks on large samples. Bounds are generous (about 5 standard errors, or a
 * chi-square statistic far in the tail) yet fail for a sampler with a wrong mean, spread or weights.
 * Errors carry PyTorch's messages (expected strings taken from PyTorch 1.13) and draw nothing.
 */
class SamplingTest {
    private static final int N = 200_000;

    @Test
    void everySamplerIsReproducibleUnderASeed() {
        List<Supplier<Tensor>> samplers = List.of(
                () -> Tensor.randint(-5, 5, new long[] {3, 4}),
                () -> Tensor.randperm(10),
                () -> Tensor.zeros(5).normal_(1, 2),
                () -> Tensor.zeros(5).uniform_(-1, 1),
                () -> Tensor.full(0.5, 8).bernoulli(),
                () -> Tensor.zeros(8).bernoulli_(0.5),
                () -> Tensor.of(1.0, 2.0, 3.0, 4.0).multinomial(3),
                () -> Tensor.of(1.0, 2.0, 3.0, 4.0).multinomial(6, true));
        for (Supplier<Tensor> sampler : samplers) {
            Tensor.manualSeed(123);
            double[] first = sampler.get().toDoubleArray();
            Tensor.manualSeed(123);
            assertArrayEquals(first, sampler.get().toDoubleArray());
        }
        Tensor.manualSeed(1);
        double[] one = Tensor.zeros(10).normal_().toDoubleArray();
        Tensor.manualSeed(2);
        assertFalse(Arrays.equals(one, Tensor.zeros(10).normal_().toDoubleArray()));
    }

    @Test
    void randintIsUniformOverItsHalfOpenRange() {
        Tensor.manualSeed(11);
        Tensor x = Tensor.randint(-3, 7, new long[] {N / 10, 10});
        assertEquals(DType.INT64, x.dtype());
        assertArrayEquals(new long[] {N / 10, 10}, x.shape());
        long[] counts = new long[10];
        for (long v : x.toLongArray()) {
            assertTrue(v >= -3 && v < 7, "out of range: " + v);
            counts[(int) (v + 3)]++;
        }
        assertChiSquare(counts, uniform(10));
        Tensor fromZero = Tensor.randint(4, new long[] {1000});
        assertEquals(0, fromZero.min().item());
        assertEquals(3, fromZero.max().item());
        assertArrayEquals(new long[] {0}, Tensor.randint(0, 1, new long[] {0}).shape());
    }

    @Test
    void randpermIsAUniformPermutation() {
        Tensor.manualSeed(12);
        long[] firstElementCounts = new long[5];
        for (int trial = 0; trial < 20_000; trial++) {
            long[] p = Tensor.randperm(5).toLongArray();
            long[] sorted = p.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, sorted);
            firstElementCounts[(int) p[0]]++;
        }
        assertChiSquare(firstElementCounts, uniform(5));
        assertEquals(DType.INT64, Tensor.randperm(3).dtype());
        assertArrayEquals(new long[] {0}, Tensor.randperm(0).shape());
    }

    @Test
    void normalHasTheRequestedMeanAndSpread() {
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor.manualSeed(13);
            Tensor x = Tensor.zeros(new long[] {N}, type);
            assertSame(x, x.normal_(2.0, 3.0));
            assertEquals(1, x.version());
            assertMeanAndVariance(x.toDoubleArray(), 2.0, 9.0);
        }
    }

    @Test
    void uniformStaysInItsRangeWithTheRightMoments() {
        Tensor.manualSeed(14);
        Tensor x = Tensor.zeros(N, 1).uniform_(-1.0, 3.0);
        double[] values = x.toDoubleArray();
        for (double v : values) {
            assertTrue(v >= -1.0 && v < 3.0, "out of range: " + v);
        }
        assertMeanAndVariance(values, 1.0, 16.0 / 12.0);
        assertMeanAndVariance(Tensor.zeros(N).uniform_().toDoubleArray(), 0.5, 1.0 / 12.0);
    }

    @Test
    void inPlaceSamplersWriteOnlyThroughTheView() {
        Tensor.manualSeed(15);
        Tensor base = Tensor.zeros(4, 6);
        base.slice(1, 0, 6, 2).t().uniform_(5.0, 6.0);
        double[] values = base.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            boolean written = i % 2 == 0;
            assertTrue(written ? values[i] >= 5.0 && values[i] < 6.0 : values[i] == 0.0, "element " + i);
        }
    }

    @Test
    void bernoulliDrawsOnesWithTheGivenProbabilities() {
        Tensor.manualSeed(16);
        Tensor p = Tensor.of(new double[] {0.0, 0.2, 0.7, 1.0}, DType.FLOAT64).expand(N / 4, 4).contiguous();
        Tensor x = p.bernoulli();
        assertEquals(DType.FLOAT64, x.dtype());
        assertArrayEquals(p.shape(), x.shape());
        double[] columnMeans = x.mean(0).toDoubleArray();
        double[] probabilities = {0.0, 0.2, 0.7, 1.0};
        for (int j = 0; j < 4; j++) {
            assertProportion(columnMeans[j], probabilities[j], N / 4);
        }
        Tensor ints = Tensor.zeros(new long[] {N}, DType.INT64).bernoulli_(0.3);
        assertEquals(DType.INT64, ints.dtype());
        assertProportion(ints.sum().item() / N, 0.3, N);
        assertTrue(ints.ge(0).equal(ints.le(1)));
        Tensor broadcast = Tensor.zeros(N / 2, 2).bernoulli_(Tensor.of(0.1, 0.9));
        assertProportion(broadcast.select(1, 0).mean().item(), 0.1, N / 2);
        assertProportion(broadcast.select(1, 1).mean().item(), 0.9, N / 2);
    }

    @Test
    void multinomialWithReplacementFollowsTheWeights() {
        Tensor.manualSeed(17);
        Tensor weights = Tensor.of(1.0, 0.0, 2.0, 3.0, 4.0);
        Tensor draws = weights.multinomial(N, true);
        assertEquals(DType.INT64, draws.dtype());
        assertArrayEquals(new long[] {N}, draws.shape());
        long[] counts = new long[5];
        for (long v : draws.toLongArray()) {
            counts[(int) v]++;
        }
        assertEquals(0, counts[1], "a zero-weight category was drawn");
        assertChiSquare(new long[] {counts[0], counts[2], counts[3], counts[4]}, new double[] {0.1, 0.2, 0.3, 0.4});
        Tensor rows = Tensor.of(new double[][] {{1, 0}, {0, 1}}).multinomial(7, true);
        assertArrayEquals(new long[] {2, 7}, rows.shape());
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}, rows.toDoubleArray());
    }

    @Test
    void multinomialWithoutReplacementDrawsDistinctCategoriesInProportion() {
        Tensor.manualSeed(18);
        Tensor weights = Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT64);
        long[] firstCounts = new long[4];
        for (int trial = 0; trial < 40_000; trial++) {
            long[] draw = weights.multinomial(4).toLongArray();
            long[] sorted = draw.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new long[] {0, 1, 2, 3}, sorted);
            firstCounts[(int) draw[0]]++;
        }
        assertChiSquare(firstCounts, new double[] {0.1, 0.2, 0.3, 0.4});
        // Once the positive weights are used up, the zero-weight categories come last.
        for (int trial = 0; trial < 100; trial++) {
            long[] draw = Tensor.of(1.0, 0.0, 2.0).multinomial(3).toLongArray();
            assertEquals(1, draw[2]);
        }
    }

    @Test
    void inPlaceSamplingOfANonLeafGivesZeroGradient() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad_();
        Tensor y = x.mul(2.0);
        y.normal_();
        y.mul(x).sum().backward();
        // d/dx sum(noise * x) = noise: the overwritten x * 2 contributes nothing
        assertArrayEquals(y.detach().toDoubleArray(), x.grad().toDoubleArray());
    }

    @Test
    void badArgumentsFailWithPyTorchsMessagesAndDrawNothing() {
        assertFails(IllegalArgumentException.class, "random_ expects 'from' to be less than 'to', but got from=5 >= to=3",
                () -> Tensor.randint(5, 3, new long[] {2}));
        assertFails(IllegalArgumentException.class, "random_ expects 'from' to be less than 'to', but got from=3 >= to=3",
                () -> Tensor.randint(3, 3, new long[] {2}));
        assertFails(IllegalArgumentException.class, "Trying to create tensor with negative dimension -1: [-1]",
                () -> Tensor.randperm(-1));
        Tensor x = Tensor.zeros(3);
        assertFails(IllegalArgumentException.class, "normal expects std >= 0.0, but found std -1", () -> x.normal_(0, -1));
        assertFails(IllegalArgumentException.class, "uniform_ expects to return a [from, to) range, but found from=2 > to=1",
                () -> x.uniform_(2, 1));
        assertFails(IllegalArgumentException.class, "bernoulli_ expects p to be in [0, 1], but got p=1.5",
                () -> x.bernoulli_(1.5));
        Tensor ints = Tensor.zeros(new long[] {3}, DType.INT64);
        assertFails(IllegalArgumentException.class, "\"normal_kernel_cpu\" not implemented for 'Long'", ints::normal_);
        assertFails(IllegalArgumentException.class, "\"check_uniform_bounds\" not implemented for 'Long'", ints::uniform_);
        assertFails(IllegalArgumentException.class, "\"bernoulli_tensor_cpu_p_\" not implemented for 'Long'",
                () -> Tensor.of(1L, 0L).bernoulli());
        String pRange = "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be "
                + "improved?  If so, please report an enhancement request to PyTorch.)";
        assertFails(IllegalArgumentException.class, pRange, () -> Tensor.of(0.5, 1.5).bernoulli());
        assertFails(IllegalArgumentException.class, pRange, () -> x.bernoulli_(Tensor.of(0.5, -0.5, 0.1)));
        String badProbs = "probability tensor contains either `inf`, `nan` or element < 0";
        assertFails(IllegalArgumentException.class, badProbs, () -> Tensor.of(0.5, -0.1).multinomial(1));
        assertFails(IllegalArgumentException.class, badProbs,
                () -> Tensor.of(1.0, Double.POSITIVE_INFINITY).multinomial(1));
        assertFails(IllegalArgumentException.class, badProbs, () -> Tensor.of(1.0, Double.NaN).multinomial(1));
        assertFails(IllegalArgumentException.class, "invalid multinomial distribution (sum of probabilities <= 0)",
                () -> Tensor.of(0.0, 0.0).multinomial(1));
        assertFails(IllegalArgumentException.class,
                "cannot sample n_sample > prob_dist.size(-1) samples without replacement",
                () -> Tensor.of(1.0, 1.0).multinomial(3));
        assertFails(IllegalArgumentException.class, "cannot sample n_sample <= 0 samples",
                () -> Tensor.of(1.0, 1.0).multinomial(0));
        assertFails(IllegalArgumentException.class, "prob_dist must be 1 or 2 dim",
                () -> Tensor.ones(2, 2, 2).multinomial(1));
        assertFails(IllegalArgumentException.class, "prob_dist must be 1 or 2 dim", () -> Tensor.scalar(1.0).multinomial(1));
        assertFails(IllegalArgumentException.class, "multinomial only supports floating-point dtypes for input, got: Long",
                () -> Tensor.of(1L, 2L).multinomial(1));
        Tensor leaf = Tensor.zeros(3).requiresGrad_();
        String leafMessage = "a leaf Variable that requires grad is being used in an in-place operation.";
        assertFails(IllegalStateException.class, leafMessage, leaf::normal_);
        assertFails(IllegalStateException.class, leafMessage, leaf::uniform_);
        assertFails(IllegalStateException.class, leafMessage, () -> leaf.bernoulli_(0.5));
        assertArrayEquals(new double[3], x.toDoubleArray());
        assertEquals(0, x.version());
        assertEquals(0, leaf.version());
    }

    /** The call throws {@code type} with {@code message}, and the generator is where it was. */
    private static void assertFails(Class<? extends RuntimeException> type, String message, Executable call) {
        Tensor.manualSeed(99);
        RuntimeException e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
        double next = Tensor.rand().item();
        Tensor.manualSeed(99);
        assertEquals(Tensor.rand().item(), next, "the failing call drew from the generator");
    }

    private static double[] uniform(int k) {
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        return p;
    }

    /** Pearson's statistic against df + 6 sqrt(2 df): about a 1e-6 false alarm, yet far below a wrong sampler's. */
    private static void assertChiSquare(long[] counts, double[] probabilities) {
        long total = Arrays.stream(counts).sum();
        double statistic = 0;
        for (int i = 0; i < counts.length; i++) {
            double expected = total * probabilities[i];
            statistic += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        int df = counts.length - 1;
        assertTrue(statistic < df + 6 * Math.sqrt(2.0 * df), "chi-square " + statistic + " for counts "
                + Arrays.toString(counts));
    }

    private static void assertMeanAndVariance(double[] values, double mean, double variance) {
        int n = values.length;
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double m = sum / n;
        double squares = 0;
        for (double v : values) {
            squares += (v - m) * (v - m);
        }
        double var = squares / (n - 1);
        assertEquals(mean, m, 5 * Math.sqrt(variance / n), "mean");
        assertEquals(variance, var, 0.02 * variance, "variance");
    }

    private static void assertProportion(double observed, double p, int n) {
        assertEquals(p, observed, 5 * Math.sqrt(p * (1 - p) / n) + 1e-12, "proportion");
    }
}
