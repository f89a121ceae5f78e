package org.grad4j;

import static org.grad4j.FixtureSupport.doubles;
import static org.grad4j.FixtureSupport.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.grad4j.autograd.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reductions, scans and sorting against PyTorch. One {@link #SPECS} entry per op drives (a) the
 * fixture cases of {@code tools/gen_reduction_fixtures.py} (values, indices, dtypes, grad_fn names
 * and gradients on contiguous, transposed, strided, broadcast (stride 0), 0-d and empty inputs in float32, float64, int64
 * and bool), (b) float64 gradcheck and gradgradcheck with the spec's sample arguments, and (c) the
 * fixture error cases: PyTorch's exception kind and message, with the input left unchanged.
 */
class ReductionOpsTest {
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final JsonNode FIXTURES = load("/fixtures/reductions.json");

    /** Calls the op on x with the fixture's arguments; returns {values} or {values, indices}. */
    @FunctionalInterface
    interface Call {
        Tensor[] apply(Tensor x, Args a);
    }

    /** One op: its fixture name, how to call it, and the float64 gradcheck samples (null shape: not differentiable). */
    record Spec(String op, Call call, long[] gradShape, String... gradArgs) {
    }

    static final List<Spec> SPECS = List.of(
            spec("sum", (x, a) -> one(a.has("dims") ? x.sum(a.dims(), a.keepdim())
                    : a.has("dim") ? x.sum(a.dim(), a.keepdim()) : x.sum()), shape(3, 4), "{}", "{\"dim\":1}"),
            spec("mean", (x, a) -> one(a.has("dims") ? x.mean(a.dims(), a.keepdim())
                    : a.has("dim") ? x.mean(a.dim(), a.keepdim()) : x.mean()), shape(3, 4), "{\"dims\":[0,1]}"),
            spec("prod", (x, a) -> one(a.has("dim") ? x.prod(a.dim(), a.keepdim()) : x.prod()), shape(3, 4),
                    "{}", "{\"dim\":1}", "{\"dim\":0,\"keepdim\":true}"),
            spec("max_dim", (x, a) -> pair(x.max(a.dim(), a.keepdim())), shape(3, 4), "{\"dim\":1}",
                    "{\"dim\":0,\"keepdim\":true}"),
            spec("min_dim", (x, a) -> pair(x.min(a.dim(), a.keepdim())), shape(3, 4), "{\"dim\":-1}"),
            spec("amax", (x, a) -> one(a.has("dims") ? x.amax(a.dims(), a.keepdim())
                    : a.has("dim") ? x.amax(a.dim(), a.keepdim()) : x.amax()), shape(2, 3, 4),
                    "{}", "{\"dim\":1}", "{\"dims\":[0,2],\"keepdim\":true}"),
            spec("amin", (x, a) -> one(a.has("dims") ? x.amin(a.dims(), a.keepdim())
                    : a.has("dim") ? x.amin(a.dim(), a.keepdim()) : x.amin()), shape(2, 3, 4),
                    "{}", "{\"dims\":[-1],\"keepdim\":false}"),
            spec("argmax", (x, a) -> one(a.has("dim") ? x.argmax(a.dim(), a.keepdim()) : x.argmax()), null),
            spec("argmin", (x, a) -> one(a.has("dim") ? x.argmin(a.dim(), a.keepdim()) : x.argmin()), null),
            spec("var", (x, a) -> one(a.has("dims") || a.has("correction")
                    ? x.var(a.dims(), a.correction(), a.keepdim())
                    : a.has("dim") ? x.var(a.dim(), a.keepdim()) : x.var()), shape(3, 4),
                    "{}", "{\"dim\":1}", "{\"dims\":[0],\"correction\":0,\"keepdim\":true}"),
            spec("std", (x, a) -> one(a.has("dims") || a.has("correction")
                    ? x.std(a.dims(), a.correction(), a.keepdim())
                    : a.has("dim") ? x.std(a.dim(), a.keepdim()) : x.std()), shape(3, 4),
                    "{}", "{\"dim\":0,\"keepdim\":true}", "{\"dims\":[0,1],\"correction\":2}"),
            spec("logsumexp", (x, a) -> one(a.has("dims") ? x.logsumexp(a.dims(), a.keepdim())
                    : x.logsumexp(a.dim(), a.keepdim())), shape(3, 4), "{\"dim\":1}",
                    "{\"dims\":[0,1],\"keepdim\":true}"),
            spec("norm", (x, a) -> one(norm(x, a)), shape(3, 4), "{\"p\":1}", "{\"p\":2}", "{\"p\":3}",
                    "{\"p\":1.5,\"dims\":[1],\"keepdim\":true}", "{\"p\":\"inf\",\"dims\":[0],\"keepdim\":false}",
                    "{\"p\":\"-inf\"}", "{\"p\":\"fro\",\"dims\":[0,1],\"keepdim\":false}"),
            spec("cumsum", (x, a) -> one(x.cumsum(a.dim())), shape(3, 4), "{\"dim\":1}"),
            spec("cumprod", (x, a) -> one(x.cumprod(a.dim())), shape(3, 4), "{\"dim\":1}", "{\"dim\":0}"),
            spec("cummax", (x, a) -> pair(x.cummax(a.dim())), shape(3, 4), "{\"dim\":1}"),
            spec("cummin", (x, a) -> pair(x.cummin(a.dim())), shape(3, 4), "{\"dim\":0}"),
            spec("median_all", (x, a) -> one(x.median()), shape(3, 5), "{}"),
            spec("median_dim", (x, a) -> pair(x.median(a.dim(), a.keepdim())), shape(3, 5), "{\"dim\":1}"),
            spec("mode", (x, a) -> pair(x.mode(a.dim(), a.keepdim())), shape(3, 5), "{\"dim\":1}"),
            spec("topk", (x, a) -> pair(x.topk(a.k(), a.dim(), a.bool("largest", true), true)), shape(3, 5),
                    "{\"k\":2,\"dim\":1}", "{\"k\":2,\"dim\":0,\"largest\":false}"),
            spec("sort", (x, a) -> pair(x.sort(a.dim(), a.bool("descending", false))), shape(3, 5),
                    "{\"dim\":1}", "{\"dim\":0,\"descending\":true}"),
            spec("argsort", (x, a) -> one(x.argsort(a.dim(), a.bool("descending", false))), null));

    private static final Map<String, Spec> BY_OP = SPECS.stream().collect(Collectors.toMap(Spec::op, Function.identity()));

    // ---------------------------------------------------------------- (a) PyTorch fixtures

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : FIXTURES.get("cases")) {
            String name = (i++) + " " + c.get("op").asText() + " " + c.get("args") + " " + describe(c.get("input"));
            tests.add(DynamicTest.dynamicTest(name, () -> checkCase(c)));
        }
        assertTrue(tests.size() > 150, "fixture file lost its cases");
        return tests.stream();
    }

    private static void checkCase(JsonNode c) {
        Spec spec = specFor(c);
        Tensor[] input = input(c.get("input"));
        Tensor base = input[0];
        Tensor[] out = spec.call().apply(input[1], new Args(c.get("args")));
        JsonNode values = c.get("values");
        assertArrayEquals(longs(values.get("shape")), out[0].shape(), "values shape");
        assertEquals(values.get("dtype").asText(), out[0].dtype().torchName().replace("torch.", ""), "values dtype");
        double[] tolerance = tolerance(out[0].dtype());
        assertClose("values", doubles(values.get("data")), out[0].toDoubleArray(), tolerance);
        if (c.has("indices")) {
            assertEquals(2, out.length, "op should return values and indices");
            assertEquals(DType.INT64, out[1].dtype());
            assertArrayEquals(longs(c.get("indices").get("shape")), out[1].shape(), "indices shape");
            assertArrayEquals(longs(c.get("indices").get("data")), out[1].toLongArray(), "indices");
        }
        if (!c.has("grad_fn")) {
            assertNull(out[0].gradFn(), "no grad_fn expected");
            return;
        }
        assertNotNull(out[0].gradFn(), "grad_fn expected");
        assertEquals(c.get("grad_fn").asText(), out[0].gradFn().name());
        Tensor weights = Tensor.of(doubles(c.get("weights")), out[0].dtype()).reshape(out[0].shape());
        out[0].mul(weights).sum().backward();
        assertNotNull(base.grad(), "gradient of the input");
        assertClose("gradient", doubles(c.get("grad")), base.grad().toDoubleArray(), tolerance);
    }

    // ---------------------------------------------------------------- (b) finite differences

    @TestFactory
    Stream<DynamicTest> firstDerivativesMatchFiniteDifferences() {
        return gradSamples().map(s -> DynamicTest.dynamicTest(s.label,
                () -> assertTrue(GradCheck.gradcheck(s.f, gradInput(s.shape)))));
    }

    @TestFactory
    Stream<DynamicTest> secondDerivativesMatchFiniteDifferences() {
        return gradSamples().map(s -> DynamicTest.dynamicTest(s.label,
                () -> assertTrue(GradCheck.gradgradcheck(s.f, gradInput(s.shape)))));
    }

    @TestFactory
    Stream<DynamicTest> forwardModeMatchesReverseMode() {
        return gradSamples().map(s -> DynamicTest.dynamicTest(s.label,
                () -> JvpCheck.assertForwardMatchesReverse(s.f, gradInput(s.shape))));
    }

    private record GradSample(String label, long[] shape, java.util.function.UnaryOperator<Tensor> f) {
    }

    private static Stream<GradSample> gradSamples() {
        List<GradSample> samples = new ArrayList<>();
        for (Spec spec : SPECS) {
            if (spec.gradShape() == null) {
                continue;
            }
            for (String json : spec.gradArgs()) {
                Args args = new Args(parse(json));
                samples.add(new GradSample(spec.op() + " " + json, spec.gradShape(),
                        x -> spec.call().apply(x, args)[0]));
            }
        }
        long differentiable = SPECS.stream().filter(s -> s.gradShape() != null).count();
        assertEquals(differentiable, samples.stream().map(s -> s.label.split(" ")[0]).distinct().count());
        return samples.stream();
    }

    /** Distinct values of both signs away from 0 (no ties or kinks for max, sort, abs), magnitudes in [0.5, 2]. */
    private static Tensor gradInput(long[] shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        Tensor.manualSeed(7);
        long[] order = Tensor.randperm(n).toLongArray();
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            double magnitude = 0.5 + 1.5 * order[i] / Math.max(n - 1, 1);
            data[i] = i % 3 == 1 ? -magnitude : magnitude;
        }
        return Tensor.of(data, DType.FLOAT64).reshape(shape).requiresGrad_();
    }

    // ---------------------------------------------------------------- (c) errors

    @TestFactory
    Stream<DynamicTest> failsLikePyTorchAndLeavesTheInputAlone() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : FIXTURES.get("errors")) {
            String name = e.get("op").asText() + " " + e.get("args") + " " + describe(e.get("input"));
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Tensor[] input = input(e.get("input"));
                double[] before = input[1].toDoubleArray();
                int version = input[1].version();
                Class<? extends RuntimeException> kind = e.get("type").asText().equals("IndexError")
                        ? IndexOutOfBoundsException.class : IllegalArgumentException.class;
                RuntimeException thrown = assertThrows(kind,
                        () -> specFor(e).call().apply(input[1], new Args(e.get("args"))));
                assertEquals(e.get("message").asText(), thrown.getMessage());
                assertArrayEquals(before, input[1].toDoubleArray());
                assertEquals(version, input[1].version());
                assertNull(input[0].grad());
            }));
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------- closed-form checks

    @Test
    void sortIsStableAndPutsNaNLast() {
        Tensor x = Tensor.of(2.0, Double.NaN, -0.0, 1.0, 0.0, 2.0);
        ValuesAndIndices ascending = x.sort(0);
        assertArrayEquals(new long[] {2, 4, 3, 0, 5, 1}, ascending.indices().toLongArray());
        ValuesAndIndices descending = x.sort(0, true);
        assertArrayEquals(new long[] {1, 0, 5, 3, 2, 4}, descending.indices().toLongArray());
        assertArrayEquals(new long[] {1, 0, 5, 3, 2, 4}, x.argsort(0, true).toLongArray());
    }

    @Test
    void maxAndMinPropagateNaN() {
        Tensor x = Tensor.of(1.0, Double.NaN, 3.0, Double.NaN);
        assertEquals(1, x.max(0).indices().item());
        assertTrue(Double.isNaN(x.min(0).values().item()));
        assertEquals(1, x.argmin().item());
        assertTrue(Double.isNaN(x.amin().item()));
        assertArrayEquals(new long[] {0, 1, 1, 3}, x.cummax(0).indices().toLongArray());
    }

    @Test
    void logsumexpDoesNotOverflow() {
        Tensor x = Tensor.of(new double[] {1000, 1000, Double.NEGATIVE_INFINITY}, DType.FLOAT64);
        assertEquals(1000 + Math.log(2), x.logsumexp(0).item(), 1e-12);
        Tensor allInfinite = Tensor.of(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertEquals(Double.NEGATIVE_INFINITY, allInfinite.logsumexp(0).item());
    }

    @Test
    void normGradientIsZeroAtTheOrigin() {
        for (double p : new double[] {1, 2, 3, 0.5, Double.POSITIVE_INFINITY}) {
            Tensor x = Tensor.zeros(new long[] {2, 3}, DType.FLOAT64).requiresGrad_();
            x.norm(p).backward();
            assertArrayEquals(new double[6], x.grad().toDoubleArray(), "p = " + p);
        }
    }

    @Test
    void maxAlongADimReturnsARecordOfValuesAndIndices() {
        Tensor x = Tensor.of(new double[][] {{1, 5}, {7, 2}}).requiresGrad_();
        ValuesAndIndices m = x.max(1);
        assertEquals("tensor([5., 7.], grad_fn=<MaxBackward0>)", m.values().toString());
        assertEquals("tensor([1, 0])", m.indices().toString());
        m.values().sum().backward();
        assertArrayEquals(new double[] {0, 1, 1, 0}, x.grad().toDoubleArray());
    }

    // ---------------------------------------------------------------- helpers

    /** A fixture's arguments. */
    record Args(JsonNode node) {
        boolean has(String key) {
            return node.has(key);
        }

        int dim() {
            return node.get("dim").asInt();
        }

        int[] dims() {
            if (!node.has("dims")) {
                return null;
            }
            int[] out = new int[node.get("dims").size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = node.get("dims").get(i).asInt();
            }
            return out;
        }

        boolean keepdim() {
            return bool("keepdim", false);
        }

        boolean bool(String key, boolean otherwise) {
            return node.has(key) ? node.get(key).asBoolean() : otherwise;
        }

        long correction() {
            return node.has("correction") ? node.get("correction").asLong() : 1;
        }

        long k() {
            return node.get("k").asLong();
        }
    }

    private static Tensor norm(Tensor x, Args a) {
        JsonNode p = a.node().get("p");
        if (p.isTextual() && p.asText().equals("fro")) {
            return a.has("dims") ? x.norm("fro", a.dims(), a.keepdim()) : x.norm("fro");
        }
        double value = p.isTextual() ? (p.asText().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : p.asDouble();
        return a.has("dims") ? x.norm(value, a.dims(), a.keepdim()) : x.norm(value);
    }

    private static Spec spec(String op, Call call, long[] gradShape, String... gradArgs) {
        return new Spec(op, call, gradShape, gradArgs);
    }

    private static long[] shape(long... sizes) {
        return sizes;
    }

    private static Tensor[] one(Tensor t) {
        return new Tensor[] {t};
    }

    private static Tensor[] pair(ValuesAndIndices r) {
        return new Tensor[] {r.values(), r.indices()};
    }

    private static Spec specFor(JsonNode c) {
        Spec spec = BY_OP.get(c.get("op").asText());
        assertNotNull(spec, "no spec for " + c.get("op"));
        return spec;
    }

    /** {base leaf, the view of it the op sees}. */
    private static Tensor[] input(JsonNode in) {
        DType type = switch (in.get("dtype").asText()) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            default -> DType.BOOL;
        };
        Tensor base = Tensor.of(doubles(in.get("data")), type).reshape(longs(in.get("shape")));
        if (type.isFloatingPoint()) {
            base.requiresGrad_();
        }
        Tensor view = switch (in.get("view").asText()) {
            case "t" -> base.transpose(-2, -1);
            case "step" -> base.slice(0, 0, base.size(0), 2);
            case "expand" -> base.expand(longs(in.get("expand")));
            default -> base;
        };
        return new Tensor[] {base, view};
    }

    private static String describe(JsonNode in) {
        return in.get("dtype").asText() + in.get("shape") + (in.get("view").asText().equals("none") ? ""
                : " " + in.get("view").asText());
    }

    private static double[] tolerance(DType type) {
        return type == DType.FLOAT32 ? new double[] {2e-5, 2e-5} : new double[] {1e-10, 1e-12};
    }

    private static void assertClose(String what, double[] expected, double[] actual, double[] tolerance) {
        assertEquals(expected.length, actual.length, what + " element count");
        for (int i = 0; i < expected.length; i++) {
            boolean same = Double.compare(expected[i], actual[i]) == 0
                    || Math.abs(actual[i] - expected[i]) <= tolerance[1] + tolerance[0] * Math.abs(expected[i]);
            if (!same) {
                fail(String.format("%s differs at flat index %d: expected %.17g but was %.17g", what, i, expected[i],
                        actual[i]));
            }
        }
    }

    private static JsonNode load(String resource) {
        try (InputStream in = ReductionOpsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing test resource " + resource);
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
