package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Story test: the "Dive into Deep Learning" chapter "Automatic Differentiation" (PyTorch tab),
 * cell by cell, plus its exercises, translated line by line to grad4j as API.md maps it.
 * Every expected value comes from {@code /fixtures/d2l.json}, which {@code tools/gen_d2l_fixtures.py}
 * writes by running the same cells in PyTorch 1.13: reprs must match {@code toString()} exactly,
 * error messages must contain PyTorch's text. Each fixture step's {@code code} field holds the
 * PyTorch the step's Java lines translate.
 */
class D2LChapterTest {

    private static final String FIXTURE = "/fixtures/d2l.json";

    private static final Map<String, JsonNode> STEPS = new LinkedHashMap<>();

    /**
     * Checks are collected as each cell runs (values are captured at that moment, since later cells
     * mutate {@code x.grad}) and asserted together after the test, so one discrepancy does not hide
     * the next.
     */
    private final List<Executable> checks = new ArrayList<>();

    @BeforeAll
    static void loadFixture() throws IOException {
        try (InputStream in = D2LChapterTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            for (JsonNode step : new ObjectMapper().readTree(in).get("steps")) {
                STEPS.put(step.get("id").asText(), step.get("expect"));
            }
        }
    }

    @AfterEach
    void assertCollectedChecks() {
        assertAll("grad4j vs PyTorch", checks);
    }

    // 2.5.1 A Simple Function: y = 2 x^T x, its gradient 4x, then y = sum(x) after zeroing x.grad.
    @Test
    void simpleFunctionGradientIsFourX() {
        Tensor x = Tensor.arange(4.0);
        step("simple.arange").repr("x", x);

        Step requiresGrad = step("simple.requires_grad");
        Tensor returned = x.requiresGrad_(true);
        requiresGrad.repr("returned", returned);
        requiresGrad.value("returns_self", returned == x);
        requiresGrad.value("grad_is_none", x.grad() == null);
        requiresGrad.value("requires_grad", x.requiresGrad());
        requiresGrad.value("is_leaf", x.isLeaf());

        Step dot = step("simple.dot");
        Tensor y = x.dot(x).mul(2);
        dot.repr("y", y);
        dot.shape("shape", y);
        dot.name("grad_fn", y.gradFn());
        dot.names("next_functions", y.gradFn().nextFunctions());
        dot.names("dot_next_functions", y.gradFn().nextFunctions().get(0).nextFunctions());

        y.backward();
        step("simple.backward").repr("grad", x.grad());

        step("simple.grad_equals_4x").repr("eq", x.grad().eq(x.mul(4)));

        Step sum = step("simple.sum");
        sum.repr("zeroed", x.grad().zero_());
        y = x.sum();
        sum.repr("y", y);
        sum.names("next_functions", y.gradFn().nextFunctions());
        y.backward();
        sum.repr("grad", x.grad());
    }

    // 2.5.2 Backward for Non-Scalar Variables: an explicit gradient (newer edition), y.sum() (older
    // edition), and the error when neither is given.
    @Test
    void backwardForNonScalarVariables() {
        Tensor x = chapterX();

        Step withGradient = step("nonscalar.backward_with_gradient");
        x.grad().zero_();
        Tensor y = x.mul(x);
        withGradient.repr("y", y);
        withGradient.names("next_functions", y.gradFn().nextFunctions());
        y.backward(Tensor.ones(y.size(0)));
        withGradient.repr("grad", x.grad());

        x.grad().zero_();
        y = x.mul(x);
        y.sum().backward();
        step("nonscalar.sum_backward").repr("grad", x.grad());

        Step withoutGradient = step("nonscalar.backward_without_gradient");
        String gradBefore = x.grad().toString();
        Tensor nonScalar = x.mul(x);
        withoutGradient.error("error", assertThrows(IllegalArgumentException.class, nonScalar::backward));
        withoutGradient.value("grad_unchanged", x.grad().toString().equals(gradBefore));
        withoutGradient.repr("grad", x.grad());
    }

