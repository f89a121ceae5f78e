package org.grad4j.autograd;

import static org.grad4j.FixtureSupport.doubles;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Named;

/**
 * Functional autodiff against PyTorch ({@code tools/gen_functional_fixtures.py}: values of
 * torch.autograd.functional and functorch, and their error messages), plus identities that hold
 * for any function: forward and reverse mode agree, Hessians are symmetric, vmap(grad) is a loop of
 * grads, nested transforms give the Hessian.
 */
class FunctionalTest {
    private static final double RTOL = 1e-9;
    private static final double ATOL = 1e-10;

    /** The generator's function table, multi-output form. */
    private static final Map<String, Function<List<Tensor>, List<Tensor>>> MULTI = Map.of(
            "exp_reducer", x -> List.of(x.get(0).exp().sum(1)),
            "sin_mul", x -> List.of(x.get(0).sin().mul(x.get(0))),
            "adder", x -> List.of(x.get(0).exp().mul(2).add(x.get(1).mul(3))),
            "two_out", x -> List.of(x.get(0).mul(x.get(1)), x.get(0).tanh().sum().add(x.get(1).sigmoid().mean(0))),
            "mv_tanh", x -> List.of(x.get(0).matmul(x.get(1)).tanh()),
            "const_y", x -> List.of(x.get(0).sin()),
            "row_scale", x -> List.of(x.get(0).sin().mul(x.get(0).sum())),
            "add", x -> List.of(x.get(0).add(x.get(1))),
            "identity", x -> List.of(x.get(0)));

    /** The generator's scalar functions. */
    private static final Map<String, Function<List<Tensor>, Tensor>> SCALAR = Map.of(
            "cube_sum", x -> x.get(0).pow(3).sum(),
            "pair_energy", x -> x.get(0).pow(2).mul(x.get(1).sin()).sum().add(x.get(0).dot(x.get(1)).tanh()),
            "log_sum_exp", x -> x.get(0).exp().sum().log(),
            "linear_sum", x -> x.get(0).mul(2).sum(),
            "sq_loss", x -> x.get(1).dot(x.get(0)).tanh().sub(x.get(2)).pow(2),
            "sin_sq", x -> x.get(0).sin().mul(x.get(0)).mul(x.get(0)));

    private static final JsonNode FIXTURES = load();

    // ---------------------------------------------------------------- (a) against PyTorch

