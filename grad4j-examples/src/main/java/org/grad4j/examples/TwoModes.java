// D2L's "two modes" and "complexity" of automatic differentiation, measured: the Jacobian of
// f: R^n -> R^m by forward mode (n JVPs) and reverse mode (m VJPs), and what derivatives cost
// compared with evaluating the function.
package org.grad4j.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.autograd.Functional;

/**
 * Runs with {@code mvn -q -pl grad4j-examples exec:java -Dexec.mainClass=org.grad4j.examples.TwoModes}.
 *
 * <p>Forward mode carries one tangent (a column of the Jacobian) through the computation per
 * pass, so a full Jacobian costs n passes; reverse mode carries one cotangent (a row) back per
 * pass, so it costs m. Which one wins depends only on the shape: reverse mode for n >> m (a loss
 * of many parameters), forward mode for m >> n. Times are medians of several runs, in ms.
 */
public final class TwoModes {
    private static final int HIDDEN = 64;

    private TwoModes() {
    }

    /** One row of the Jacobian table: both Jacobians and their median times. */
    record JacobianRow(int n, int m, Tensor forward, Tensor reverse, double forwardMillis, double reverseMillis) {
    }

    public static void main(String[] args) {
        int repeats = 5;
        jacobianTable(System.out, List.of(new int[] {1000, 10}, new int[] {10, 1000}), repeats);
        System.out.println();
        derivativeCostTable(System.out, 200, repeats);
    }

    /** f(x) = W2 tanh(W1 x): a small two-layer network from R^n to R^m with fixed random weights. */
    static UnaryOperator<Tensor> network(int n, int m) {
        Tensor.manualSeed(n * 31L + m);
        Tensor w1 = Tensor.randn(HIDDEN, n).to(DType.FLOAT64).div(Math.sqrt(n));
        Tensor w2 = Tensor.randn(m, HIDDEN).to(DType.FLOAT64).div(Math.sqrt(HIDDEN));
        return x -> w2.mv(w1.mv(x).tanh());
    }

    /** Times the Jacobian in both modes for each (n, m) and prints the table. */
    static List<JacobianRow> jacobianTable(PrintStream out, List<int[]> sizes, int repeats) {
        out.println("Jacobian of f: R^n -> R^m, f(x) = W2 tanh(W1 x), median of " + repeats + " runs");
        out.printf("%6s %6s | %12s %8s | %12s %8s | %s%n", "n", "m", "forward ms", "passes", "reverse ms", "passes",
                "faster");
        List<JacobianRow> rows = new ArrayList<>();
        for (int[] size : sizes) {
            int n = size[0];
            int m = size[1];
            UnaryOperator<Tensor> f = network(n, m);
            Tensor.manualSeed(7);
            Tensor x = Tensor.randn(n).to(DType.FLOAT64);
            Timed forward = time(repeats, () -> Functional.jacobian(f, x, false, false, true, Functional.FORWARD_MODE));
            Timed reverse = time(repeats, () -> Functional.jacobian(f, x, false, false, false, Functional.REVERSE_MODE));
            rows.add(new JacobianRow(n, m, forward.result(), reverse.result(), forward.millis(), reverse.millis()));
            out.printf("%6d %6d | %12.2f %8d | %12.2f %8d | %s%n", n, m, forward.millis(), n, reverse.millis(), m,
                    forward.millis() < reverse.millis() ? "forward" : "reverse");
        }
        return rows;
    }

    /**
     * D2L's complexity section for s(x) = sum(f(x)^2) with f: R^n -> R^10: a gradient costs a
     * small constant times s itself, a Hessian-vector product another constant, a full Hessian n
     * Hessian-vector products (the full Hessians are timed once). Returns the Hessian, for checks.
     */
    static Tensor derivativeCostTable(PrintStream out, int n, int repeats) {
        UnaryOperator<Tensor> f = network(n, 10);
        UnaryOperator<Tensor> s = x -> f.apply(x).pow(2).sum();
        Tensor.manualSeed(8);
        Tensor x = Tensor.randn(n).to(DType.FLOAT64);
        Tensor v = Tensor.randn(n).to(DType.FLOAT64);
        Timed value = time(repeats, () -> s.apply(x));
        Timed gradient = time(repeats, () -> Functional.grad(s).apply(x));
        Timed hvp = time(repeats, () -> Functional.hvp(s, x, v).value());
        Timed vhp = time(repeats, () -> Functional.vhp(s, x, v).value());
        Timed hessian = time(1, () -> Functional.hessian(s).apply(x));
        Timed reverseHessian = time(1, () -> Functional.jacrev(Functional.jacrev(s)).apply(x));
        out.println("Cost of derivatives of s(x) = sum(f(x)^2), n = " + n + ", median of " + repeats + " runs");
        out.printf("%-46s %10s %10s%n", "what", "ms", "x s(x)");
        row(out, "s(x)", value, value);
        row(out, "gradient (reverse mode, 1 backward pass)", gradient, value);
        row(out, "Hessian-vector product (forward over reverse)", hvp, value);
        row(out, "vector-Hessian product (reverse over reverse)", vhp, value);
        row(out, "full Hessian (jacfwd(jacrev): n HVPs)", hessian, value);
        row(out, "full Hessian (jacrev(jacrev): n VHPs)", reverseHessian, value);
        out.println("(grad4j's forward mode derives each op's JVP from its backward rule, so one forward-mode pass");
        out.println(" costs more than one reverse-mode pass; the Hessian is symmetric, so a VHP is an HVP.)");
        return hessian.result();
    }

    private static void row(PrintStream out, String what, Timed t, Timed base) {
        out.printf("%-46s %10.3f %10.1f%n", what, t.millis(), t.millis() / Math.max(base.millis(), 1e-9));
    }

    /** A median time and the result of the last run. */
    private record Timed(double millis, Tensor result) {
    }

    /** Runs once to warm up, then {@code repeats} times; the median wall time in ms. */
    private static Timed time(int repeats, Supplier<Tensor> work) {
        Tensor result = work.get();
        double[] millis = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            result = work.get();
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        double median = repeats % 2 == 1 ? millis[repeats / 2] : (millis[repeats / 2 - 1] + millis[repeats / 2]) / 2;
        return new Timed(median, result);
    }
}
