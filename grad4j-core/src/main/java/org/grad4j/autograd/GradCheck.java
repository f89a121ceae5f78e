package org.grad4j.autograd;

import java.util.List;
import java.util.function.UnaryOperator;
import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * {@code torch.autograd.gradcheck} / {@code gradgradcheck} for one input: compares the Jacobian that
 * autograd computes (one vector-Jacobian product per output element) with central finite
 * differences. Use FLOAT64 inputs; float32 is too coarse for the default tolerances.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3).to(DType.FLOAT64).requiresGrad_();
 * GradCheck.gradcheck(t -> t.sin().mul(t), x);   // true, or throws naming the worst entry
 * }</pre>
 */
public final class GradCheck {
    public static final double DEFAULT_EPS = 1e-6;
    public static final double DEFAULT_ATOL = 1e-5;
    public static final double DEFAULT_RTOL = 1e-3;

    private GradCheck() {
    }

    /** True when analytic and numerical Jacobians agree; throws IllegalStateException describing the worst entry otherwise. */
    public static boolean gradcheck(UnaryOperator<Tensor> f, Tensor x) {
        return gradcheck(f, x, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, true);
    }

    /** gradcheck with PyTorch's eps/atol/rtol; with {@code raiseException} false a mismatch returns false instead of throwing. */
    public static boolean gradcheck(UnaryOperator<Tensor> f, Tensor x, double eps, double atol, double rtol,
                                    boolean raiseException) {
        if (!x.requiresGrad()) {
            throw new IllegalArgumentException("gradcheck expects the input to require grad");
        }
        double[][] analytic = analyticJacobian(f, x);
        double[][] numerical = numericalJacobian(f, x, eps);
        int worstRow = -1;
        int worstCol = -1;
        double worstExcess = 0;
        for (int i = 0; i < analytic.length; i++) {
            for (int j = 0; j < analytic[i].length; j++) {
                double excess = Math.abs(analytic[i][j] - numerical[i][j]) - (atol + rtol * Math.abs(numerical[i][j]));
                boolean bothNaN = Double.isNaN(analytic[i][j]) && Double.isNaN(numerical[i][j]);
                if (!bothNaN && (excess > worstExcess || Double.isNaN(excess))) {
                    worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                    worstRow = i;
                    worstCol = j;
                }
            }
        }
        if (worstRow < 0) {
            return true;
        }
        if (!raiseException) {
            return false;
        }
        throw new IllegalStateException("Jacobian mismatch for output 0 with respect to input 0,\n"
                + "worst entry d out[" + worstRow + "] / d in[" + worstCol + "]: numerical:"
                + numerical[worstRow][worstCol] + "\nanalytical:" + analytic[worstRow][worstCol]);
    }

    /**
     * {@code gradgradcheck}: checks the second derivatives by running gradcheck on
     * {@code x -> grad(f(x), x, v, createGraph=true)} for a fixed random {@code v}.
     */
    public static boolean gradgradcheck(UnaryOperator<Tensor> f, Tensor x) {
        Tensor probe;
        try (var off = Autograd.noGrad()) {
            probe = Tensor.randnLike(f.apply(x.detach()));
        }
        // Evaluated with grad on even inside the numerical pass, whose perturbed copies are fresh leaves.
        UnaryOperator<Tensor> firstDerivative = t -> {
            try (var on = Autograd.enableGrad()) {
                Tensor input = t.requiresGrad() ? t : t.detach().requiresGrad_();
                Tensor y = f.apply(input);
                Tensor g = y.requiresGrad()
                        ? Autograd.grad(List.of(y), List.of(input), List.of(probe), true, t.requiresGrad(), true).get(0)
                        : null;
                return g == null ? Tensor.zerosLike(t) : g;
            }
        };
        return gradcheck(firstDerivative, x);
    }

    /** Row i is the gradient of output element i: one backward pass with a one-hot gradient. */
    private static double[][] analyticJacobian(UnaryOperator<Tensor> f, Tensor x) {
        Tensor y = f.apply(x);
        int outputs = (int) y.numel();
        double[][] jacobian = new double[outputs][];
        for (int i = 0; i < outputs; i++) {
            double[] oneHot = new double[outputs];
            oneHot[i] = 1;
            Tensor v = Tensor.of(oneHot, y.dtype()).reshape(y.shape());
            Tensor g = y.requiresGrad()
                    ? Autograd.grad(List.of(y), List.of(x), List.of(v), true, false, true).get(0)
                    : null;
            jacobian[i] = g == null ? new double[(int) x.numel()] : g.toDoubleArray();
        }
        return jacobian;
    }

    /** Column j is (f(x + eps e_j) - f(x - eps e_j)) / 2 eps, computed on a detached copy of x. */
    private static double[][] numericalJacobian(UnaryOperator<Tensor> f, Tensor x, double eps) {
        try (var off = Autograd.noGrad()) {
            Tensor probe = x.detach().clone();
            Tensor flat = probe.view(-1);
            int inputs = (int) x.numel();
            double[][] jacobian = null;
            for (int j = 0; j < inputs; j++) {
                Tensor entry = flat.narrow(0, j, 1);
                double original = entry.item();
                entry.fill_(original + eps);
                double[] plus = f.apply(probe).to(DType.FLOAT64).toDoubleArray();
                entry.fill_(original - eps);
                double[] minus = f.apply(probe).to(DType.FLOAT64).toDoubleArray();
                entry.fill_(original);
                if (jacobian == null) {
                    jacobian = new double[plus.length][inputs];
                }
                for (int i = 0; i < plus.length; i++) {
                    jacobian[i][j] = (plus[i] - minus[i]) / (2 * eps);
                }
            }
            return jacobian == null ? new double[0][0] : jacobian;
        }
    }
}
