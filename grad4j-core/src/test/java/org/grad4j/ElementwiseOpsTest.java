package org.grad4j;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.grad4j.autograd.GradCheck;
import org.grad4j.internal.kernel.SpecialFunctions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The elementwise math, where/clamp/lerp, logic and any/all ops, driven by one spec table ({@link #SPECS}):
 * (a) forward values, dtypes, shapes, grad_fn names and gradients against the PyTorch fixtures of
 * {@code /fixtures/elementwise.json} ({@code tools/gen_elementwise_fixtures.py}: broadcasting, 0-d,
 * empty, transposed and strided inputs, float32 and float64, integer and bool inputs, special values,
 * and PyTorch's error messages, after which the inputs must be unchanged); (b) float64 gradcheck and
 * gradgradcheck of every differentiable input on the spec's sample domain, and forward mode against
 * reverse mode (JvpCheck).
 */
class ElementwiseOpsTest {
    private static final String FIXTURE = "/fixtures/elementwise.json";

    /** Where gradcheck samples an input: uniform in [lo, hi], with a random sign when {@code signed}. */
    enum Domain {
        ANY(-3, 3, false), NONZERO(0.2, 2.2, true), POSITIVE(0.2, 3, false), UNIT(-0.95, 0.95, false),
        ABOVE_ONE(1.1, 4, false), LOG1P(-0.8, 3, false), TAN(-1.3, 1.3, false), WIDE(-5, 5, false),
        WEIGHT(-0.5, 1.5, false), DIVISOR(0.5, 2.5, true), BOOL(0, 1, false);

        final double lo;
        final double hi;
        final boolean signed;

        Domain(double lo, double hi, boolean signed) {
            this.lo = lo;
            this.hi = hi;
            this.signed = signed;
        }

        Tensor sample(long[] shape, long seed) {
            Tensor.manualSeed(seed);
            Tensor u = Tensor.rand(shape).to(DType.FLOAT64);
            if (this == BOOL) {
                return u.lt(0.5);
            }
            Tensor x = u.mul(hi - lo).add(lo);
            return signed ? x.mul(Tensor.randn(shape).to(DType.FLOAT64).sign()) : x;
        }
    }

    /** The op applied to its tensor inputs (in fixture order) and the fixture's scalar parameters. */
    @FunctionalInterface
    interface Op {
        Tensor apply(List<Tensor> t, JsonNode p);
    }

    /**
     * One op: its implementation, and for gradcheck the input shapes, the domain of each input (null
     * domains are held fixed: conditions, non-differentiable operands) and sample parameters.
     */
    record Spec(String name, Op op, long[][] shapes, Domain[] domains, String params) {
    }

    static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    private static void spec(String name, Op op, String params, long[][] shapes, Domain... domains) {
        SPECS.put(name, new Spec(name, op, shapes, domains, params));
    }

    private static void unary(String name, UnaryOperator<Tensor> f, Domain domain) {
        spec(name, (t, p) -> f.apply(t.get(0)), "{}", shapes(new long[] {2, 3}), domain);
    }

    private static void logic(String name, Op op) {
        spec(name, op, "{}", null);
    }

    private static long[][] shapes(long[]... shapes) {
        return shapes;
    }

    private static final long[] MATRIX = {3, 4};
    private static final long[] ROW = {4};
    private static final long[] COLUMN = {3, 1};

    static {
        unary("reciprocal", Tensor::reciprocal, Domain.NONZERO);
        unary("rsqrt", Tensor::rsqrt, Domain.POSITIVE);
        unary("square", Tensor::square, Domain.ANY);
        unary("exp2", Tensor::exp2, Domain.ANY);
        unary("expm1", Tensor::expm1, Domain.ANY);
        unary("log1p", Tensor::log1p, Domain.LOG1P);
        unary("log2", Tensor::log2, Domain.POSITIVE);
        unary("log10", Tensor::log10, Domain.POSITIVE);
        unary("tan", Tensor::tan, Domain.TAN);
        unary("asin", Tensor::asin, Domain.UNIT);
        unary("acos", Tensor::acos, Domain.UNIT);
        unary("atan", Tensor::atan, Domain.ANY);
        unary("sinh", Tensor::sinh, Domain.ANY);
        unary("cosh", Tensor::cosh, Domain.ANY);
        unary("asinh", Tensor::asinh, Domain.ANY);
        unary("acosh", Tensor::acosh, Domain.ABOVE_ONE);
        unary("atanh", Tensor::atanh, Domain.UNIT);
        unary("erf", Tensor::erf, Domain.ANY);
        unary("erfc", Tensor::erfc, Domain.ANY);
        unary("floor", Tensor::floor, Domain.WIDE);
        unary("ceil", Tensor::ceil, Domain.WIDE);
        unary("round", Tensor::round, Domain.WIDE);
        unary("trunc", Tensor::trunc, Domain.WIDE);
        unary("frac", Tensor::frac, Domain.WIDE);
        unary("sign", Tensor::sign, Domain.NONZERO);
        spec("atan2", (t, p) -> t.get(0).atan2(t.get(1)), "{}", shapes(MATRIX, ROW), Domain.ANY, Domain.ANY);
        spec("hypot", (t, p) -> t.get(0).hypot(t.get(1)), "{}", shapes(COLUMN, ROW), Domain.NONZERO, Domain.NONZERO);
        spec("remainder", (t, p) -> t.get(0).remainder(t.get(1)), "{}", shapes(MATRIX, COLUMN),
                Domain.WIDE, Domain.DIVISOR);
        spec("fmod", (t, p) -> t.get(0).fmod(t.get(1)), "{}", shapes(MATRIX, COLUMN), Domain.WIDE, Domain.DIVISOR);
        spec("remainder_scalar", (t, p) -> isInt(p, "other") ? t.get(0).remainder(p.get("other").asLong())
                : t.get(0).remainder(p.get("other").asDouble()), "{\"other\": -1.5}", shapes(MATRIX), Domain.WIDE);
        spec("fmod_scalar", (t, p) -> isInt(p, "other") ? t.get(0).fmod(p.get("other").asLong())
                : t.get(0).fmod(p.get("other").asDouble()), "{\"other\": 1.5}", shapes(MATRIX), Domain.WIDE);
        spec("pow", (t, p) -> t.get(0).pow(t.get(1)), "{}", shapes(MATRIX, ROW), Domain.POSITIVE, Domain.ANY);
        spec("pow_scalar_base", (t, p) -> isInt(p, "base") ? Tensor.pow(p.get("base").asLong(), t.get(0))
                : Tensor.pow(p.get("base").asDouble(), t.get(0)), "{\"base\": 2.5}", shapes(MATRIX), Domain.ANY);
        spec("maximum", (t, p) -> t.get(0).maximum(t.get(1)), "{}", shapes(MATRIX, ROW), Domain.ANY, Domain.ANY);
        spec("minimum", (t, p) -> t.get(0).minimum(t.get(1)), "{}", shapes(MATRIX, ROW), Domain.ANY, Domain.ANY);
        spec("where", (t, p) -> Tensor.where(t.get(0), t.get(1), t.get(2)), "{}", shapes(MATRIX, MATRIX, ROW),
                null, Domain.ANY, Domain.ANY);
        spec("where_scalar_other", (t, p) -> isInt(p, "other") ? Tensor.where(t.get(0), t.get(1), p.get("other").asLong())
                : Tensor.where(t.get(0), t.get(1), p.get("other").asDouble()),
                "{\"other\": 2.5}", shapes(MATRIX, ROW), null, Domain.ANY);
        spec("where_scalar_self", (t, p) -> Tensor.where(t.get(0), p.get("self").asDouble(), t.get(1)),
                "{\"self\": -1.0}", shapes(MATRIX, MATRIX), null, Domain.ANY);
        spec("clamp", ElementwiseOpsTest::clampScalars,
                "{\"min\": -0.5, \"max\": 0.8}", shapes(MATRIX), Domain.ANY);
        spec("clamp_tensor", ElementwiseOpsTest::clampTensor, "{\"has_min\": true, \"has_max\": true}",
                shapes(MATRIX, ROW, COLUMN), Domain.ANY, Domain.ANY, Domain.ANY);
        spec("clamp_min", (t, p) -> isInt(p, "min") ? t.get(0).clampMin(p.get("min").asLong())
                : t.get(0).clampMin(p.get("min").asDouble()), "{\"min\": 0.1}", shapes(MATRIX), Domain.ANY);
        spec("clamp_max", (t, p) -> t.get(0).clampMax(p.get("max").asDouble()), "{\"max\": -0.1}", shapes(MATRIX),
                Domain.ANY);
        spec("clamp_min_tensor", (t, p) -> t.get(0).clampMin(t.get(1)), "{}", shapes(MATRIX, ROW),
                Domain.ANY, Domain.ANY);
        spec("clamp_max_tensor", (t, p) -> t.get(0).clampMax(t.get(1)), "{}", shapes(MATRIX, COLUMN),
                Domain.ANY, Domain.ANY);
        spec("lerp", (t, p) -> t.get(0).lerp(t.get(1), p.get("weight").asDouble()), "{\"weight\": 0.7}",
                shapes(MATRIX, ROW), Domain.ANY, Domain.ANY);
        spec("lerp_tensor", (t, p) -> t.get(0).lerp(t.get(1), t.get(2)), "{}", shapes(MATRIX, ROW, COLUMN),
                Domain.ANY, Domain.ANY, Domain.WEIGHT);
        logic("eq", (t, p) -> t.get(0).eq(t.get(1)));
        logic("ne", (t, p) -> t.get(0).ne(t.get(1)));
        logic("gt", (t, p) -> t.get(0).gt(t.get(1)));
        logic("ge", (t, p) -> t.get(0).ge(t.get(1)));
        logic("lt", (t, p) -> t.get(0).lt(t.get(1)));
        logic("le", (t, p) -> t.get(0).le(t.get(1)));
        logic("logical_and", (t, p) -> t.get(0).logicalAnd(t.get(1)));
        logic("logical_or", (t, p) -> t.get(0).logicalOr(t.get(1)));
        logic("logical_xor", (t, p) -> t.get(0).logicalXor(t.get(1)));
        logic("logical_not", (t, p) -> t.get(0).logicalNot());
        logic("isnan", (t, p) -> t.get(0).isnan());
        logic("isinf", (t, p) -> t.get(0).isinf());
        logic("isfinite", (t, p) -> t.get(0).isfinite());
        logic("any", (t, p) -> p.get("dim").isNull() ? t.get(0).any()
                : t.get(0).any(p.get("dim").asInt(), p.get("keepdim").asBoolean()));
        logic("all", (t, p) -> p.get("dim").isNull() ? t.get(0).all()
                : t.get(0).all(p.get("dim").asInt(), p.get("keepdim").asBoolean()));
        logic("isclose", (t, p) -> t.get(0).isclose(t.get(1), p.get("rtol").asDouble(), p.get("atol").asDouble(),
                p.get("equal_nan").asBoolean()));
        logic("allclose", (t, p) -> bool(t.get(0).allclose(t.get(1), p.get("rtol").asDouble(),
                p.get("atol").asDouble(), p.get("equal_nan").asBoolean())));
        logic("equal", (t, p) -> bool(t.get(0).equal(t.get(1))));
    }

    private static Tensor clampTensor(List<Tensor> t, JsonNode p) {
        boolean hasMin = p.get("has_min").asBoolean();
        boolean hasMax = p.get("has_max").asBoolean();
        return t.get(0).clamp(hasMin ? t.get(1) : null, hasMax ? t.get(t.size() - 1) : null);
    }

    /** Python ints in the fixtures go to the {@code long} overloads, Python floats to the {@code double} ones. */
    private static boolean isInt(JsonNode p, String key) {
        return p.get(key).isIntegralNumber();
    }

    private static Tensor clampScalars(List<Tensor> t, JsonNode p) {
        JsonNode min = p.get("min");
        JsonNode max = p.get("max");
        boolean ints = (min.isNull() || min.isIntegralNumber()) && (max.isNull() || max.isIntegralNumber());
        if (ints && !(min.isNull() && max.isNull())) {
            return t.get(0).clamp(min.isNull() ? null : min.asLong(), max.isNull() ? null : max.asLong());
        }
        return t.get(0).clamp(min.isNull() ? null : min.asDouble(), max.isNull() ? null : max.asDouble());
    }

    private static Tensor bool(boolean b) {
        return Tensor.scalar(b ? 1 : 0, DType.BOOL);
    }

    // ---------------------------------------------------------------- (a) PyTorch fixtures

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private static List<JsonNode> fixtureCases() {
        try (InputStream in = ElementwiseOpsTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing test resource " + FIXTURE);
            JsonNode cases = JSON.readTree(in).get("cases");
            return StreamSupport.stream(cases.spliterator(), false).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return fixtureCases().stream().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
    }

    @Test
    void everySpecHasFixtures() {
        Set<String> covered = new TreeSet<>();
        for (JsonNode c : fixtureCases()) {
            covered.add(c.get("op").asText());
        }
        Set<String> missing = new TreeSet<>(SPECS.keySet());
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "specs without fixture cases: " + missing);
        assertTrue(SPECS.keySet().containsAll(covered), "fixture ops without a spec: " + covered);
    }

    /** erf/erfc against 40-digit references: relative error at most 2e-15 (about 9 ulp) on every branch. */
    /**
     * ReluBackward0 is PyTorch's threshold_backward, where(result <= 0, 0, grad): a NaN result passes
     * its gradient on, and a non-finite gradient at result <= 0 becomes 0. PyTorch 1.13 gives
     * x.grad = [1, 0, 0, 3] for x = [nan, -1, 0, 2] and grad [1, nan, inf, 3].
     */
    @Test
    void reluBackwardIsThresholdBackward() {
        double nan = Double.NaN;
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(new double[] {nan, -1, 0, 2}, dtype).requiresGrad_();
            x.relu().backward(Tensor.of(new double[] {1, nan, Double.POSITIVE_INFINITY, 3}, dtype));
            assertArrayEquals(new double[] {1, 0, 0, 3}, x.grad().toDoubleArray(), dtype.toString());
            assertEquals(dtype, x.grad().dtype());
        }
    }

    @Test
    void erfAndErfcAreAccurateToDoublePrecision() throws IOException {
        try (InputStream in = ElementwiseOpsTest.class.getResourceAsStream(FIXTURE)) {
            for (JsonNode r : JSON.readTree(in).get("erf_references")) {
                double x = r.get("x").asDouble();
                for (String f : new String[] {"erf", "erfc"}) {
                    double expected = r.get(f).asDouble();
                    double actual = f.equals("erf") ? SpecialFunctions.erf(x) : SpecialFunctions.erfc(x);
                    assertTrue(Math.abs(actual - expected) <= 2e-15 * Math.abs(expected) + Double.MIN_NORMAL,
                            f + "(" + x + ") = " + actual + ", expected " + expected);
                }
            }
        }
    }

    private static void replay(JsonNode c) {
        String name = c.get("name").asText();
        Spec spec = SPECS.get(c.get("op").asText());
        assertNotNull(spec, name + ": no spec for op " + c.get("op").asText());
        List<Tensor> bases = new ArrayList<>();
        List<Tensor> inputs = new ArrayList<>();
        for (JsonNode in : c.get("inputs")) {
            Tensor base = Factories.fromDoubles(doubles(in.get("data")), ints(in.get("shape")),
                    DType.valueOf(in.get("dtype").asText()));
            if (in.get("requires_grad").asBoolean()) {
                base.requiresGrad_();
            }
            bases.add(base);
            inputs.add(view(base, in.get("view")));
        }
        JsonNode params = c.get("params");
        if (c.has("error")) {
            expectError(name, c.get("error"), spec, inputs, params, bases);
            return;
        }
        Tensor out;
        try {
            out = spec.op().apply(inputs, params);
        } catch (RuntimeException e) {
            throw new AssertionError(name + ": grad4j threw " + e, e);
        }
        JsonNode expected = c.get("output");
        DType dtype = DType.valueOf(expected.get("dtype").asText());
        assertEquals(dtype, out.dtype(), name + ": dtype");
        assertArrayEquals(longs(expected.get("shape")), out.shape(), name + ": shape");
        assertClose(name + ": output", doubles(expected.get("data")), out.toDoubleArray(), dtype);
        JsonNode gradFn = c.get("grad_fn");
        assertEquals(gradFn.isNull() ? null : gradFn.asText(), out.gradFn() == null ? null : out.gradFn().name(),
                name + ": grad_fn");
        if (c.get("upstream").isNull()) {
            return;
        }
        out.backward(Factories.fromDoubles(doubles(c.get("upstream")), ints(expected.get("shape")), dtype));
        JsonNode grads = c.get("grads");
        for (int k = 0; k < bases.size(); k++) {
            Tensor grad = bases.get(k).grad();
            if (grads.get(k).isNull()) {
                assertNull(grad, name + ": grad of input " + k + " should be None");
                continue;
            }
            assertNotNull(grad, name + ": grad of input " + k);
            assertArrayEquals(bases.get(k).shape(), grad.shape(), name + ": grad shape of input " + k);
            assertClose(name + ": grad of input " + k, doubles(grads.get(k)), grad.toDoubleArray(), grad.dtype());
        }
    }

    /** (c) PyTorch's exception, mapped to Java's, with its message; and nothing changed. */
    private static void expectError(String name, JsonNode error, Spec spec, List<Tensor> inputs, JsonNode params,
                                    List<Tensor> bases) {
        List<double[]> before = new ArrayList<>();
        for (Tensor b : bases) {
            before.add(b.toDoubleArray());
        }
        Class<? extends RuntimeException> type = error.get("type").asText().equals("IndexError")
                ? IndexOutOfBoundsException.class : IllegalArgumentException.class;
        RuntimeException e = assertThrows(type, () -> spec.op().apply(inputs, params), name);
        assertEquals(error.get("message").asText(), e.getMessage(), name + ": message");
        for (int k = 0; k < bases.size(); k++) {
            assertArrayEquals(before.get(k), bases.get(k).toDoubleArray(), name + ": input " + k + " changed");
            assertEquals(0, bases.get(k).version(), name + ": input " + k + " written");
            assertNull(bases.get(k).grad(), name + ": input " + k + " got a grad");
        }
    }

    private static Tensor view(Tensor base, JsonNode view) {
        if (view == null || view.isNull()) {
            return base;
        }
        return switch (view.asText()) {
            case "t" -> base.t();
            case "step" -> base.slice(0, 0, base.size(0), 2);
            default -> throw new IllegalArgumentException("unknown view " + view.asText());
        };
    }

    /** NaN matches NaN and infinities match exactly; otherwise |a - e| within the dtype's tolerance. */
    private static void assertClose(String label, double[] expected, double[] actual, DType dtype) {
        assertEquals(expected.length, actual.length, label + ": element count");
        double rtol = dtype == DType.FLOAT32 ? 2e-5 : dtype == DType.FLOAT64 ? 1e-12 : 0;
        double atol = dtype == DType.FLOAT32 ? 1e-5 : dtype == DType.FLOAT64 ? 1e-13 : 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? a == e : Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) {
                fail(label + ": element " + i + " expected " + e + " but was " + a);
            }
        }
    }

    private static double[] doubles(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            out[i] = v.isBoolean() ? (v.asBoolean() ? 1 : 0) : v.asDouble();
        }
        return out;
    }

    private static int[] ints(JsonNode node) {
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    private static long[] longs(JsonNode node) {
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asLong();
        }
        return out;
    }

    // ---------------------------------------------------------------- (b) gradcheck and gradgradcheck

    /** One float64 function per (op, differentiable input): the other inputs are fixed samples. */
    private static Stream<Map.Entry<String, UnaryOperator<Tensor>>> gradFunctions() {
        List<Map.Entry<String, UnaryOperator<Tensor>>> out = new ArrayList<>();
        for (Spec spec : SPECS.values()) {
            if (spec.shapes() == null) {
                continue;
            }
            JsonNode params = parse(spec.params());
            for (int k = 0; k < spec.domains().length; k++) {
                if (spec.domains()[k] == null || spec.domains()[k] == Domain.BOOL) {
                    continue;
                }
                int at = k;
                List<Tensor> fixed = new ArrayList<>();
                for (int j = 0; j < spec.domains().length; j++) {
                    Domain d = spec.domains()[j] == null ? Domain.BOOL : spec.domains()[j];
                    fixed.add(d.sample(spec.shapes()[j], 100 + j));
                }
                out.add(Map.entry(spec.name() + " wrt input " + k, x -> {
                    List<Tensor> args = new ArrayList<>(fixed);
                    args.set(at, x);
                    return spec.op().apply(args, params);
                }));
            }
        }
        return out.stream();
    }

    private static Tensor gradInput(String label) {
        String op = label.substring(0, label.indexOf(" wrt input "));
        int k = Integer.parseInt(label.substring(label.lastIndexOf(' ') + 1));
        Spec spec = SPECS.get(op);
        return spec.domains()[k].sample(spec.shapes()[k], 42).requiresGrad_();
    }

    @TestFactory
    Stream<DynamicTest> forwardModeMatchesReverseMode() {
        return gradFunctions().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> JvpCheck.assertForwardMatchesReverse(e.getValue(), gradInput(e.getKey()))));
    }

    @TestFactory
    Stream<DynamicTest> firstDerivativesMatchFiniteDifferences() {
        return gradFunctions().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertTrue(GradCheck.gradcheck(e.getValue(), gradInput(e.getKey())))));
    }

    @TestFactory
    Stream<DynamicTest> secondDerivativesMatchFiniteDifferences() {
        return gradFunctions().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> assertTrue(GradCheck.gradgradcheck(e.getValue(), gradInput(e.getKey())))));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
