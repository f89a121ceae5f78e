package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * {@code torch.autograd.gradcheck} / {@code gradgradcheck}: compares the Jacobian that autograd
 * computes (one vector-Jacobian product per output element) with central finite differences, for
 * every output and every input that requires grad. Use FLOAT64 inputs; float32 is too coarse for
 * the default tolerances.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3).to(DType.FLOAT64).requiresGrad_();
 * GradCheck.gradcheck(t -> t.sin().mul(t), x);   // true, or throws a GradcheckError naming the worst entry
 * GradCheck.gradcheck(ins -> List.of(ins.get(0).mul(ins.get(1))), List.of(a, b), 1e-6, 1e-5, 1e-3, false);
 * }</pre>
 *
 * <p>An entry passes when {@code |analytical - numerical| <= atol + rtol * |numerical|}. The first
 * output/input pair (outputs outer, inputs inner, as PyTorch) with a failing entry decides: with
 * {@code raiseException} a {@link GradcheckError} carries both Jacobians and the worst entry,
 * otherwise the check returns false.
 */
public final class GradCheck {
    public static final double DEFAULT_EPS = 1e-6;
    public static final double DEFAULT_ATOL = 1e-5;
    public static final double DEFAULT_RTOL = 1e-3;

    private GradCheck() {
    }

    /** {@code gradcheck(f, (x,))}: true when analytic and numerical Jacobians agree; throws {@link GradcheckError} otherwise. */
    public static boolean gradcheck(UnaryOperator<Tensor> f, Tensor x) {
        return gradcheck(f, x, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, true);
    }

    /** {@code gradcheck(f, (x,), eps, atol, rtol, raise_exception)}. */
    public static boolean gradcheck(UnaryOperator<Tensor> f, Tensor x, double eps, double atol, double rtol,
                                    boolean raiseException) {
        return gradcheck(lift(f), List.of(x), eps, atol, rtol, raiseException);
    }

    /** {@code gradcheck(f, inputs)} for several inputs and outputs; inputs that do not require grad are held fixed. */
    public static boolean gradcheck(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs) {
        return gradcheck(f, inputs, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, true);
    }

    /** {@code gradcheck(f, inputs, eps, atol, rtol, raise_exception)} for several inputs and outputs. */
    public static boolean gradcheck(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, double eps,
                                    double atol, double rtol, boolean raiseException) {
        List<Integer> checked = new ArrayList<>();
        for (int j = 0; j < inputs.size(); j++) {
            if (inputs.get(j).requiresGrad()) {
                checked.add(j);
            }
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("gradcheck expects at least one input tensor to require gradient, but "
                    + "none of the them have requires_grad=True.");
        }
        List<Tensor> outputs;
        try (var on = Autograd.enableGrad()) {
            outputs = f.apply(inputs);
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (!outputs.get(i).dtype().isFloatingPoint()) {
                continue;
            }
            double[][][] analytical = analyticalJacobians(outputs.get(i), inputs, checked);
            for (int c = 0; c < checked.size(); c++) {
                int j = checked.get(c);
                double[][] numerical = numericalJacobian(f, inputs, i, j, eps);
                Mismatch worst = worstEntry(analytical[c], numerical, atol, rtol);
                if (worst != null) {
                    if (!raiseException) {
                        return false;
                    }
                    throw new GradcheckError(i, j, asTensor(numerical), asTensor(analytical[c]), worst.input, worst.output);
                }
            }
        }
        return true;
    }

    /** {@code gradgradcheck(f, (x,))}: gradcheck of the first derivative, i.e. of the second derivatives. */
    public static boolean gradgradcheck(UnaryOperator<Tensor> f, Tensor x) {
        return gradgradcheck(f, x, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, true);
    }

    /** {@code gradgradcheck(f, (x,), eps, atol, rtol, raise_exception)}. */
    public static boolean gradgradcheck(UnaryOperator<Tensor> f, Tensor x, double eps, double atol, double rtol,
                                        boolean raiseException) {
        return gradgradcheck(lift(f), List.of(x), eps, atol, rtol, raiseException);
    }

    /** {@code gradgradcheck(f, inputs)} for several inputs and outputs. */
    public static boolean gradgradcheck(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs) {
        return gradgradcheck(f, inputs, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, true);
    }

    /**
     * {@code gradgradcheck(f, inputs, eps, atol, rtol, raise_exception)}: runs gradcheck on
     * {@code inputs -> grad(f(inputs), inputs, v, createGraph=true)} for fixed random {@code v}
     * (one per output), so the derivative of every backward rule is checked.
     */
    public static boolean gradgradcheck(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, double eps,
                                        double atol, double rtol, boolean raiseException) {
        List<Tensor> probes = new ArrayList<>();
        for (Tensor out : f.apply(inputs)) {
            probes.add(Tensor.randnLike(out.detach()));
        }
        return gradcheck(firstDerivative(f, probes), inputs, eps, atol, rtol, raiseException);
    }

