package org.grad4j;

import static org.grad4j.FixtureSupport.assertFailsAsPyTorchChangingNothing;
import static org.grad4j.FixtureSupport.assertClose;
import static org.grad4j.FixtureSupport.constant;
import static org.grad4j.FixtureSupport.doubles;
import static org.grad4j.FixtureSupport.dtype;
import static org.grad4j.FixtureSupport.input;
import static org.grad4j.FixtureSupport.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.grad4j.autograd.GradCheck;
import org.grad4j.linalg.Linalg;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The linear algebra of issue 3, driven by one op table ({@link #SPECS}): each entry names the op
 * as {@code tools/gen_linalg_fixtures.py} does, says how to call it, and lists float64 functions
 * for gradcheck and gradgradcheck. The fixtures (fixtures/linalg.json) give PyTorch's values,
 * gradients, grad_fn names and error messages for random inputs (float32 and float64, views,
 * broadcasting, 0-d and empty tensors).
 */
class LinalgOpsTest {
    /** Calls an op on the fixture's inputs with the fixture's arguments. */
    @FunctionalInterface
    interface Call {
        Tensor apply(List<Tensor> x, JsonNode args);
    }

    /** One op: its fixture name, how to call it, and float64 single-input functions for gradcheck. */
    record Spec(String op, Call call, List<Named<Check>> gradChecks) {
    }

    /** A float64 function of one input of the given shape (inputs are kept well conditioned by the function). */
    record Check(long[] shape, UnaryOperator<Tensor> f) {
    }

    private static final Tensor V3 = constant(31, 3);
    private static final Tensor V4 = constant(32, 4);
    private static final Tensor M34 = constant(33, 3, 4);
    private static final Tensor M42 = constant(34, 4, 2);
    private static final Tensor M32 = constant(35, 3, 2);
    private static final Tensor B234 = constant(37, 2, 3, 4);
    private static final Tensor B242 = constant(38, 2, 4, 2);
    private static final Tensor EYE3 = Factories.eye(3, 3, DType.FLOAT64);
    /** Added to a random input to make it diagonally dominant, hence well conditioned. */
    private static final Tensor SHIFT3 = EYE3.mul(8.0);
    private static final Tensor WELL_CONDITIONED = constant(39, 3, 3).add(SHIFT3);

    static final List<Spec> SPECS = List.of(
            spec("outer", (x, a) -> x.get(0).outer(x.get(1)),
                    check("outer left", y -> y.outer(V4), 3),
                    check("outer right", y -> V3.outer(y), 4),
                    check("outer self", y -> y.outer(y), 3)),
            spec("addmm", (x, a) -> Tensor.addmm(x.get(0), x.get(1), x.get(2), a.get("beta").asDouble(),
                            a.get("alpha").asDouble()),
                    check("addmm input broadcast", y -> Tensor.addmm(y, M34, M42, 0.5, -2.0), 2),
                    check("addmm mat1", y -> M32.addmm(y, M42), 3, 4),
                    check("addmm mat2 scaled", y -> M32.addmm(M34, y, 1.5, 3.0), 4, 2),
                    check("addmm all from one input", y -> y.addmm(y, y.t(), 0.5, 2.0), 3, 3)),
            spec("baddbmm", (x, a) -> Tensor.baddbmm(x.get(0), x.get(1), x.get(2), a.get("beta").asDouble(),
                            a.get("alpha").asDouble()),
                    check("baddbmm input broadcast", y -> Tensor.baddbmm(y, B234, B242, -1.0, 0.5), 3, 2),
                    check("baddbmm batch1", y -> constant(40, 2, 3, 2).baddbmm(y, B242), 2, 3, 4),
                    check("baddbmm batch2", y -> constant(41, 2, 3, 2).baddbmm(B234, y, 2.0, 1.5), 2, 4, 2)),
            spec("einsum", (x, a) -> Tensor.einsum(a.get("equation").asText(), x.toArray(new Tensor[0])),
                    check("einsum matmul", y -> Tensor.einsum("ij,jk->ik", y, M42), 3, 4),
                    check("einsum trace", y -> Tensor.einsum("ii->", y), 3, 3),
                    check("einsum diagonal batch", y -> Tensor.einsum("bii->bi", y), 2, 3, 3),
                    check("einsum outer self", y -> Tensor.einsum("i,j->ij", y, y), 3),
                    check("einsum squared sum", y -> Tensor.einsum("ij,ij->", y, y), 2, 3),
                    check("einsum ellipsis batch", y -> Tensor.einsum("...ij,...jk->...ik", y, M42), 2, 3, 4),
                    check("einsum implicit", y -> Tensor.einsum("ba,b", y, V3), 3, 2),
                    check("einsum chain of three", y -> Tensor.einsum("ij,jk,kl->il", y, M42, M32.t()), 3, 4),
                    check("einsum attention scores", y -> Tensor.einsum("bqd,bkd->bqk", y, y.exp()), 2, 3, 2),
                    check("einsum broadcast size-1 subscript", y -> Tensor.einsum("bij,bjk->bik", y, B242), 1, 3, 4)),
            spec("diag", (x, a) -> x.get(0).diag(a.get("offset").asInt()),
                    check("diag of a vector", Tensor::diag, 3),
                    check("diag of a vector, offset -1", y -> y.diag(-1), 3),
                    check("diag of a matrix", Tensor::diag, 3, 4),
                    check("diag of a matrix, offset 1", y -> y.diag(1), 3, 4),
                    check("diag of a transposed matrix, offset -1", y -> y.t().diag(-1), 3, 4)),
            spec("trace", (x, a) -> x.get(0).trace(),
                    check("trace", Tensor::trace, 3, 3),
                    check("trace wide", y -> y.trace(), 2, 4),
                    check("trace of a product", y -> y.mm(y.t()).trace(), 3, 2)),
            spec("kron", (x, a) -> x.get(0).kron(x.get(1)),
                    check("kron left", y -> y.kron(M32), 2, 2),
                    check("kron right", y -> V3.kron(y), 2, 3),
                    check("kron self", y -> y.kron(y), 2)),
            spec("cross", (x, a) -> Linalg.cross(x.get(0), x.get(1), a.get("dim").asInt()),
                    check("cross left", y -> y.cross(constant(42, 4, 3), -1), 4, 3),
                    check("cross right dim 0", y -> M34.cross(y, 0), 3, 4),
                    check("cross self rotated", y -> Linalg.cross(y, y.cos()), 2, 3)),
            spec("inv", (x, a) -> Linalg.inv(x.get(0)),
                    check("inv", y -> Linalg.inv(y.add(SHIFT3)), 3, 3),
                    check("inv batch", y -> Linalg.inv(y.add(SHIFT3)), 2, 3, 3),
                    check("inv of a transposed matrix", y -> y.t().add(SHIFT3).inverse(), 3, 3)),
            spec("det", (x, a) -> Linalg.det(x.get(0)),
                    check("det", y -> Linalg.det(y.add(SHIFT3)), 3, 3),
                    check("det batch", y -> Linalg.det(y.add(SHIFT3)), 2, 3, 3),
                    check("det of a random matrix", Tensor::det, 3, 3),
                    check("det 1x1", Tensor::det, 1, 1)),
            spec("solve", (x, a) -> Linalg.solve(x.get(0), x.get(1)),
                    check("solve for A, vector B", y -> Linalg.solve(y.add(SHIFT3), V3), 3, 3),
                    check("solve for A, matrix B", y -> Linalg.solve(y.add(SHIFT3), M32), 3, 3),
                    check("solve for B, vector", y -> Linalg.solve(WELL_CONDITIONED, y), 3),
                    check("solve for B, matrix batch", y -> Linalg.solve(WELL_CONDITIONED, y), 2, 3, 2),
                    check("solve for a batched A, broadcast B", y -> Linalg.solve(y.add(SHIFT3), M32), 2, 3, 3),
                    check("solve for a batched A, batched vector", y -> Linalg.solve(y.add(SHIFT3), M32.t()), 2, 3, 3)),
            spec("vector_norm", (x, a) -> Linalg.vectorNorm(x.get(0), ord(a), dims(a), a.get("keepdim").asBoolean()),
                    check("vector_norm 2", Linalg::vectorNorm, 3, 4),
                    check("vector_norm 1 dim", y -> Linalg.vectorNorm(y, 1, new int[] {1}, false), 3, 4),
                    check("vector_norm inf keepdim", y -> Linalg.vectorNorm(y, Double.POSITIVE_INFINITY,
                            new int[] {0}, true), 3, 4),
                    check("vector_norm -inf", y -> Linalg.vectorNorm(y, Double.NEGATIVE_INFINITY), 3, 4),
                    check("vector_norm 3 dims", y -> Linalg.vectorNorm(y, 3, new int[] {0, 2}, false), 2, 3, 2),
                    check("vector_norm 0.5", y -> Linalg.vectorNorm(y, 0.5), 4),
                    check("vector_norm -1", y -> Linalg.vectorNorm(y, -1, new int[] {-1}, false), 2, 3),
                                        check("vector_norm 2 of a 0-d tensor", y -> Linalg.vectorNorm(y.reshape()), 1)),
            spec("matrix_norm", (x, a) -> matrixNorm(x.get(0), a),
                    check("matrix_norm fro", Linalg::matrixNorm, 2, 3, 4),
                    check("matrix_norm 1", y -> Linalg.matrixNorm(y, 1), 3, 4),
                    check("matrix_norm -1", y -> Linalg.matrixNorm(y, -1), 3, 4),
                    check("matrix_norm inf keepdim", y -> Linalg.matrixNorm(y, Double.POSITIVE_INFINITY,
                            new int[] {0, 2}, true), 2, 3, 4),
                    check("matrix_norm -inf", y -> Linalg.matrixNorm(y, Double.NEGATIVE_INFINITY), 3, 4),
                    check("matrix_norm fro dims", y -> Linalg.matrixNorm(y, "fro", new int[] {0, 1}, true), 3, 4, 2)),
            spec("matrix_power", (x, a) -> Linalg.matrixPower(x.get(0), a.get("n").asLong()),
                    check("matrix_power 0", y -> y.matrixPower(0), 3, 3),
                    check("matrix_power 1", y -> y.matrixPower(1), 3, 3),
                    check("matrix_power 3", y -> Linalg.matrixPower(y, 3), 3, 3),
                    check("matrix_power 5 batch", y -> Linalg.matrixPower(y, 5), 2, 2, 2),
                    check("matrix_power -2", y -> Linalg.matrixPower(y.add(SHIFT3), -2), 3, 3)),
            spec("vecdot", (x, a) -> Linalg.vecdot(x.get(0), x.get(1), a.get("dim").asInt()),
                    check("vecdot", y -> Linalg.vecdot(y, V3), 2, 3),
                    check("vecdot self dim 0", y -> Linalg.vecdot(y, y, 0), 3, 2)),
            spec("norm", (x, a) -> norm(x.get(0), a),
                    check("norm", Linalg::norm, 2, 3),
                    check("norm inf of a matrix", y -> Linalg.norm(y, Double.POSITIVE_INFINITY), 3, 4),
                    check("norm 3 of a vector", y -> Linalg.norm(y, 3), 4),
                    check("norm fro", y -> Linalg.norm(y, "fro"), 3, 2),
                    check("norm over one dim", y -> Linalg.norm(y, new int[] {1}, true), 2, 3, 2),
                    check("norm -1 over two dims", y -> Linalg.norm(y, -1, new int[] {0, 2}, false), 2, 3, 2)));

    private static final String FIXTURE = "/fixtures/linalg.json";
    private static final JsonNode FIXTURES = load();

    // ---------------------------------------------------------------- (a) against PyTorch

    static Stream<Named<JsonNode>> cases() {
        return StreamSupport.stream(FIXTURES.get("cases").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valuesGradientsAndNodeNamesMatchPyTorch(JsonNode c) {
        String name = c.get("name").asText();
        DType dtype = dtype(c.get("dtype").asText());
        double rtol = dtype == DType.FLOAT64 ? 1e-8 : 2e-4;
        double atol = dtype == DType.FLOAT64 ? 1e-10 : 2e-5;
        List<Tensor> leaves = new ArrayList<>();
        List<Tensor> inputs = inputs(c, dtype, leaves);
        Tensor out = spec(c.get("op").asText()).call().apply(inputs, c.get("args"));

        JsonNode expected = c.get("output");
        assertEquals(dtype, out.dtype(), name + ": dtype");
        assertArrayEquals(longs(expected.get("shape")), out.shape(), name + ": shape");
        assertClose(name + ": output", doubles(expected.get("data")), out.toDoubleArray(), rtol, atol);
        String gradFn = c.get("grad_fn").isNull() ? null : c.get("grad_fn").asText();
        assertEquals(gradFn, out.gradFn() == null ? null : out.gradFn().name(), name + ": grad_fn");
        if (!c.has("grads")) {
            return;
        }
        Tensor weight = Tensor.of(doubles(c.get("weight")), dtype).reshape(out.shape());
        out.mul(weight).sum().backward();
        for (int i = 0; i < leaves.size(); i++) {
            JsonNode g = c.get("grads").get(i);
            if (g.isNull()) {
                assertNull(leaves.get(i).grad(), name + ": grad " + i);
            } else {
                assertNotNull(leaves.get(i).grad(), name + ": grad " + i);
                assertClose(name + ": grad " + i, doubles(g), leaves.get(i).grad().toDoubleArray(), rtol, atol);
            }
        }
    }

    @Test
    void everyOpInTheTableHasFixturesAndErrorCases() {
        Set<String> withCases = new HashSet<>();
        FIXTURES.get("cases").forEach(c -> withCases.add(c.get("op").asText()));
        Set<String> withErrors = new HashSet<>();
        FIXTURES.get("errors").forEach(c -> withErrors.add(c.get("op").asText()));
        for (Spec s : SPECS) {
            assertTrue(withCases.contains(s.op()), s.op() + " has no fixture cases");
            // kron accepts any two tensors (ranks are padded, dtypes promoted): it has no error to check.
            assertTrue(withErrors.contains(s.op()) || s.op().equals("kron"), s.op() + " has no error cases");
            assertFalse(s.gradChecks().isEmpty(), s.op() + " has no gradcheck functions");
        }
    }

    // ---------------------------------------------------------------- (b) finite differences

    static Stream<Named<Check>> checks() {
        return SPECS.stream().flatMap(s -> s.gradChecks().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void firstDerivativesMatchFiniteDifferences(Check check) {
        assertTrue(GradCheck.gradcheck(check.f(), input(check.shape())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void forwardModeMatchesReverseMode(Check check) {
        JvpCheck.assertForwardMatchesReverse(check.f(), input(check.shape()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void secondDerivativesMatchFiniteDifferences(Check check) {
        assertTrue(GradCheck.gradgradcheck(check.f(), input(check.shape())));
    }

    /** At a singular matrix the det gradient is the cofactor matrix (PyTorch 1.13 returns zeros there). */
    @Test
    void detGradientAtASingularMatrixIsTheCofactorMatrix() {
        Tensor a = Tensor.of(new double[][] {{1, 2}, {2, 4}}, DType.FLOAT64).requiresGrad_();
        Tensor det = a.det();
        assertEquals(0.0, Math.abs(det.item()));
        det.backward();
        assertArrayEquals(new double[] {4, -2, -2, 1}, a.grad().toDoubleArray());

        Tensor rankTwo = Tensor.of(new double[][] {{1, 2, 3}, {2, 4, 6}, {1, 0, 1}}, DType.FLOAT64).requiresGrad_();
        assertTrue(GradCheck.gradcheck(Tensor::det, rankTwo));
        assertTrue(GradCheck.gradgradcheck(Tensor::det, rankTwo));
    }

    @Test
    void closedForms() {
        Tensor a = Tensor.of(new double[][] {{4, 7}, {2, 6}}, DType.FLOAT64);
        assertArrayEquals(new double[] {0.6, -0.7, -0.2, 0.4}, Linalg.inv(a).toDoubleArray(), 1e-15);
        assertEquals(10.0, Linalg.det(a).item(), 1e-14);
        assertArrayEquals(new double[] {-0.8, 0.6}, Linalg.solve(a, Tensor.of(new double[] {1, 2}, DType.FLOAT64))
                .toDoubleArray(), 1e-15);
        Tensor x = Tensor.of(new double[] {3, -4}, DType.FLOAT64);
        assertEquals(5.0, Linalg.vectorNorm(x).item());
        assertEquals(7.0, Linalg.vectorNorm(x, 1).item());
        assertEquals(4.0, Linalg.vectorNorm(x, Double.POSITIVE_INFINITY).item());
        assertArrayEquals(new double[] {0, 0, 1}, Linalg.cross(Tensor.of(new double[] {1, 0, 0}, DType.FLOAT64),
                Tensor.of(new double[] {0, 1, 0}, DType.FLOAT64)).toDoubleArray());
        assertEquals(10.0, Tensor.einsum("ii", a).item());
        assertEquals(Linalg.matrixNorm(a).item(), Math.sqrt(16 + 49 + 4 + 36), 1e-14);
    }

    @Test
    void facadeAndTensorMethodsAgree() {
        Tensor a = WELL_CONDITIONED;
        assertTrue(Linalg.inv(a).equal(a.inverse()));
        assertTrue(Linalg.det(a).equal(a.det()));
        assertTrue(Linalg.solve(a, V3).equal(a.linalgSolve(V3)));
        assertTrue(Linalg.matmul(a, V3).equal(a.matmul(V3)));
        assertTrue(Linalg.cross(M34.t(), M34.t().exp()).equal(M34.t().cross(M34.t().exp(), -1)));
        assertTrue(Linalg.matrixNorm(M34).equal(M34.linalgMatrixNorm("fro", null, false)));
        assertTrue(Linalg.matrixNorm(M34, 1).equal(M34.linalgMatrixNorm(1, null, false)));
    }

    // ---------------------------------------------------------------- (c) errors

    static Stream<Named<JsonNode>> errors() {
        return StreamSupport.stream(FIXTURES.get("errors").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void badArgumentsFailWithPyTorchsWordingAndChangeNothing(JsonNode c) {
        DType dtype = dtype(c.get("dtype").asText());
        List<Tensor> leaves = new ArrayList<>();
        List<Tensor> inputs = inputs(c, dtype, leaves);
        assertFailsAsPyTorchChangingNothing(c, leaves,
                () -> spec(c.get("op").asText()).call().apply(inputs, c.get("args")));
    }

    // ---------------------------------------------------------------- helpers

    private static Spec spec(String op, Call call, Named<Check>... checks) {
        return new Spec(op, call, List.of(checks));
    }

    private static Named<Check> check(String name, UnaryOperator<Tensor> f, long... shape) {
        return Named.of(name, new Check(shape, f));
    }

    private static Spec spec(String op) {
        return SPECS.stream().filter(s -> s.op().equals(op)).findFirst()
                .orElseThrow(() -> new AssertionError("no spec for op " + op));
    }

    private static double ord(JsonNode args) {
        JsonNode o = args.get("ord");
        if (o.isNumber()) {
            return o.asDouble();
        }
        return o.asText().equals("inf") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private static Tensor matrixNorm(Tensor a, JsonNode args) {
        JsonNode o = args.get("ord");
        boolean keepdim = args.get("keepdim").asBoolean();
        if (o.isTextual() && !o.asText().endsWith("inf")) {
            return Linalg.matrixNorm(a, o.asText(), dims(args), keepdim);
        }
        return Linalg.matrixNorm(a, ord(args), dims(args), keepdim);
    }

    private static Tensor norm(Tensor x, JsonNode args) {
        JsonNode o = args.get("ord");
        boolean keepdim = args.get("keepdim").asBoolean();
        if (o.isNull()) {
            return Linalg.norm(x, dims(args), keepdim);
        }
        if (o.isTextual() && !o.asText().endsWith("inf")) {
            return Linalg.norm(x, o.asText(), dims(args), keepdim);
        }
        return Linalg.norm(x, ord(args), dims(args), keepdim);
    }

    private static int[] dims(JsonNode args) {
        JsonNode d = args.get("dims");
        if (d.isNull()) {
            return null;
        }
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.get(i).asInt();
        }
        return out;
    }

    /** The tensors the op sees; the leaves (which hold the gradients) go to {@code leaves}. */
    private static List<Tensor> inputs(JsonNode c, DType dtype, List<Tensor> leaves) {
        List<Tensor> seen = new ArrayList<>();
        for (JsonNode in : c.get("inputs")) {
            Tensor leaf = Tensor.of(doubles(in.get("data")), dtype).reshape(longs(in.get("shape")));
            if (dtype.isFloatingPoint()) {
                leaf.requiresGrad_();
            }
            leaves.add(leaf);
            switch (in.get("view").asText()) {
                case "mT": seen.add(leaf.mT()); break;
                case "stride2": seen.add(leaf.slice(-1, 0, leaf.size(-1), 2)); break;
                default: seen.add(leaf);
            }
        }
        return seen;
    }

    private static JsonNode load() {
        try (InputStream in = LinalgOpsTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
