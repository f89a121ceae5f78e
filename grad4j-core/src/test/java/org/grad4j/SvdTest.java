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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.GradCheck;
import org.grad4j.autograd.Node;
import org.grad4j.linalg.Linalg;
import org.grad4j.linalg.Svd;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Singular values: {@code Linalg.svdvals}, {@code Linalg.svd} and the matrix norms built on them
 * (ord 2, -2, "nuc"). PyTorch's values, gradients and grad_fn chains come from fixtures/svd.json
 * ({@code tools/gen_svd_fixtures.py}); singular vectors are compared only through quantities that
 * do not depend on their signs (U**2, Vh**2, U diag(S) Vh). The gradient checks use float64 random
 * matrices, whose singular values are distinct (where the gradients through U and Vh exist).
 */
class SvdTest {
    private static final String FIXTURE = "/fixtures/svd.json";
    private static final JsonNode FIXTURES = load();
    private static final Tensor W43 = constant(51, 4, 3);

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
        double rtol = dtype == DType.FLOAT64 ? 1e-8 : 1e-3;
        double atol = dtype == DType.FLOAT64 ? 1e-10 : 1e-4;
        JsonNode in = c.get("inputs").get(0);
        Tensor leaf = Tensor.of(doubles(in.get("data")), dtype).reshape(longs(in.get("shape"))).requiresGrad_();
        List<Tensor> outs = call(c.get("op").asText(), view(leaf, in.get("view").asText()), c.get("args"));

        Tensor loss = null;
        for (int i = 0; i < outs.size(); i++) {
            Tensor out = outs.get(i);
            JsonNode expected = c.get("outputs").get(i);
            assertEquals(dtype, out.dtype(), name + ": dtype");
            assertArrayEquals(longs(expected.get("shape")), out.shape(), name + ": shape " + i);
            assertClose(name + ": output " + i, doubles(expected.get("data")), out.toDoubleArray(), rtol, atol);
            Tensor weight = Tensor.of(doubles(c.get("weights").get(i)), dtype).reshape(out.shape());
            Tensor term = out.mul(weight).sum();
            loss = loss == null ? term : loss.add(term);
        }
        assertEquals(c.get("grad_fn").asText(), outs.get(0).gradFn().name(), name + ": grad_fn");
        List<String> chain = new ArrayList<>();
        for (Node fn = outs.get(0).gradFn(); fn != null; fn = firstNext(fn)) {
            chain.add(fn.name());
        }
        List<String> expectedChain = new ArrayList<>();
        // x.norm("nuc", keepdim=True) unsqueezes in place in PyTorch (UnsqueezeBackward1); grad4j has no unsqueeze_.
        c.get("chain").forEach(n -> expectedChain.add(n.asText().replace("UnsqueezeBackward1", "UnsqueezeBackward0")));
        assertEquals(expectedChain, chain, name + ": grad_fn chain");