    /** The gradients of {@code sum_i <probe_i, f_i>} with respect to the floating inputs, differentiable. */
    private static Function<List<Tensor>, List<Tensor>> firstDerivative(Function<List<Tensor>, List<Tensor>> f,
                                                                       List<Tensor> probes) {
        return ts -> {
            try (var on = Autograd.enableGrad()) {
                List<Tensor> xs = new ArrayList<>();
                for (Tensor t : ts) {
                    xs.add(t.requiresGrad() || !t.dtype().isFloatingPoint() ? t : t.detach().requiresGrad_());
                }
                List<Tensor> outs = f.apply(xs);
                List<Tensor> grads = FunctionalInputs.grad(outs, xs, probes, true);
                List<Tensor> result = new ArrayList<>();
                for (int j = 0; j < xs.size(); j++) {
                    if (xs.get(j).dtype().isFloatingPoint()) {
                        result.add(grads.get(j) == null ? Tensor.zerosLike(xs.get(j)) : grads.get(j));
                    }
                }
                return result;
            }
        };
    }

    /** For each checked input, row k is the gradient of output element k: one backward pass with a one-hot gradient. */
    private static double[][][] analyticalJacobians(Tensor y, List<Tensor> inputs, List<Integer> checked) {
        int outputs = Math.toIntExact(y.numel());
        List<Tensor> wrt = new ArrayList<>();
        for (int j : checked) {
            wrt.add(inputs.get(j));
        }
        double[][][] jacobians = new double[checked.size()][outputs][];
        for (int k = 0; k < outputs; k++) {
            List<Tensor> row = y.requiresGrad()
                    ? Autograd.grad(List.of(y), wrt, List.of(FunctionalInputs.oneHot(y, k)), true, false, true)
                    : null;
            for (int c = 0; c < checked.size(); c++) {
                Tensor g = row == null ? null : row.get(c);
                jacobians[c][k] = g == null ? new double[Math.toIntExact(wrt.get(c).numel())] : g.toDoubleArray();
            }
        }
        return jacobians;
    }

    /**
     * Output {@code i}'s Jacobian with respect to input {@code j}: column m is
     * (f(x + eps e_m) - f(x - eps e_m)) / 2 eps, on copies of the inputs. The copies require grad
     * where the inputs do, so f runs as it would for the user (hooks and all); only the
     * perturbations are made under no-grad.
     */
    private static double[][] numericalJacobian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, int i,
                                                int j, double eps) {
        List<Tensor> probe = new ArrayList<>();
        Tensor flat;
        try (var off = Autograd.noGrad()) {
            for (Tensor x : inputs) {
                Tensor copy = x.detach().clone();
                probe.add(x.requiresGrad() ? copy.requiresGrad_() : copy);
            }
            flat = probe.get(j).view(-1);
        }
        int n = Math.toIntExact(flat.numel());
        double[][] jacobian = null;
        for (int m = 0; m < n; m++) {
            Tensor entry = flat.narrow(0, m, 1);
            double original = entry.item();
            perturb(entry, original + eps);
            double[] plus = f.apply(probe).get(i).detach().to(DType.FLOAT64).toDoubleArray();
            perturb(entry, original - eps);
            double[] minus = f.apply(probe).get(i).detach().to(DType.FLOAT64).toDoubleArray();
            perturb(entry, original);
            if (jacobian == null) {
                jacobian = new double[plus.length][n];
            }
            for (int k = 0; k < plus.length; k++) {
                jacobian[k][m] = (plus[k] - minus[k]) / (2 * eps);
            }
        }
        if (jacobian == null) {
            jacobian = new double[Math.toIntExact(f.apply(probe).get(i).numel())][0];
        }
        return jacobian;
    }

    private static void perturb(Tensor entry, double value) {
        try (var off = Autograd.noGrad()) {
            entry.fill_(value);
        }
    }

    /** An entry outside the tolerance: output and input flat indices. */
    private record Mismatch(int output, int input) {
    }

    /** The entry that misses {@code atol + rtol |numerical|} by the most (NaN counts as worst), or null when all pass. */
    private static Mismatch worstEntry(double[][] analytical, double[][] numerical, double atol, double rtol) {
        Mismatch worst = null;
        double worstExcess = 0;
        for (int k = 0; k < analytical.length; k++) {
            for (int m = 0; m < analytical[k].length; m++) {
                double a = analytical[k][m];
                double n = numerical[k][m];
                if (Double.isNaN(a) && Double.isNaN(n)) {
                    continue;
                }
                double excess = Math.abs(a - n) - (atol + rtol * Math.abs(n));
                if (Double.isNaN(excess)) {
                    excess = Double.POSITIVE_INFINITY;
                }
                if (excess > worstExcess) {
                    worstExcess = excess;
                    worst = new Mismatch(k, m);
                }
            }
        }
        return worst;
    }

    /** A (output numel x input numel) array as PyTorch prints a gradcheck Jacobian: (input numel, output numel). */
    private static Tensor asTensor(double[][] outputByInput) {
        int outputs = outputByInput.length;
        int inputs = outputs == 0 ? 0 : outputByInput[0].length;
        double[] data = new double[outputs * inputs];
        for (int k = 0; k < outputs; k++) {
            for (int m = 0; m < inputs; m++) {
                data[m * outputs + k] = outputByInput[k][m];
            }
        }
        return Tensor.of(data, DType.FLOAT64).reshape(inputs, outputs);
    }

    private static Function<List<Tensor>, List<Tensor>> lift(UnaryOperator<Tensor> f) {
        return ins -> List.of(f.apply(ins.get(0)));
    }
}