    static Stream<Named<JsonNode>> cases() {
        return StreamSupport.stream(FIXTURES.get("cases").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valuesMatchPyTorch(JsonNode c) {
        String name = c.get("name").asText();
        String fn = c.get("fn").asText();
        List<Tensor> in = tensors(c.get("inputs"));
        List<Tensor> v = c.get("v").isNull() ? null : tensors(c.get("v"));
        JsonNode values = c.get("values");
        switch (c.get("kind").asText()) {
            case "jacobian" -> {
                for (String strategy : List.of(Functional.REVERSE_MODE, Functional.FORWARD_MODE)) {
                    assertBlocks(name + " " + strategy, values,
                            Functional.jacobian(MULTI.get(fn), in, false, false, false, strategy));
                }
            }
            case "hessian" -> {
                for (String strategy : List.of(Functional.REVERSE_MODE, Functional.FORWARD_MODE)) {
                    assertBlocks(name + " " + strategy, values,
                            Functional.hessian(SCALAR.get(fn), in, false, false, false, strategy));
                }
                int[] all = IntStream.range(0, in.size()).toArray();
                assertBlocks(name + " torch.func.hessian(f, argnums)", values, Functional.hessian(SCALAR.get(fn), all).apply(in));
            }
            case "vjp" -> assertResults(name, c, Functional.vjp(MULTI.get(fn), in, v));
            case "jvp" -> {
                assertResults(name, c, Functional.jvp(MULTI.get(fn), in, v));
                assertResults(name + " create_graph (double backward)", c, Functional.jvp(MULTI.get(fn), in, v, true, false));
            }
            case "hvp" -> {
                assertResults(name, c, Functional.hvp(SCALAR.get(fn), in, v));
                try (var level = ForwardAD.dualLevel()) {
                    assertResults(name + " inside a dual level (double backward)", c, Functional.hvp(SCALAR.get(fn), in, v));
                }
            }
            case "vhp" -> assertResults(name, c, Functional.vhp(SCALAR.get(fn), in, v));
            case "jacobian_cg" -> assertGradOfSum(name, values, in, leaves -> flatten(
                    Functional.jacobian(MULTI.get(fn), leaves, true, false, false, Functional.REVERSE_MODE)));
            case "vjp_cg" -> assertGradOfSum(name, values, in, leaves -> Functional.vjp(MULTI.get(fn), leaves, v, true,
                    false).values());
            case "jvp_cg" -> assertGradOfSum(name, values, in, leaves -> Functional.jvp(MULTI.get(fn), leaves, v, true,
                    false).values());
            case "hvp_cg" -> assertGradOfSum(name, values, in, leaves -> Functional.hvp(SCALAR.get(fn), leaves, v, true,
                    false).values());
            case "vhp_cg" -> assertGradOfSum(name, values, in, leaves -> Functional.vhp(SCALAR.get(fn), leaves, v, true,
                    false).values());
            case "jacrev" -> assertTensor(name, values.get(0), Functional.jacrev(unary(fn)).apply(in.get(0)));
            case "jacfwd" -> assertTensor(name, values.get(0), Functional.jacfwd(unary(fn)).apply(in.get(0)));
            case "func_hessian" -> assertTensor(name, values.get(0),
                    Functional.hessian((UnaryOperator<Tensor>) x -> SCALAR.get(fn).apply(List.of(x))).apply(in.get(0)));
            case "per_sample_grad" -> assertTensor(name, values.get(0), Functional.vmap(Functional.grad(SCALAR.get(fn), 0),
                    Arrays.asList(null, 0, 0), List.of(0)).apply(in).get(0));
            case "vmap_dims" -> assertTensor(name, values.get(0), Functional.vmap(unary(fn), 1, 1).apply(in.get(0)));
            case "grad_grad" -> {
                UnaryOperator<Tensor> f = x -> SCALAR.get(fn).apply(List.of(x));
                assertTensor(name, values.get(0), Functional.vmap(Functional.grad(Functional.grad(f))).apply(in.get(0)));
            }
            default -> fail("unknown kind " + c.get("kind").asText());
        }
    }

    static Stream<Named<JsonNode>> errors() {
        return StreamSupport.stream(FIXTURES.get("errors").spliterator(), false)
                .map(c -> Named.of(c.get("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsUsePyTorchsWording(JsonNode c) {
        String fn = c.get("fn").asText();
        List<Tensor> in = tensors(c.get("inputs"));
        List<Tensor> v = c.get("v").isNull() ? null : tensors(c.get("v"));
        JsonNode args = c.get("args");
        boolean strict = args.path("strict").asBoolean(false);
        boolean createGraph = args.path("create_graph").asBoolean(false);
        boolean vectorize = args.path("vectorize").asBoolean(false);
        String strategy = args.path("strategy").asText(Functional.REVERSE_MODE);
        boolean multi = in.size() > 1;
        Executable call = switch (c.get("kind").asText()) {
            case "vjp" -> multi ? () -> Functional.vjp(MULTI.get(fn), in, v, false, strict)
                    : () -> Functional.vjp(unary(fn), in.get(0), v == null ? null : v.get(0), false, strict);
            case "jvp" -> multi ? () -> Functional.jvp(MULTI.get(fn), in, v, false, strict)
                    : () -> Functional.jvp(unary(fn), in.get(0), v == null ? null : v.get(0), false, strict);
            case "jacobian" -> () -> Functional.jacobian(MULTI.get(fn), in, createGraph, strict, vectorize, strategy);
            case "hessian" -> () -> Functional.hessian(scalarOrFirst(fn), in, createGraph, strict, vectorize, strategy);
            case "hvp" -> () -> Functional.hvp(scalarOrFirst(fn), in, v, false, strict);
            case "vhp" -> () -> Functional.vhp(scalarOrFirst(fn), in, v, false, strict);
            case "func_grad" -> () -> Functional.grad(unary(fn)).apply(in.get(0));
            case "vmap" -> args.get("in_dims").isArray()
                    ? () -> Functional.vmap(MULTI.get(fn), List.of(0, 0), List.of(0)).apply(in)
                    : () -> Functional.vmap(unary(fn), args.get("in_dims").asInt(), 0).apply(in.get(0));
            default -> throw new AssertionError("unknown kind " + c.get("kind").asText());
        };
        Class<? extends RuntimeException> type = "NotImplementedError".equals(c.get("type").asText())
                ? UnsupportedOperationException.class : IllegalArgumentException.class;
        assertEquals(c.get("message").asText(), assertThrows(type, call).getMessage());
    }

    // ---------------------------------------------------------------- (b) identities

    /** Ops whose forward (JVP) and reverse (VJP) products must pair to the same number. */
    private static final Map<String, UnaryOperator<Tensor>> OPS = Map.of(
            "sin * exp", x -> x.sin().mul(x.exp()),
            "tanh of matmul", x -> x.matmul(constant(11, 4, 3)).tanh(),
            "sigmoid / (1 + x^2)", x -> x.sigmoid().div(x.pow(2).add(1)),
            "cumsum then log of square", x -> x.cumsum(1).pow(2).add(1).log(),
            "transpose times self", x -> x.t().matmul(x),
            "mean over rows, sqrt", x -> x.pow(2).mean(0).add(1).sqrt(),
            "norm", x -> x.norm().mul(x),
            "relu and abs", x -> x.relu().add(x.abs().mul(0.5)));

    static Stream<Named<UnaryOperator<Tensor>>> ops() {
        return OPS.entrySet().stream().map(e -> Named.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void jvpAndVjpPairTheSameWay(UnaryOperator<Tensor> f) {
        Tensor x = constant(1, 2, 4);
        Tensor v = constant(2, 2, 4);
        Tensor u = constant(3, f.apply(x).shape());
        Functional.Result vjp = Functional.vjp(f, x, u);
        double reverse = vjp.value().mul(v).sum().item();
        for (boolean viaDoubleBackward : new boolean[] {false, true}) {
            Functional.Result jvp = Functional.jvp(f, x, v, viaDoubleBackward, false);
            assertEquals(reverse, jvp.value().mul(u).sum().item(), 1e-10 * Math.max(1, Math.abs(reverse)),
                    "<u, J v> = <J^T u, v>, double backward " + viaDoubleBackward);
            assertArrayEquals(vjp.output().toDoubleArray(), jvp.output().toDoubleArray(), 1e-12);
        }
        Tensor reverseJacobian = Functional.jacobian(f, x);
        assertClose("forward-mode Jacobian", reverseJacobian,
                Functional.jacobian(f, x, false, false, true, Functional.FORWARD_MODE));
        assertClose("jacfwd vs jacrev", Functional.jacrev(f).apply(x), Functional.jacfwd(f).apply(x));
    }

    @Test
    void hessiansAreSymmetricAndAgreeWithHvpAndVhp() {
        Tensor a = constant(5, 4, 4);
        List<UnaryOperator<Tensor>> scalars = List.of(
                x -> x.exp().sum().log(),
                x -> x.matmul(a).dot(x).sin(),
                x -> x.norm().mul(x.tanh().sum()),
                x -> x.sigmoid().prod());
        Tensor x = constant(6, 4);
        Tensor v = constant(7, 4);
        for (UnaryOperator<Tensor> f : scalars) {
            Tensor h = Functional.hessian(f, x);
            assertClose("symmetric", h, h.t());
            assertClose("forward-over-reverse Hessian", h, Functional.hessian(f).apply(x));
            assertClose("outer forward mode", h, Functional.hessian(f, x, false, false, false, Functional.FORWARD_MODE));
            assertClose("jacrev(jacrev)", h, Functional.jacrev(Functional.jacrev(f)).apply(x));
            assertClose("jacfwd(jacfwd)", h, Functional.jacfwd(Functional.jacfwd(f)).apply(x));
            assertClose("hvp = H v", h.mv(v), Functional.hvp(f, x, v).value());
            assertClose("vhp = v^T H", v.matmul(h), Functional.vhp(f, x, v).value());
        }
    }

    @Test
    void perSampleGradientsAreALoopOfGradients() {
        Tensor w = constant(8, 3);
        Tensor xs = constant(9, 6, 3);
        Tensor ys = constant(10, 6);
        Function<List<Tensor>, Tensor> loss = args -> args.get(1).dot(args.get(0)).tanh().sub(args.get(2)).pow(2);
        Tensor batched = Functional.vmap(Functional.grad(loss, 0), Arrays.asList(null, 0, 0), List.of(0))
                .apply(List.of(w, xs, ys)).get(0);
        for (int i = 0; i < 6; i++) {
            Tensor leaf = w.detach().requiresGrad_();
            Tensor expected = Autograd.grad(loss.apply(List.of(leaf, xs.index(i), ys.index(i))), leaf).get(0);
            assertClose("sample " + i, expected, batched.index(i));
        }
        // The one-liner of the issue, for a loss of the parameters only.
        UnaryOperator<Tensor> square = t -> t.pow(2).sum();
        assertClose("vmap(grad)", xs.mul(2), Functional.vmap(Functional.grad(square)).apply(xs));
    }

    @Test
    void transformsNestAndStayDifferentiable() {
        Tensor x = constant(12, 3, 2);
        UnaryOperator<Tensor> f = t -> t.sin().mul(t.sum());
        // vmap of vmap is elementwise mapping of a function of a 0-d tensor.
        UnaryOperator<Tensor> cube = t -> t.pow(3);
        assertClose("vmap(vmap)", x.pow(3), Functional.vmap(Functional.vmap(cube)).apply(x));
        // grad through vmap: d/dx sum_i sum(f(x_i)) row by row.
        UnaryOperator<Tensor> rowSums = t -> Functional.vmap(r -> f.apply(r).sum()).apply(t).sum();
        Tensor expected = Tensor.stack(List.of(Functional.grad(r -> f.apply(r).sum()).apply(x.index(0)),
                Functional.grad(r -> f.apply(r).sum()).apply(x.index(1)),
                Functional.grad(r -> f.apply(r).sum()).apply(x.index(2))), 0);
        assertClose("grad(vmap)", expected, Functional.grad(rowSums).apply(x));
        // A transform's result is differentiable when its argument requires grad.
        Tensor leaf = x.detach().requiresGrad_();
        Tensor g = Functional.grad(t -> t.pow(3).sum()).apply(leaf);
        assertNotNull(g.gradFn());
        assertClose("d/dx sum(3 x^2)", leaf.mul(6), Autograd.grad(g.sum(), leaf).get(0));
        assertNull(Functional.grad((UnaryOperator<Tensor>) t -> t.pow(3).sum()).apply(x).gradFn(), "no history for a plain input");
    }

    @Test
    void valueAndGradAndVjpFunction() {
        Tensor x = constant(13, 4);
        Functional.ValueAndGrad vg = Functional.valueAndGrad(t -> t.exp().sum()).apply(x);
        assertEquals(x.exp().sum().item(), vg.value().item(), 1e-12);
        assertClose("gradient of sum(exp)", x.exp(), vg.grad());
        Functional.VjpResult r = Functional.vjp(t -> t.mul(t), x);
        assertClose("output", x.mul(x), r.output());
        Tensor u1 = constant(14, 4);
        Tensor u2 = constant(15, 4);
        assertClose("first cotangent", x.mul(2).mul(u1), r.vjpFn().apply(u1));
        assertClose("second cotangent, same graph", x.mul(2).mul(u2), r.vjpFn().apply(u2));
    }

    @Test
    void createGraphDecidesWhetherResultsCarryHistory() {
        Tensor x = constant(16, 3).requiresGrad_();
        UnaryOperator<Tensor> f = t -> t.exp().mul(t);
        assertNull(Functional.jacobian(f, x).gradFn());
        assertNotNull(Functional.jacobian(f, x, true, false, false, Functional.REVERSE_MODE).gradFn());
        Functional.Result plain = Functional.hvp(t -> t.pow(3).sum(), x, Tensor.onesLike(x));
        assertNull(plain.value().gradFn());
        assertNull(plain.output().gradFn());
        Functional.Result linked = Functional.hvp(t -> t.pow(3).sum(), x, Tensor.onesLike(x), true, false);
        // hvp of sum(x^3) with v = 1 is 6x: its gradient summed is 6 per entry.
        assertClose("d/dx sum(6x)", Tensor.full(6.0, 3).to(DType.FLOAT64), Autograd.grad(linked.value().sum(), x).get(0));
        assertNull(x.grad(), "functional API leaves .grad alone");
    }

    @Test
    void worksInsideNoGradAndInsideAnOpenDualLevel() {
        Tensor x = constant(17, 3);
        UnaryOperator<Tensor> f = t -> t.sin().mul(t);
        Tensor expected = Functional.jacobian(f, x);
        try (var off = Autograd.noGrad()) {
            assertClose("jacobian under no_grad", expected, Functional.jacobian(f, x));
            assertClose("hessian under no_grad", Functional.hessian(t -> f.apply(t).sum(), x),
                    Functional.hessian(t -> t.sin().mul(t).sum(), x));
        }
        try (var level = ForwardAD.dualLevel()) {
            assertClose("jvp falls back to the double-backward trick", expected.mv(Tensor.onesLike(x)),
                    Functional.jvp(f, x, Tensor.onesLike(x)).value());
            assertClose("hvp falls back to reverse over reverse", Functional.hessian(t -> t.pow(3).sum(), x.detach())
                    .mv(Tensor.onesLike(x)), Functional.hvp(t -> t.pow(3).sum(), x, Tensor.onesLike(x)).value());
        }
    }

    @Test
    void strictModeAcceptsAFunctionThatUsesEveryInput() {
        Tensor x = constant(18, 3);
        Tensor y = constant(19, 3);
        Functional.Results r = Functional.vjp(MULTI.get("adder"), List.of(x, y), List.of(Tensor.onesLike(x)), false, true);
        assertClose("d/dx", x.exp().mul(2), r.values().get(0));
        assertClose("d/dy", Tensor.full(3.0, 3).to(DType.FLOAT64), r.values().get(1));
        List<List<Tensor>> j = Functional.jacobian(MULTI.get("const_y"), List.of(x, y));
        assertClose("unused input: zeros", Tensor.zeros(new long[] {3, 3}, DType.FLOAT64), j.get(0).get(1));
        // With create_graph, strict also refuses a derivative that is constant (3 for y), as PyTorch does.
        assertEquals("The jacobian of the user-provided function is independent of input 1. This is not allowed in "
                + "strict mode when create_graph=True.", assertThrows(IllegalArgumentException.class,
                () -> Functional.vjp(MULTI.get("adder"), List.of(x, y), List.of(Tensor.onesLike(x)), true, true))
                .getMessage());
    }

    @Test
    void argnumsAreCheckedAsTorchFuncDoes() {
        Function<List<Tensor>, Tensor> f = args -> args.get(0).mul(args.get(1)).sum();
        Tensor a = constant(20, 2);
        Tensor b = constant(21, 2);
        List<Tensor> grads = Functional.grad(f, 1, 0).apply(List.of(a, b));
        assertClose("d/db", a, grads.get(0));
        assertClose("d/da", b, grads.get(1));
        assertClose("jacrev argnum -1", a, Functional.jacrev(f, -1).apply(List.of(a, b)).get(0));
        assertClose("jacfwd argnum 1", a, Functional.jacfwd(f, 1).apply(List.of(a, b)).get(0));
        assertEquals("vmap(f, in_dims=(0,), ...)(<inputs>): in_dims is not compatible with the structure of `inputs`. "
                + "in_dims has structure TreeSpec(tuple, None, [*]) but inputs has structure TreeSpec(tuple, None, [*, *]).",
                assertThrows(IllegalArgumentException.class, () -> Functional.vmap(MULTI.get("add"), List.of(0), List.of(0))
                        .apply(List.of(a, b))).getMessage(), "PyTorch 1.13's wording (functorch, for a function named f)");
        assertEquals("Got argnum=2, but only 2 positional inputs", assertThrows(IllegalArgumentException.class,
                () -> Functional.grad(f, 2).apply(List.of(a, b))).getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private static UnaryOperator<Tensor> unary(String fn) {
        return x -> MULTI.get(fn).apply(List.of(x)).get(0);
    }

    /** The scalar function of that name, or the first output of the multi-output one (for non-scalar errors). */
    private static Function<List<Tensor>, Tensor> scalarOrFirst(String fn) {
        return SCALAR.containsKey(fn) ? SCALAR.get(fn) : x -> MULTI.get(fn).apply(x).get(0);
    }

    /** Pseudo-random float64 values in [-1, 1), fixed by the seed. */
    private static Tensor constant(long seed, long... shape) {
        Tensor.manualSeed(seed);
        return Tensor.rand(shape).to(DType.FLOAT64).mul(2).sub(1);
    }

    private static List<Tensor> flatten(List<List<Tensor>> blocks) {
        List<Tensor> all = new ArrayList<>();
        blocks.forEach(all::addAll);
        return all;
    }

    private static void assertGradOfSum(String name, JsonNode expected, List<Tensor> in,
                                        Function<List<Tensor>, List<Tensor>> withCreateGraph) {
        List<Tensor> leaves = new ArrayList<>();
        in.forEach(t -> leaves.add(t.detach().requiresGrad_()));
        Tensor total = null;
        for (Tensor t : withCreateGraph.apply(leaves)) {
            total = total == null ? t.sum() : total.add(t.sum());
        }
        List<Tensor> grads = total.requiresGrad()
                ? Autograd.grad(List.of(total), leaves, null, false, false, true)
                : Arrays.asList(new Tensor[leaves.size()]);
        for (int j = 0; j < leaves.size(); j++) {
            Tensor g = grads.get(j) == null ? Tensor.zerosLike(leaves.get(j)) : grads.get(j);
            assertTensor(name + ": gradient " + j, expected.get(j), g);
        }
    }

    private static void assertResults(String name, JsonNode c, Functional.Results r) {
        for (int i = 0; i < c.get("outputs").size(); i++) {
            assertTensor(name + ": output " + i, c.get("outputs").get(i), r.outputs().get(i));
        }
        assertEquals(c.get("values").size(), r.values().size(), name + ": number of products");
        for (int i = 0; i < r.values().size(); i++) {
            assertTensor(name + ": product " + i, c.get("values").get(i), r.values().get(i));
        }
    }

    private static void assertBlocks(String name, JsonNode expected, List<List<Tensor>> actual) {
        assertEquals(expected.size(), actual.size(), name + ": rows");
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.get(i).size(), actual.get(i).size(), name + ": blocks in row " + i);
            for (int j = 0; j < actual.get(i).size(); j++) {
                assertTensor(name + " [" + i + "][" + j + "]", expected.get(i).get(j), actual.get(i).get(j));
            }
        }
    }

    private static void assertTensor(String what, JsonNode expected, Tensor actual) {
        assertArrayEquals(longs(expected.get("shape")), actual.shape(), what + ": shape");
        assertEquals(DType.FLOAT64, actual.dtype(), what + ": dtype");
        double[] want = doubles(expected.get("data"));
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            if (Math.abs(want[i] - got[i]) > ATOL + RTOL * Math.abs(want[i])) {
                fail(what + ": element " + i + " expected " + want[i] + " but was " + got[i]);
            }
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] want = expected.toDoubleArray();
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= ATOL + RTOL * Math.abs(want[i]),
                    what + ": element " + i + " expected " + want[i] + " but was " + got[i]);
        }
    }

    private static List<Tensor> tensors(JsonNode array) {
        List<Tensor> out = new ArrayList<>();
        for (JsonNode t : array) {
            out.add(Tensor.of(doubles(t.get("data")), DType.FLOAT64).reshape(longs(t.get("shape"))));
        }
        return out;
    }

    private static JsonNode load() {
        try (InputStream in = FunctionalTest.class.getResourceAsStream("/fixtures/functional.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