    // 2.5.3 Detaching Computation: u = y.detach() is a constant in z = u * x, while y keeps its graph.
    @Test
    void detachingComputation() {
        Tensor x = chapterX();

        Step detach = step("detach.detach");
        x.grad().zero_();
        Tensor y = x.mul(x);
        Tensor u = y.detach();
        Tensor z = u.mul(x);
        detach.repr("u", u);
        detach.value("u_requires_grad", u.requiresGrad());
        detach.value("u_grad_fn_is_none", u.gradFn() == null);
        detach.value("u_shares_storage_with_y", u.sharesStorageWith(y));
        detach.repr("z", z);
        detach.names("z_next_functions", z.gradFn().nextFunctions());

        Step gradEqualsU = step("detach.grad_equals_u");
        z.sum().backward();
        gradEqualsU.repr("eq", x.grad().eq(u));
        gradEqualsU.repr("grad", x.grad());

        Step stillHasGraph = step("detach.y_still_has_graph");
        x.grad().zero_();
        y.sum().backward();
        stillHasGraph.repr("eq", x.grad().eq(x.mul(2)));
        stillHasGraph.repr("grad", x.grad());
    }

    // 2.5.4 Gradients and Python Control Flow: f is piecewise linear in a, so a.grad == d / a.
    // The chapter's random scalar a is replayed with the fixture's fixed values (both branches of f).
    @Test
    void controlFlowGradientOfScalar() {
        for (Map.Entry<String, JsonNode> entry : STEPS.entrySet()) {
            if (!entry.getKey().startsWith("control_flow.scalar[")) {
                continue;
            }
            Step scalar = step(entry.getKey());
            Tensor a = Tensor.scalar(scalar.expect.get("a_value").asDouble()).requiresGrad_(true);
            Tensor d = f(a);
            d.backward();
            scalar.repr("a", a);
            scalar.shape("shape", a);
            scalar.repr("d", d);
            scalar.value("d_value", d.item());
            scalar.repr("grad", a.grad());
            scalar.value("grad_value", a.grad().item());
            scalar.repr("eq", a.grad().eq(d.div(a)));
        }
    }

    // Exercise: with a vector a, d = f(a) is no longer a scalar; d.backward() fails, d.sum().backward() works.
    @Test
    void controlFlowGradientOfVector() {
        Step vector = step("control_flow.vector");
        Tensor a = Tensor.of(doubles(vector.expect.get("a_values"))).requiresGrad_(true);
        Tensor d = f(a);
        vector.repr("d", d);
        vector.error("error", assertThrows(IllegalArgumentException.class, d::backward));
        d.sum().backward();
        vector.repr("grad", a.grad());
        vector.repr("eq", a.grad().eq(d.div(a)));
    }

    // Exercise: a second backward through a graph whose saved tensors were freed fails and leaves x.grad
    // as it was; a graph that saved nothing (sum) can be run again and accumulates.
    @Test
    void backwardTwiceWithoutRetainGraph() {
        Step twice = step("exercise.backward_twice");
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        Tensor y = x.dot(x).mul(2);
        y.backward();
        twice.error("error", assertThrows(IllegalStateException.class, y::backward));
        twice.repr("grad", x.grad());

        Step nothingSaved = step("exercise.backward_twice_nothing_saved");
        x = Tensor.arange(4.0).requiresGrad_(true);
        y = x.sum();
        y.backward();
        y.backward();
        nothingSaved.repr("grad", x.grad());
    }

    // Exercise: retain_graph=True keeps the graph for a second backward; gradients accumulate.
    @Test
    void retainGraphAccumulatesGradients() {
        Step retain = step("exercise.retain_graph");
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        Tensor y = x.dot(x).mul(2);
        y.backward(null, true);
        retain.repr("grad_after_first", x.grad());
        y.backward();
        retain.repr("grad_after_second", x.grad());
    }

    // Exercise: second derivative of x^3 is 6x, via backward(create_graph=True) then autograd.grad,
    // and via two autograd.grad calls on a vector.
    @Test
    void secondDerivativeOfCube() {
        for (Map.Entry<String, JsonNode> entry : STEPS.entrySet()) {
            if (!entry.getKey().startsWith("exercise.second_derivative[")) {
                continue;
            }
            Step point = step(entry.getKey());
            Tensor x = Tensor.scalar(point.expect.get("x_value").asDouble()).requiresGrad_(true);
            Tensor y = x.pow(3);
            y.backward(null, true, true);
            Tensor first = x.grad();
            Tensor second = Autograd.grad(first, x).get(0);
            point.repr("y", y);
            point.repr("first", first.detach());
            point.value("first_value", first.item());
            point.value("first_requires_grad", first.requiresGrad());
            point.repr("second", second);
            point.value("second_value", second.item());
            point.value("six_x", 6 * point.expect.get("x_value").asDouble());
        }

        Step vector = step("exercise.second_derivative_vector");
        Tensor x = Tensor.of(doubles(vector.expect.get("x_values"))).requiresGrad_(true);
        Tensor y = x.pow(3);
        Tensor dy = Autograd.grad(List.of(y.sum()), List.of(x), null, true, true, false).get(0);
        Tensor d2y = Autograd.grad(dy.sum(), x).get(0);
        vector.repr("dy", dy);
        vector.repr("d2y", d2y);
        vector.repr("d2y_equals_6x", d2y.eq(x.mul(6)));
        vector.value("x_grad_is_none", x.grad() == null);
    }

