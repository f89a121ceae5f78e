// The D2L chapter "Automatic Differentiation" (PyTorch tab), cell by cell, in grad4j; then a few more
// autograd features, the chapter's sin(x) exercise (sin.png) and the graph of a loss (graph.dot/.svg).
package org.grad4j.examples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.Node;

/**
 * Prints a Python REPL session: each {@code >>>} line is the PyTorch code a step mirrors, and the
 * line under it is what grad4j printed for it ({@code Tensor.toString()} is PyTorch's repr), so the
 * transcript reads the same as PyTorch's. Run with an output directory as the only argument (the
 * working directory when absent); the files {@code sin.png}, {@code graph.dot} and, when Graphviz's
 * {@code dot} command is installed, {@code graph.svg} are written there.
 */
public final class Tour {
    private Tour() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path outputDir = Path.of(args.length > 0 ? args[0] : ".");
        Files.createDirectories(outputDir);

        Tensor x = aSimpleFunction();
        backwardForNonScalarVariables(x);
        detachingComputation(x);
        gradientsAndPythonControlFlow();
        theComputationalGraph();
        turningOffGradientTracking();
        backwardTwice();
        higherOrderDerivatives();
        Loss loss = linearRegressionLoss();
        plotSinAndItsDerivative(outputDir);
        drawTheGraph(loss, outputDir);
    }

    // ------------------------------------------------------------------ the chapter

    /** 2.5.1: y = 2 x^T x has gradient 4x; gradients accumulate until zeroed. */
    private static Tensor aSimpleFunction() {
        section("2.5.1 A Simple Function");
        line("x = torch.arange(4.0)");
        Tensor x = Tensor.arange(4.0);
        show("x", x);
        show("x.requires_grad_(True)", x.requiresGrad_(true));
        show("x.grad is None", x.grad() == null);
        line("y = 2 * torch.dot(x, x)");
        Tensor y = x.dot(x).mul(2);
        show("y", y);
        line("y.backward()");
        y.backward();
        show("x.grad", x.grad());
        show("x.grad == 4 * x", x.grad().eq(x.mul(4)));
        show("x.grad.zero_()  # Reset the gradient", x.grad().zero_());
        line("y = x.sum()");
        y = x.sum();
        show("y", y);
        line("y.backward()");
        y.backward();
        show("x.grad", x.grad());
        return x;
    }

    /** 2.5.2: a vector y needs the vector in the vector-Jacobian product; ones give the sum. */
    private static void backwardForNonScalarVariables(Tensor x) {
        section("2.5.2 Backward for Non-Scalar Variables");
        show("x.grad.zero_()", x.grad().zero_());
        line("y = x * x");
        Tensor y = x.mul(x);
        show("y", y);
        line("y.backward()");
        try {
            y.backward();
        } catch (RuntimeException e) {
            showError(e);
        }
        line("y.backward(gradient=torch.ones(len(y)))");
        y.backward(Tensor.ones(y.size(0)));
        show("x.grad", x.grad());
        show("x.grad.zero_()", x.grad().zero_());
        line("y = x * x");
        y = x.mul(x);
        line("y.sum().backward()  # Faster: the same gradient");
        y.sum().backward();
        show("x.grad", x.grad());
    }

    /** 2.5.3: a detached tensor is a constant to autograd; y itself still has its graph. */
    private static void detachingComputation(Tensor x) {
        section("2.5.3 Detaching Computation");
        show("x.grad.zero_()", x.grad().zero_());
        line("y = x * x");
        Tensor y = x.mul(x);
        line("u = y.detach()");
        Tensor u = y.detach();
        show("u", u);
        line("z = u * x");
        Tensor z = u.mul(x);
        show("z", z);
        line("z.sum().backward()");
        z.sum().backward();
        show("x.grad == u", x.grad().eq(u));
        show("x.grad.zero_()", x.grad().zero_());
        line("y.sum().backward()");
        y.sum().backward();
        show("x.grad == 2 * x", x.grad().eq(x.mul(2)));
    }

    /** 2.5.4: the graph records whichever path the loop and branch took, so d = k * a and a.grad = k. */
    private static void gradientsAndPythonControlFlow() {
        section("2.5.4 Gradients and Python Control Flow");
        line("def f(a):");
        more("    b = a * 2");
        more("    while b.norm() < 1000:");
        more("        b = b * 2");
        more("    if b.sum() > 0:");
        more("        c = b");
        more("    else:");
        more("        c = 100 * b");
        more("    return c");
        more("");
        line("torch.manual_seed(0)");
        Tensor.manualSeed(0);
        line("a = torch.randn(size=(), requires_grad=True)");
        Tensor a = Tensor.randn().requiresGrad_(true);
        show("a", a);
        line("d = f(a)");
        Tensor d = f(a);
        show("d", d);
        line("d.backward()");
        d.backward();
        show("a.grad", a.grad());
        show("a.grad == d / a", a.grad().eq(d.div(a)));
    }

    /** The chapter's f, with Java's loop and branch in place of Python's. */
    private static Tensor f(Tensor a) {
        Tensor b = a.mul(2);
        while (b.norm().item() < 1000) {
            b = b.mul(2);
        }
        return b.sum().item() > 0 ? b : b.mul(100);
    }

    // ------------------------------------------------------------------ beyond the chapter

    /** Every result of a recorded op knows the node that made it and that node's inputs. */
    private static void theComputationalGraph() {
        section("The Computational Graph (grad_fn)");
        line("x = torch.arange(4.0, requires_grad=True)");
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        line("y = 2 * torch.dot(x, x)");
        Tensor y = x.dot(x).mul(2);
        show("x.is_leaf", x.isLeaf());
        show("x.grad_fn is None", x.gradFn() == null);
        show("y.is_leaf", y.isLeaf());
        show("y.grad_fn.name()", "'" + y.gradFn().name() + "'");
        show("[type(fn).__name__ if fn else None for fn, _ in y.grad_fn.next_functions]",
                names(y.gradFn().nextFunctions()));
        line("dot = y.grad_fn.next_functions[0][0]");
        Node dot = y.gradFn().nextFunctions().get(0);
        show("[type(fn).__name__ if fn else None for fn, _ in dot.next_functions]", names(dot.nextFunctions()));
    }

    /** Inside no_grad nothing is recorded: the result is a plain tensor. */
    private static void turningOffGradientTracking() {
        section("Turning Off Gradient Tracking (no_grad)");
        line("x = torch.arange(4.0, requires_grad=True)");
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        line("with torch.no_grad():");
        more("    z = 2 * x");
        more("");
        Tensor z;
        try (var noGrad = Autograd.noGrad()) {
            z = x.mul(2);
        }
        show("z.requires_grad", z.requiresGrad());
        show("z", z);
        show("torch.is_grad_enabled()", Autograd.isGradEnabled());
    }

    /** backward frees the graph's saved tensors unless told to keep them; kept, a second pass accumulates. */
    private static void backwardTwice() {
        section("Backward Twice (retain_graph)");
        line("x = torch.arange(4.0, requires_grad=True)");
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        line("y = 2 * torch.dot(x, x)");
        Tensor y = x.dot(x).mul(2);
        line("y.backward()");
        y.backward();
        line("y.backward()");
        try {
            y.backward();
        } catch (RuntimeException e) {
            showError(e);
        }
        show("x.grad.zero_()", x.grad().zero_());
        line("y = 2 * torch.dot(x, x)");
        y = x.dot(x).mul(2);
        line("y.backward(retain_graph=True)");
        y.backward(null, true);
        line("y.backward()  # the second pass adds 4x again");
        y.backward();
        show("x.grad", x.grad());
    }

    /** With create_graph the gradient is itself a differentiable result: d2(x^3)/dx2 = 6x. */
    private static void higherOrderDerivatives() {
        section("Higher-Order Derivatives (create_graph)");
        line("x = torch.arange(4.0, requires_grad=True)");
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        line("y = (x ** 3).sum()");
        Tensor y = x.pow(3).sum();
        line("g = torch.autograd.grad(y, x, create_graph=True)[0]  # 3 * x ** 2");
        Tensor g = Autograd.grad(List.of(y), List.of(x), null, false, true, false).get(0);
        show("g", g);
        line("g.sum().backward()");
        g.sum().backward();
        show("x.grad", x.grad());
        show("x.grad == 6 * x", x.grad().eq(x.mul(6)));
    }

    /** A loss and the parameters it depends on, for drawing its graph. */
    private record Loss(Tensor value, Map<String, Tensor> parameters) {
    }

    /** One squared error of a line fit: L = (w x + b - y)^2 with w=4, b=2, x=2, y=7 gives dL/dw=12, dL/db=6. */
    private static Loss linearRegressionLoss() {
        section("A Linear-Regression Loss");
        line("w = torch.tensor(4.0, requires_grad=True)");
        Tensor w = Tensor.scalar(4.0).requiresGrad_(true);
        line("b = torch.tensor(2.0, requires_grad=True)");
        Tensor b = Tensor.scalar(2.0).requiresGrad_(true);
        line("x, y = torch.tensor(2.0), torch.tensor(7.0)");
        Tensor x = Tensor.scalar(2.0);
        Tensor y = Tensor.scalar(7.0);
        line("L = (w * x + b - y) ** 2");
        Tensor loss = w.mul(x).add(b).sub(y).pow(2);
        show("L", loss);
        line("L.backward()");
        loss.backward();
        show("w.grad  # 2 * (w * x + b - y) * x", w.grad());
        show("b.grad  # 2 * (w * x + b - y)", b.grad());
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        parameters.put("w", w);
        parameters.put("b", b);
        return new Loss(loss, parameters);
    }

    /** The chapter's exercise: plot sin and its derivative, the derivative taken by autograd (not cos). */
    private static void plotSinAndItsDerivative(Path outputDir) throws IOException {
        section("Exercise: sin(x) and Its Derivative");
        line("x = torch.linspace(-5, 5, 100, requires_grad=True)");
        Tensor x = Tensor.linspace(-5, 5, 100).requiresGrad_(true);
        line("y = torch.sin(x)");
        Tensor y = x.sin();
        line("y.sum().backward()");
        y.sum().backward();
        show("x.grad[:4]", x.grad().slice(0, 0, 4));
        show("torch.allclose(x.grad, torch.cos(x.detach()))  # a check only; the plot uses x.grad",
                x.grad().allclose(x.detach().cos()));
        Path png = outputDir.resolve("sin.png");
        SinPlot.save(x.detach().toDoubleArray(), y.detach().toDoubleArray(), x.grad().toDoubleArray(), png);
        note("wrote " + png);
    }

    /** The graph behind L, as torchviz would draw it: DOT text, and an SVG when Graphviz is installed. */
    private static void drawTheGraph(Loss loss, Path outputDir) throws IOException, InterruptedException {
        section("The Graph of L");
        line("make_dot(L, params={'w': w, 'b': b}).save('graph.dot')  # torchviz");
        String dot = GraphDot.toDot(loss.value().gradFn(), loss.parameters());
        System.out.print(dot);
        Path dotFile = outputDir.resolve("graph.dot");
        Files.writeString(dotFile, dot);
        note("wrote " + dotFile);
        if (!commandOnPath("dot")) {
            note("graph.svg skipped: Graphviz's dot command is not installed");
            return;
        }
        Path svgFile = outputDir.resolve("graph.svg");
        Process render = new ProcessBuilder("dot", "-Tsvg", "-o", svgFile.toString(), dotFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int exitCode = render.waitFor();
        note(exitCode == 0 ? "wrote " + svgFile : "graph.svg not written: dot exited with " + exitCode);
    }

    // ------------------------------------------------------------------ printing

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title + " ==");
    }

    /** A statement: the REPL echoes nothing. */
    private static void line(String python) {
        System.out.println(">>> " + python);
    }

    /** A continuation line of a multi-line statement. */
    private static void more(String python) {
        System.out.println(python.isEmpty() ? "..." : "... " + python);
    }

    /** An expression and the value the REPL echoes for it. */
    private static void show(String python, Object value) {
        line(python);
        System.out.println(value);
    }

    private static void show(String python, boolean value) {
        show(python, value ? "True" : "False");
    }

    /** The last line of the traceback: PyTorch raises RuntimeError, grad4j the Java exception shown. */
    private static void showError(RuntimeException e) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** A remark of the tour itself, not REPL output. */
    private static void note(String text) {
        System.out.println("# " + text);
    }

    /** A Python list of node names, None for null entries: {@code ['DotBackward0', None]}. */
    private static String names(List<Node> nodes) {
        List<String> items = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            items.add(node == null ? "None" : "'" + node.name() + "'");
        }
        return "[" + String.join(", ", items) + "]";
    }

    private static boolean commandOnPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