        loss.backward();
        assertNotNull(leaf.grad(), name + ": grad");
        assertClose(name + ": grad", doubles(c.get("grads").get(0)), leaf.grad().toDoubleArray(), rtol, atol);
    }

    static Stream<Named<JsonNode>> errors() {
        return StreamSupport.stream(FIXTURES.get("errors").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void badArgumentsFailWithPyTorchsWordingAndChangeNothing(JsonNode c) {
        DType dtype = dtype(c.get("dtype").asText());
        JsonNode in = c.get("inputs").get(0);
        Tensor leaf = Tensor.of(doubles(in.get("data")), dtype).reshape(longs(in.get("shape")));
        if (dtype.isFloatingPoint()) {
            leaf.requiresGrad_();
        }
        assertFailsAsPyTorchChangingNothing(c, List.of(leaf), () -> call(c.get("op").asText(), leaf, c.get("args")));
    }

    // ---------------------------------------------------------------- (b) finite differences, forward mode

    /** float64 functions of one input of the given shape; random inputs have distinct singular values. */
    static Stream<Named<Check>> checks() {
        return Stream.of(
                check("svdvals", Linalg::svdvals, 3, 3),
                check("svdvals tall", Linalg::svdvals, 4, 3),
                check("svdvals wide", Linalg::svdvals, 2, 4),
                check("svdvals batch", Linalg::svdvals, 2, 3, 2),
                check("svdvals of a transposed matrix", y -> Linalg.svdvals(y.mT()), 3, 4),
                check("matrix_norm 2", y -> Linalg.matrixNorm(y, 2), 3, 4),
                check("matrix_norm -2 keepdim", y -> Linalg.matrixNorm(y, -2, new int[] {0, 2}, true), 3, 2, 4),
                check("matrix_norm nuc", y -> Linalg.matrixNorm(y, "nuc"), 4, 3),
                check("matrix_norm nuc dims", y -> Linalg.matrixNorm(y, "nuc", new int[] {2, 0}, true), 2, 3, 3),
                check("norm 2", y -> Linalg.norm(y, 2), 3, 3),
                check("norm nuc", y -> Linalg.norm(y, "nuc"), 2, 3),
                check("Tensor.norm nuc keepdim", y -> y.norm("nuc", new int[] {0, -1}, true), 3, 2, 2),
                check("svd U squared, reduced, tall", y -> svdInvariants(y, false), 4, 3),
                check("svd U squared, reduced, wide", y -> svdInvariants(y, false), 3, 5),
                check("svd U squared, full, tall", y -> svdInvariants(y, true), 4, 2),
                check("svd U squared, full, wide", y -> svdInvariants(y, true), 2, 3),
                check("svd batch square", y -> svdInvariants(y, false), 2, 3, 3),
                check("svd reconstruction", y -> reconstruction(Linalg.svd(y, false)), 3, 4),
                check("svd U diag(S) U^T", y -> {
                    Svd r = Linalg.svd(y, false);
                    return r.U().mul(r.S().unsqueeze(-2)).matmul(r.U().mT());
                }, 3, 3),
                check("svd Vh^T Vh weighted", y -> {
                    Svd r = Linalg.svd(y, true);
                    Tensor v = r.Vh().narrow(-2, 0, 3);
                    return v.mT().mul(W43.sum(0)).matmul(v);
                }, 3, 5),
                check("svd pieces weighted", y -> {
                    Svd r = Linalg.svd(y, false);
                    return r.U().pow(2).mul(W43).sum().add(r.S().exp().sum());
                }, 4, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void firstDerivativesMatchFiniteDifferences(Check check) {
        assertTrue(GradCheck.gradcheck(check.f(), input(check.shape())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void secondDerivativesMatchFiniteDifferences(Check check) {
        assertTrue(GradCheck.gradgradcheck(check.f(), input(check.shape())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void forwardModeMatchesReverseMode(Check check) {
        JvpCheck.assertForwardMatchesReverse(check.f(), input(check.shape()));
    }

    // ---------------------------------------------------------------- (c) the decomposition itself

    static Stream<Named<long[]>> shapes() {
        return Stream.of(Named.of("3x3", new long[] {3, 3}), Named.of("5x2", new long[] {5, 2}),
                Named.of("2x5", new long[] {2, 5}), Named.of("batch 2x4x3", new long[] {2, 4, 3}),
                Named.of("1x1", new long[] {1, 1}), Named.of("12x7", new long[] {12, 7}),
                Named.of("7x12", new long[] {7, 12}), Named.of("0x3", new long[] {0, 3}),
                Named.of("3x0", new long[] {3, 0}), Named.of("empty batch", new long[] {0, 2, 2}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void factorsReconstructTheMatrixAndAreOrthonormal(long[] shape) {
        Tensor.manualSeed(3);
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor a = Tensor.randn(shape).to(dtype);
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
            for (boolean full : new boolean[] {false, true}) {
                Svd r = Linalg.svd(a, full);
                long m = shape[shape.length - 2];
                long n = shape[shape.length - 1];
                long k = Math.min(m, n);
                assertEquals(full ? m : k, r.U().size(-1));
                assertEquals(full ? n : k, r.Vh().size(-2));
                assertOrthonormal(r.U(), tol);
                assertOrthonormal(r.Vh().mT(), tol);
                assertTrue(reconstruction(r).allclose(a, tol, tol), "U diag(S) Vh == A");
                assertSortedNonNegative(r.S());
                assertTrue(Linalg.svdvals(a).allclose(r.S(), 0, 0), "svdvals == svd's S");
            }
        }
    }

    @Test
    void rankDeficientAndRepeatedValuesStillGiveOrthonormalFactors() {
        Tensor[] matrices = {
            Tensor.zeros(new long[] {3, 4}, DType.FLOAT64),
            Tensor.of(new double[][] {{1, 2, 3}, {2, 4, 6}, {3, 6, 9}, {1, 2, 3}}, DType.FLOAT64),
            Factories.eye(4, 4, DType.FLOAT64).mul(2.0),
            Tensor.of(new double[][] {{1, 1}, {1, 1}, {1, 1}}, DType.FLOAT64).mT(),
        };
        for (Tensor a : matrices) {
            for (boolean full : new boolean[] {false, true}) {
                Svd r = Linalg.svd(a, full);
                assertOrthonormal(r.U(), 1e-13);
                assertOrthonormal(r.Vh().mT(), 1e-13);
                assertTrue(reconstruction(r).allclose(a, 1e-13, 1e-13), "U diag(S) Vh == A for " + a);
            }
        }
    }

    @Test
    void closedForms() {
        assertArrayEquals(new double[] {3, 2}, Linalg.svdvals(Tensor.of(new double[][] {{0, -2}, {3, 0}}, DType.FLOAT64))
                .toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {2, 0}, Linalg.svdvals(Tensor.of(new double[][] {{1, 1}, {1, 1}}, DType.FLOAT64))
                .toDoubleArray(), 1e-15);
        // A rotation times diag(5, 1): singular values 5 and 1; spectral norm 5, nuclear 6.
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        Tensor a = Tensor.of(new double[][] {{5 * c, -s}, {5 * s, c}}, DType.FLOAT64);
        assertEquals(5.0, Linalg.matrixNorm(a, 2).item(), 1e-14);
        assertEquals(1.0, Linalg.matrixNorm(a, -2).item(), 1e-14);
        assertEquals(6.0, Linalg.matrixNorm(a, "nuc").item(), 1e-14);
        assertEquals(6.0, Linalg.norm(a, "nuc").item(), 1e-14);
        // Hilbert matrix 4x4 (condition number ~1.55e4; values from mpmath at 40 digits): the smallest singular
        // value within 1e-12 relative, as LAPACK's (numpy's is off by 8e-14 relative, grad4j's by 2e-13).
        double[][] hilbert = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                hilbert[i][j] = 1.0 / (i + j + 1);
            }
        }
        double[] sv = Linalg.svdvals(Tensor.of(hilbert, DType.FLOAT64)).toDoubleArray();
        assertEquals(1.5002142800592428, sv[0], 1e-14);
        assertEquals(9.670230402260018e-05, sv[3], 1e-16);
    }

    @Test
    void hugeAndTinyMatricesNeitherOverflowNorUnderflow() {
        Tensor a = constant(57, 3, 4);
        double[] expected = Linalg.svdvals(a).toDoubleArray();
        for (double scale : new double[] {1e200, 1e-200, 1e-300}) {
            double[] actual = Linalg.svdvals(a.mul(scale)).toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i] / scale, 1e-13 * expected[i], "scale " + scale);
            }
        }
    }

    /** PyTorch 1.13 (LAPACK) refuses NaN inputs; the messages are PyTorch's. */
    @Test
    void nonFiniteInputsFailWithPyTorchsWording() {
        Tensor a = constant(58, 3, 3);
        a.index(0).index(0).fill_(Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Linalg.svdvals(a));
        assertEquals("linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.",
                e.getMessage());
        Tensor batch = constant(59, 2, 2, 2);
        batch.index(1).index(0).index(0).fill_(Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> Linalg.svd(batch, false));
        assertEquals("linalg.svd: (Batch element 1): The algorithm failed to converge because the input matrix "
                + "contained non-finite values.", e.getMessage());
    }

    @Test
    void svdvalsGradientIsUVhForEveryMatrixOfTheBatch() {
        Tensor a = constant(53, 2, 3, 4).requiresGrad_();
        Linalg.svdvals(a).sum().backward();
        Svd r = Linalg.svd(a.detach(), false);
        // d(sum of singular values)/dA = U Vh.
        assertTrue(a.grad().allclose(r.U().matmul(r.Vh()), 1e-12, 1e-12));
    }

    @Test
    void noGradientMeansNoNodeAndOneNodeServesAllThreeOutputs() {
        Tensor plain = constant(54, 3, 3);
        assertNull(Linalg.svdvals(plain).gradFn());
        assertNull(Linalg.svd(plain, false).U().gradFn());
        Svd r = Linalg.svd(plain.clone().requiresGrad_(), false);
        assertEquals("LinalgSvdBackward0", r.S().gradFn().name());
        assertTrue(r.U().gradFn() == r.S().gradFn() && r.Vh().gradFn() == r.S().gradFn());
        assertEquals(List.of(0, 1, 2), List.of(r.U().outputNr(), r.S().outputNr(), r.Vh().outputNr()));
    }

    @Test
    void modifyingASavedOutputInPlaceFailsTheBackwardPass() {
        Tensor a = constant(55, 3, 3).requiresGrad_();
        Svd r = Linalg.svd(a, false);
        Tensor loss = r.S().sum();
        try (var g = Autograd.noGrad()) {
            r.U().mul_(2.0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        // PyTorch 1.13's message for the same lines.
        assertEquals("one of the variables needed for gradient computation has been modified by an inplace operation: "
                + "[torch.DoubleTensor [3, 3]], which is output 0 of LinalgSvdBackward0, is at version 1; expected "
                + "version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its "
                + "gradient, with torch.autograd.set_detect_anomaly(True).", e.getMessage());
    }

    @Test
    void facadeAndTensorMethodsAgree() {
        Tensor a = constant(56, 3, 4);
        assertTrue(Linalg.svdvals(a).equal(a.linalgSvdvals()));
        assertTrue(Linalg.svd(a).U().equal(a.linalgSvd(true).U()));
        assertEquals(4, Linalg.svd(a).Vh().size(0));
        assertTrue(Linalg.matrixNorm(a, 2).equal(a.linalgMatrixNorm(2, null, false)));
        assertTrue(Linalg.matrixNorm(a, "nuc").equal(a.linalgMatrixNorm("nuc", null, false)));
        assertTrue(Linalg.norm(a, -2).equal(a.linalgNorm(-2.0, null, false)));
    }

    // ---------------------------------------------------------------- helpers

    record Check(long[] shape, UnaryOperator<Tensor> f) {
    }

    private static Named<Check> check(String name, UnaryOperator<Tensor> f, long... shape) {
        return Named.of(name, new Check(shape, f));
    }

    /** The sign-free parts of svd: S, U[..., :k]**2 and Vh[..., :k, :]**2, weighted and summed. */
    private static Tensor svdInvariants(Tensor a, boolean full) {
        Svd r = Linalg.svd(a, full);
        long k = r.S().size(-1);
        Tensor u = r.U().narrow(-1, 0, k).pow(2);
        Tensor vh = r.Vh().narrow(-2, 0, k).pow(2);
        return u.mul(Tensor.arange(1.0, u.size(-1) + 1.0, 1.0).to(DType.FLOAT64)).sum()
                .add(vh.mul(Tensor.arange(1.0, vh.size(-1) + 1.0, 1.0).to(DType.FLOAT64).neg()).sum())
                .add(r.S().mul(0.5).sum());
    }

    private static Tensor reconstruction(Svd r) {
        long k = r.S().size(-1);
        return r.U().narrow(-1, 0, k).mul(r.S().unsqueeze(-2)).matmul(r.Vh().narrow(-2, 0, k));
    }

    private static void assertOrthonormal(Tensor q, double tol) {
        Tensor gram = q.mT().matmul(q).to(DType.FLOAT64);
        Tensor eye = Factories.eye(q.size(-1), q.size(-1), DType.FLOAT64);
        assertTrue(gram.allclose(eye.expand(gram.shape()), 0, tol), "Q^T Q == I: " + gram);
    }

    private static void assertSortedNonNegative(Tensor s) {
        double[] v = s.toDoubleArray();
        long k = s.dim() == 0 ? 1 : s.size(-1);
        for (int i = 0; i < v.length; i++) {
            assertTrue(v[i] >= 0, "non-negative");
            if (i % k != 0) {
                assertTrue(v[i] <= v[i - 1], "descending");
            }
        }
    }

    private static Node firstNext(Node fn) {
        for (Node next : fn.nextFunctions()) {
            if (next != null) {
                return next;
            }
        }
        return null;
    }

    private static List<Tensor> call(String op, Tensor a, JsonNode args) {
        switch (op) {
            case "svdvals":
                return List.of(Linalg.svdvals(a));
            case "svd": {
                Svd r = Linalg.svd(a, args.get("full_matrices").asBoolean());
                long k = r.S().size(-1);
                return List.of(r.S(), r.U().narrow(-1, 0, k).pow(2), r.Vh().narrow(-2, 0, k).pow(2));
            }
            case "matrix_norm": {
                JsonNode o = args.get("ord");
                int[] dims = dims(args);
                boolean keepdim = args.get("keepdim").asBoolean();
                return List.of(o.isTextual() ? Linalg.matrixNorm(a, o.asText(), dims, keepdim)
                        : Linalg.matrixNorm(a, o.asDouble(), dims, keepdim));
            }
            case "norm": {
                JsonNode o = args.get("ord");
                int[] dims = dims(args);
                boolean keepdim = args.get("keepdim").asBoolean();
                return List.of(o.isTextual() ? Linalg.norm(a, o.asText(), dims, keepdim)
                        : Linalg.norm(a, o.asDouble(), dims, keepdim));
            }
            case "tensor_norm":
                return List.of(a.norm(args.get("p").asText(), dims(args), args.get("keepdim").asBoolean()));
            default:
                throw new AssertionError("unknown op " + op);
        }
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

    private static Tensor view(Tensor leaf, String view) {
        switch (view) {
            case "mT": return leaf.mT();
            case "stride2": return leaf.slice(-1, 0, leaf.size(-1), 2);
            default: return leaf;
        }
    }

    private static JsonNode load() {
        try (InputStream in = SvdTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