    // Linear regression by hand: L = (w x + b - y)^2 at w=4, b=2, x=2, y=7 gives dL/dw = 12, dL/db = 6;
    // the graph's grad_fn chain and next_functions (null for inputs that need no gradient).
    @Test
    void linearRegressionGraphAndGradients() {
        Step forward = step("graph.linear_regression_forward");
        Tensor w = Tensor.scalar(4.0).requiresGrad_(true);
        Tensor b = Tensor.scalar(2.0).requiresGrad_(true);
        Tensor x = Tensor.scalar(2.0);
        Tensor y = Tensor.scalar(7.0);
        Tensor wx = w.mul(x);
        Tensor prediction = wx.add(b);
        Tensor error = prediction.sub(y);
        Tensor loss = error.pow(2);
        forward.repr("loss", loss);
        forward.name("loss_grad_fn", loss.gradFn());
        List<Tensor> chain = List.of(loss, error, prediction, wx);
        JsonNode expectedChain = forward.expect.get("chain");
        checks.add(() -> assertEquals(expectedChain.size(), chain.size(), "graph.linear_regression_forward.chain"));
        for (int i = 0; i < chain.size(); i++) {
            JsonNode link = expectedChain.get(i);
            Node node = chain.get(i).gradFn();
            String actualName = nodeName(node);
            List<String> actualNext = nodeNames(node.nextFunctions());
            int position = i;
            checks.add(() -> assertEquals(link.get("name").asText(), actualName,
                    "graph.linear_regression_forward.chain[" + position + "].name"));
            checks.add(() -> assertEquals(textList(link.get("next_functions")), actualNext,
                    "graph.linear_regression_forward.chain[" + position + "].next_functions"));
        }
        forward.repr("w", w);
        forward.repr("x", x);
        forward.value("w_is_leaf", w.isLeaf());
        forward.value("loss_is_leaf", loss.isLeaf());
        forward.value("x_requires_grad", x.requiresGrad());
        forward.value("x_grad_fn_is_none", x.gradFn() == null);
        forward.value("w_grad_fn_is_none", w.gradFn() == null);

        Step backward = step("graph.linear_regression_backward");
        loss.backward();
        backward.repr("w_grad", w.grad());
        backward.repr("b_grad", b.grad());
        backward.value("w_grad_value", w.grad().item());
        backward.value("b_grad_value", b.grad().item());
        backward.value("x_grad_is_none", x.grad() == null);
    }

    // torch.no_grad(): results computed inside record no graph; the mode is restored on leaving.
    @Test
    void noGradRecordsNoGraph() {
        Step noGrad = step("graph.no_grad");
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        boolean enabledBefore = Autograd.isGradEnabled();
        boolean enabledInside;
        Tensor y;
        try (var g = Autograd.noGrad()) {
            enabledInside = Autograd.isGradEnabled();
            y = x.mul(2);
        }
        Tensor z = x.mul(2);
        noGrad.value("enabled_before", enabledBefore);
        noGrad.value("enabled_inside", enabledInside);
        noGrad.value("enabled_after", Autograd.isGradEnabled());
        noGrad.repr("y", y);
        noGrad.value("y_requires_grad", y.requiresGrad());
        noGrad.value("y_grad_fn_is_none", y.gradFn() == null);
        noGrad.value("y_is_leaf", y.isLeaf());
        noGrad.value("x_requires_grad", x.requiresGrad());
        noGrad.repr("z", z);
        noGrad.value("z_requires_grad", z.requiresGrad());
    }

