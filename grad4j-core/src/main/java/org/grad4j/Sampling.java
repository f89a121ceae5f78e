package org.grad4j;

import java.util.Random;
import org.grad4j.autograd.Autograd;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Random sampling beyond rand/randn: randint, randperm, the in-place fills normal_, uniform_ and
 * bernoulli_, bernoulli and multinomial. Every draw comes from the one process generator in
 * {@link Factories} (seeded by {@code Tensor.manualSeed}), so results are reproducible; the stream
 * is grad4j's own, not PyTorch's. Arguments are checked before anything is drawn or written.
 */
final class Sampling {
    private Sampling() {
    }

    /** Uniform integers in [low, high), INT64. */
    static Tensor randint(long low, long high, int[] shape) {
        if (low >= high) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + low
                    + " >= to=" + high);
        }
        long[] out = new long[Shapes.numel(shape)];
        Random rng = Factories.GENERATOR;
        synchronized (rng) {
            for (int i = 0; i < out.length; i++) {
                out[i] = rng.nextLong(low, high);
            }
        }
        return new Tensor(Storage.of(out), shape);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates), INT64. */
    static Tensor randperm(long n) {
        int[] shape = Shapes.toInts(new long[] {n});
        long[] out = new long[shape[0]];
        Random rng = Factories.GENERATOR;
        synchronized (rng) {
            for (int i = 0; i < out.length; i++) {
                int j = rng.nextInt(i + 1);
                out[i] = out[j];
                out[j] = i;
            }
        }
        return new Tensor(Storage.of(out), shape);
    }

    static Tensor normal_(Tensor self, double mean, double std) {
        requireFloating(self, "normal_kernel_cpu");
        if (!(std >= 0.0)) {
            throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + number(std));
        }
        requireWritable(self);
        double[] values = new double[Shapes.numel(self.shape)];
        Random rng = Factories.GENERATOR;
        synchronized (rng) {
            for (int i = 0; i < values.length; i++) {
                values[i] = mean + std * rng.nextGaussian();
            }
        }
        return fill(self, values);
    }

    static Tensor uniform_(Tensor self, double from, double to) {
        requireFloating(self, "check_uniform_bounds");
        if (from > to) {
            throw new IllegalArgumentException("uniform_ expects to return a [from, to) range, but found from="
                    + number(from) + " > to=" + number(to));
        }
        requireWritable(self);
        double[] values = new double[Shapes.numel(self.shape)];
        Random rng = Factories.GENERATOR;
        synchronized (rng) {
            for (int i = 0; i < values.length; i++) {
                values[i] = from + (to - from) * rng.nextDouble();
            }
        }
        return fill(self, values);
    }

    /** Fills self (any dtype) with 1 with probability p, else 0. */
    static Tensor bernoulli_(Tensor self, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli_ expects p to be in [0, 1], but got p=" + number(p));
        }
        requireWritable(self);
        double[] values = new double[Shapes.numel(self.shape)];
        Random rng = Factories.GENERATOR;
        synchronized (rng) {
            for (int i = 0; i < values.length; i++) {
                values[i] = rng.nextDouble() < p ? 1 : 0;
            }
        }
        return fill(self, values);
    }

    /** Fills self with 1 with probability p[i] (p broadcast to self's shape), else 0. */
    static Tensor bernoulli_(Tensor self, Tensor p) {
        double[] probs = checkedProbabilities(p, self.shape);
        requireWritable(self);
        return fill(self, draw(probs));
    }

    /** {@code torch.bernoulli(p)}: a tensor of p's shape and dtype, 1 with probability p[i]. */
    static Tensor bernoulli(Tensor p) {
        requireFloating(p, "bernoulli_tensor_cpu_p_");
        double[] values = draw(checkedProbabilities(p, p.shape));
        return Factories.fromDoubles(values, p.shape, p.dtype());
    }

    private static double[] checkedProbabilities(Tensor p, int[] shape) {
        requireFloating(p, "bernoulli_tensor_cpu_p_");
        double[] probs = Compute.denseAs(p, shape, DType.FLOAT64).doubles();
        for (double v : probs) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could "
                        + "this error message be improved?  If so, please report an enhancement request to PyTorch.)");
            }
        }
        return probs;
    }

    private static double[] draw(double[] probs) {
        double[] values = new double[probs.length];
        Random rng = Factories.GENERATOR;
        synchronized (rng) {
            for (int i = 0; i < values.length; i++) {
                values[i] = rng.nextDouble() < probs[i] ? 1 : 0;
            }
        }
        return values;
    }

    /**
     * {@code torch.multinomial(probs, numSamples, replacement)}: category indices drawn from each row of
     * non-negative weights (they need not sum to 1). Without replacement it takes the numSamples largest
     * keys p_i / E_i with E_i ~ Exp(1), which draws categories one by one in proportion to the weights left.
     */
    static Tensor multinomial(Tensor probs, long numSamples, boolean replacement) {
        if (!probs.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("multinomial only supports floating-point dtypes for input, got: "
                    + (probs.dtype() == DType.INT64 ? "Long" : "Bool"));
        }
        if (probs.dim() != 1 && probs.dim() != 2) {
            throw new IllegalArgumentException("prob_dist must be 1 or 2 dim");
        }
        if (numSamples <= 0) {
            throw new IllegalArgumentException("cannot sample n_sample <= 0 samples");
        }
        int categories = probs.shape[probs.dim() - 1];
        if (!replacement && numSamples > categories) {
            throw new IllegalArgumentException("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
        }
        int rows = probs.dim() == 1 ? 1 : probs.shape[0];
        double[] weights = Compute.denseAs(probs, probs.shape, DType.FLOAT64).doubles();
        for (int r = 0; r < rows; r++) {
            double total = 0;
            for (int c = 0; c < categories; c++) {
                double w = weights[r * categories + c];
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("probability tensor contains either `inf`, `nan` or element < 0");
                }
                total += w;
            }
            if (!(total > 0)) {
                throw new IllegalArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
            }
        }
        int k = (int) numSamples;
        long[] out = new long[rows * k];
        Random rng = Factories.GENERATOR;
        synchronized (rng) {
            for (int r = 0; r < rows; r++) {
                if (replacement) {
                    sampleWithReplacement(weights, r * categories, categories, rng, out, r * k, k);
                } else {
                    sampleWithoutReplacement(weights, r * categories, categories, rng, out, r * k, k);
                }
            }
        }
        int[] shape = probs.dim() == 1 ? new int[] {k} : new int[] {rows, k};
        return new Tensor(Storage.of(out), shape);
    }

    /** Inverse-CDF sampling: binary search of u * total in the running sums. */
    private static void sampleWithReplacement(double[] w, int from, int n, Random rng, long[] out, int at, int k) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int c = 0; c < n; c++) {
            total += w[from + c];
            cumulative[c] = total;
        }
        for (int s = 0; s < k; s++) {
            double u = rng.nextDouble() * total;
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            while (w[from + lo] == 0 && lo > 0) {
                lo--;
            }
            out[at + s] = lo;
        }
    }

    private static void sampleWithoutReplacement(double[] w, int from, int n, Random rng, long[] out, int at, int k) {
        long[] keys = new long[n];
        for (int c = 0; c < n; c++) {
            double exponential = -Math.log(1.0 - rng.nextDouble());
            keys[c] = Double.doubleToLongBits(w[from + c] / exponential);
        }
        int[] order = new int[n];
        org.grad4j.internal.kernel.OrderKernels.argsort(keys, n, true, order, new int[n]);
        for (int s = 0; s < k; s++) {
            out[at + s] = order[s];
        }
    }

    /** Writes values into self through its strides (recorded as a copy when self is part of a graph). */
    private static Tensor fill(Tensor self, double[] values) {
        Tensor source = Factories.fromDoubles(values, self.shape, self.dtype());
        return self.copy_(source);
    }

    /** PyTorch's check_inplace, done before drawing so that a failing call leaves the generator untouched. */
    private static void requireWritable(Tensor self) {
        if (!Autograd.isGradEnabled()) {
            return;
        }
        if (self.isLeaf() && self.requiresGrad()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        if (self.base != null && self.base.isLeaf() && self.base.requiresGrad()) {
            throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an in-place "
                    + "operation.");
        }
    }

    private static void requireFloating(Tensor t, String kernel) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '"
                    + (t.dtype() == DType.INT64 ? "Long" : "Bool") + "'");
        }
    }

    /** PyTorch prints whole doubles without a fraction ({@code -1}, {@code 1.5}). */
    private static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