    // Exercise: the derivative of sin computed by autograd (not from the formula) is cos.
    @Test
    void sinDerivativeIsCos() {
        Step sin = step("exercise.sin_derivative");
        Tensor x = Tensor.linspace(-5, 5, 100).requiresGrad_(true);
        Tensor y = x.sin();
        y.sum().backward();
        double maxAbsDiff = x.grad().sub(x.detach().cos()).abs().max().item();
        sin.repr("x_head", x.detach().slice(0, 0, 5));
        sin.repr("grad_head", x.grad().slice(0, 0, 5));
        sin.name("y_grad_fn", y.gradFn());
        sin.shape("shape", x.grad());
        double tolerance = sin.expect.get("tolerance").asDouble();
        boolean expectedWithin = sin.expect.get("within_tolerance").asBoolean();
        checks.add(() -> assertEquals(expectedWithin, maxAbsDiff < tolerance,
                "exercise.sin_derivative: max |x.grad - cos(x)| = " + maxAbsDiff + ", tolerance " + tolerance));
    }

    /** The chapter's function with Python control flow: doubles b until its norm reaches 1000. */
    private static Tensor f(Tensor a) {
        Tensor b = a.mul(2);
        while (b.norm().item() < 1000) {
            b = b.mul(2);
        }
        Tensor c;
        if (b.sum().item() > 0) {
            c = b;
        } else {
            c = b.mul(100);
        }
        return c;
    }

    /**
     * The chapter's running {@code x = torch.arange(4.0, requires_grad=True)} after an earlier cell's
     * backward, so that the next cell's {@code x.grad.zero_()} has a gradient to reset.
     */
    private static Tensor chapterX() {
        Tensor x = Tensor.arange(4.0).requiresGrad_(true);
        x.sum().backward();
        return x;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array) {
            values.add(item.isNull() ? null : item.asText());
        }
        return values;
    }

    private static String nodeName(Node node) {
        return node == null ? null : node.name();
    }

    private static List<String> nodeNames(List<Node> nodes) {
        List<String> names = new ArrayList<>();
        for (Node node : nodes) {
            names.add(nodeName(node));
        }
        return names;
    }

    private Step step(String id) {
        JsonNode expect = STEPS.get(id);
        assertNotNull(expect, "fixture has no step " + id + "; regenerate with tools/gen_d2l_fixtures.py");
        return new Step(id, expect);
    }

    /** One fixture step: records checks of grad4j's values against the step's expected ones. */
    private final class Step {
        private final String id;
        private final JsonNode expect;

        Step(String id, JsonNode expect) {
            this.id = id;
            this.expect = expect;
        }

        private JsonNode expected(String key) {
            JsonNode value = expect.get(key);
            assertNotNull(value, "fixture step " + id + " has no " + key);
            return value;
        }

        /** {@code repr(tensor)} in PyTorch equals {@code tensor.toString()} in grad4j. */
        void repr(String key, Tensor actual) {
            String expected = expected(key).asText();
            String actualText = String.valueOf(actual);
            checks.add(() -> assertEquals(expected, actualText, id + "." + key));
        }

        void value(String key, boolean actual) {
            boolean expected = expected(key).asBoolean();
            checks.add(() -> assertEquals(expected, actual, id + "." + key));
        }

        /** Exact: float32 results widened to double compare equal when the float32 values agree. */
        void value(String key, double actual) {
            double expected = expected(key).asDouble();
            checks.add(() -> assertEquals(expected, actual, 0.0, id + "." + key));
        }

        void shape(String key, Tensor actual) {
            JsonNode dims = expected(key);
            long[] expected = new long[dims.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = dims.get(i).asLong();
            }
            long[] actualShape = actual.shape();
            checks.add(() -> assertArrayEquals(expected, actualShape, id + "." + key));
        }

        void name(String key, Node actual) {
            String expected = expected(key).asText();
            String actualName = nodeName(actual);
            checks.add(() -> assertEquals(expected, actualName, id + "." + key));
        }

        /** {@code [type(n).__name__ for n, _ in t.grad_fn.next_functions]}, None as null. */
        void names(String key, List<Node> actual) {
            List<String> expected = textList(expected(key));
            List<String> actualNames = nodeNames(actual);
            checks.add(() -> assertEquals(expected, actualNames, id + "." + key));
        }

        /** The exception's message contains PyTorch's RuntimeError message. */
        void error(String key, RuntimeException actual) {
            String expected = expected(key).asText();
            String message = actual.getMessage();
            checks.add(() -> assertTrue(message != null && message.contains(expected),
                    id + "." + key + ": expected a message containing <" + expected + "> but was <" + message + ">"));
        }
    }
}
