package org.grad4j.optim;

import static org.grad4j.FixtureSupport.doubles;
import static org.grad4j.FixtureSupport.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.nn.utils.ClipGrad;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Optimizers, schedulers and gradient clipping against PyTorch 1.13 (tools/gen_optim_fixtures.py):
 * the same float64 model and data trained 5 steps in both, parameters compared after the last step.
 */
class OptimizerTest {
    private static final JsonNode FIXTURES = load("/fixtures/optim.json");
    private static final double TOL = 1e-9;

    private static JsonNode load(String resource) {
        try (InputStream in = OptimizerTest.class.getResourceAsStream(resource)) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tensor tensor(JsonNode data, long... shape) {
        return Tensor.of(doubles(data), DType.FLOAT64).reshape(shape);
    }

    /** The fixture's parameters W1, b1, W2, b2, u as fresh float64 leaves. */
    private static Map<String, Tensor> freshParams() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (JsonNode name : FIXTURES.get("order")) {
            String n = name.asText();
            params.put(n, tensor(FIXTURES.get("init").get(n), longs(FIXTURES.get("shapes").get(n))).requiresGrad_());
        }
        return params;
    }

    /** mean((tanh(X W1^T + b1) W2^T + b2 - Y)^2), as in the generator. */
    private static Tensor loss(Map<String, Tensor> p) {
        Tensor x = tensor(FIXTURES.get("X"), 5, 4);
        Tensor y = tensor(FIXTURES.get("Y"), 5, 2);
        Tensor h = x.matmul(p.get("W1").t()).add(p.get("b1")).tanh();
        return h.matmul(p.get("W2").t()).add(p.get("b2")).sub(y).pow(2).mean();
    }

    private static Optimizer build(String name, JsonNode o, Map<String, Tensor> params, JsonNode groups) {
        List<ParamGroup> spec = new ArrayList<>();
        if (groups.isNull()) {
            spec.add(ParamGroup.of(new ArrayList<>(params.values())));
        } else {
            for (JsonNode g : groups) {
                List<Tensor> ps = new ArrayList<>();
                g.get("params").forEach(n -> ps.add(params.get(n.asText())));
                ParamGroup group = ParamGroup.of(ps);
                for (Iterator<String> it = g.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!key.equals("params")) {
                        group.set(key, g.get(key).isArray() ? doubles(g.get(key)) : g.get(key).asDouble());
                    }
                }
                spec.add(group);
            }
        }
        double lr = o.path("lr").asDouble(Double.NaN);
        switch (name) {
            case "SGD":
                return new SGD(spec, new SGD.Options(lr).momentum(o.path("momentum").asDouble(0))
                        .dampening(o.path("dampening").asDouble(0)).weightDecay(o.path("weightDecay").asDouble(0))
                        .nesterov(o.path("nesterov").asBoolean(false)).maximize(o.path("maximize").asBoolean(false)));
            case "Adam":
            case "AdamW": {
                Adam.Options a = o.has("lr") ? new Adam.Options(lr) : new Adam.Options();
                if (o.has("betas")) {
                    a.betas(o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble());
                }
                if (o.has("eps")) {
                    a.eps(o.get("eps").asDouble());
                }
                if (o.has("weightDecay")) {
                    a.weightDecay(o.get("weightDecay").asDouble());
                }
                a.amsgrad(o.path("amsgrad").asBoolean(false)).maximize(o.path("maximize").asBoolean(false));
                return name.equals("Adam") ? new Adam(spec, a) : new AdamW(spec, a);
            }
            case "RMSprop": {
                RMSprop.Options r = o.has("lr") ? new RMSprop.Options(lr) : new RMSprop.Options();
                if (o.has("alpha")) {
                    r.alpha(o.get("alpha").asDouble());
                }
                if (o.has("eps")) {
                    r.eps(o.get("eps").asDouble());
                }
                return new RMSprop(spec, r.weightDecay(o.path("weightDecay").asDouble(0))
                        .momentum(o.path("momentum").asDouble(0)).centered(o.path("centered").asBoolean(false)));
            }
            case "Adagrad": {
                Adagrad.Options a = o.has("lr") ? new Adagrad.Options(lr) : new Adagrad.Options();
                if (o.has("eps")) {
                    a.eps(o.get("eps").asDouble());
                }
                return new Adagrad(spec, a.lrDecay(o.path("lrDecay").asDouble(0))
                        .weightDecay(o.path("weightDecay").asDouble(0))
                        .initialAccumulatorValue(o.path("initialAccumulatorValue").asDouble(0)));
            }
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOL * (1 + Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @TestFactory
    Stream<DynamicTest> fiveStepsMatchPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURES.get("optim_cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                Map<String, Tensor> params = freshParams();
                Optimizer opt = build(c.get("optimizer").asText(), c.get("options"), params, c.get("groups"));
                double[] losses = new double[5];
                for (int step = 0; step < 5; step++) {
                    opt.zeroGrad();
                    Tensor l = loss(params);
                    losses[step] = l.item();
                    l.backward();
                    opt.step();
                }
                assertClose(doubles(c.get("losses")), losses, "losses");
                for (Map.Entry<String, Tensor> p : params.entrySet()) {
                    assertClose(doubles(c.get("params").get(p.getKey())), p.getValue().toDoubleArray(), p.getKey());
                    assertTrue(p.getValue().isLeaf() && p.getValue().requiresGrad());
                }
                assertNull(params.get("u").grad());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> schedulersMatchPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURES.get("scheduler_cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                ParamGroup first = ParamGroup.of(List.of(Tensor.zeros(2).requiresGrad_()));
                ParamGroup second = ParamGroup.of(List.of(Tensor.zeros(2).requiresGrad_())).set("lr", 0.03);
                SGD opt = new SGD(List.of(first, second), 0.1);
                JsonNode a = c.get("args");
                LRScheduler s;
                switch (c.get("scheduler").asText()) {
                    case "StepLR":
                        s = a.has("gamma") ? new StepLR(opt, a.get("step_size").asInt(), a.get("gamma").asDouble())
                                : new StepLR(opt, a.get("step_size").asInt());
                        break;
                    case "CosineAnnealingLR":
                        s = a.has("eta_min") ? new CosineAnnealingLR(opt, a.get("T_max").asInt(), a.get("eta_min").asDouble())
                                : new CosineAnnealingLR(opt, a.get("T_max").asInt());
                        break;
                    default:
                        s = a.has("start_factor") ? new LinearLR(opt, a.get("start_factor").asDouble(),
                                a.get("end_factor").asDouble(), a.get("total_iters").asInt()) : new LinearLR(opt);
                }
                JsonNode lrs = c.get("lrs");
                for (int epoch = 0; epoch < lrs.size(); epoch++) {
                    if (epoch > 0) {
                        opt.step();
                        s.step();
                    }
                    double[] actual = s.getLastLr().stream().mapToDouble(Double::doubleValue).toArray();
                    assertClose(doubles(lrs.get(epoch)), actual, "epoch " + epoch);
                    assertEquals(actual[1], opt.paramGroups().get(1).lr());
                }
                assertEquals(List.of(0.1, 0.03), s.baseLrs());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> clipGradNormMatchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURES.get("clip_cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                Map<String, Tensor> params = freshParams();
                loss(params).backward();
                for (Map.Entry<String, Tensor> p : params.entrySet()) {
                    JsonNode before = c.get("grads_before").get(p.getKey());
                    if (!before.isNull()) {
                        assertClose(doubles(before), p.getValue().grad().toDoubleArray(), "grad " + p.getKey());
                    }
                }
                double normType = c.get("norm_type").isTextual() ? Double.POSITIVE_INFINITY : c.get("norm_type").asDouble();
                Tensor total = ClipGrad.clipGradNorm_(new ArrayList<>(params.values()), c.get("max_norm").asDouble(), normType);
                assertEquals(c.get("total_norm").asDouble(), total.item(), TOL);
                for (Iterator<String> it = c.get("grads").fieldNames(); it.hasNext(); ) {
                    String n = it.next();
                    assertClose(doubles(c.get("grads").get(n)), params.get(n).grad().toDoubleArray(), "clipped " + n);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> optionErrorsAsPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURES.get("errors")) {
            String expected = c.get("message").asText();
            tests.add(DynamicTest.dynamicTest(c.get("optimizer").asText() + " " + c.get("options"), () -> {
                Map<String, Tensor> params = new LinkedHashMap<>();
                params.put("p", Tensor.zeros(2).requiresGrad_());
                var e = assertThrows(IllegalArgumentException.class,
                        () -> build(c.get("optimizer").asText(), c.get("options"), params, c.path("groups")));
                assertEquals(expected, e.getMessage());
            }));
        }
        return tests.stream();
    }

    /** Resuming from stateDict after 2 steps must land where PyTorch's uninterrupted 5 steps land. */
    @Test
    void resumingFromStateDictContinuesTheSameRun() {
        for (JsonNode c : FIXTURES.get("optim_cases")) {
            Map<String, Tensor> params = freshParams();
            Optimizer first = build(c.get("optimizer").asText(), c.get("options"), params, c.get("groups"));
            Optimizer resumed = null;
            for (int step = 0; step < 5; step++) {
                if (step == 2) {
                    resumed = build(c.get("optimizer").asText(), c.get("options"), params, c.get("groups"));
                    resumed.loadStateDict(first.stateDict());
                }
                Optimizer opt = step < 2 ? first : resumed;
                opt.zeroGrad();
                loss(params).backward();
                opt.step();
            }
            for (Map.Entry<String, Tensor> p : params.entrySet()) {
                assertClose(doubles(c.get("params").get(p.getKey())), p.getValue().toDoubleArray(),
                        c.get("name").asText() + " " + p.getKey());
            }
        }
    }

    @Test
    void stateDictLayoutAndChecks() {
        Tensor a = Tensor.ones(2).requiresGrad_();
        Tensor b = Tensor.ones(3).requiresGrad_();
        SGD opt = new SGD(List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)).set("lr", 0.5)),
                new SGD.Options(0.1).momentum(0.9));
        a.sum().backward();
        opt.step();
        Map<String, Object> sd = opt.stateDict();
        assertEquals(Map.of(0, Map.of("momentum_buffer", a.grad())).keySet(), ((Map<?, ?>) sd.get("state")).keySet());
        List<?> groups = (List<?>) sd.get("param_groups");
        assertEquals(List.of(0), ((Map<?, ?>) groups.get(0)).get("params"));
        assertEquals(List.of(1), ((Map<?, ?>) groups.get(1)).get("params"));
        assertEquals(0.5, ((Map<?, ?>) groups.get(1)).get("lr"));
        SGD single = new SGD(List.of(a, b), 0.1);
        assertEquals("loaded state dict has a different number of parameter groups",
                assertThrows(IllegalArgumentException.class, () -> single.loadStateDict(sd)).getMessage());
        SGD swapped = new SGD(List.of(ParamGroup.of(List.of(a, b)), ParamGroup.of(List.of(Tensor.ones(1).requiresGrad_()))), 0.1);
        assertEquals("loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
                assertThrows(IllegalArgumentException.class, () -> swapped.loadStateDict(sd)).getMessage());
    }

    @Test
    void parameterListChecks() {
        Tensor p = Tensor.zeros(2).requiresGrad_();
        assertEquals("optimizer got an empty parameter list",
                assertThrows(IllegalArgumentException.class, () -> new SGD(List.<Tensor>of(), 0.1)).getMessage());
        assertEquals("can't optimize a non-leaf Tensor",
                assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p.mul(2)), 0.1)).getMessage());
        assertEquals("some parameters appear in more than one parameter group",
                assertThrows(IllegalArgumentException.class,
                        () -> new SGD(List.of(ParamGroup.of(List.of(p)), ParamGroup.of(List.of(p))), 0.1)).getMessage());
    }

    @Test
    void zeroGradAndClosure() {
        Tensor p = Tensor.of(1.0, -2.0).requiresGrad_();
        SGD opt = new SGD(List.of(p), 0.5);
        Tensor loss = opt.step(() -> {
            Tensor l = p.pow(2).sum();
            l.backward();
            return l;
        });
        assertEquals(5.0, loss.item());
        // p - 0.5 * 2p = 0
        assertArrayEquals(new double[] {0, 0}, p.toDoubleArray());
        opt.zeroGrad();
        assertArrayEquals(new double[] {0, 0}, p.grad().toDoubleArray());
        opt.zeroGrad(true);
        assertNull(p.grad());
        assertEquals(0.1, opt.paramGroups().get(0).set("lr", 0.1).lr());
    }

    @Test
    void clipGradValueAndEdgeCases() {
        Tensor p = Tensor.zeros(3).requiresGrad_();
        p.setGrad(Tensor.of(-3.0, 0.5, 2.0));
        ClipGrad.clipGradValue_(List.of(p, Tensor.zeros(1).requiresGrad_()), 1.0);
        assertArrayEquals(new double[] {-1, 0.5, 1}, p.grad().toDoubleArray());
        assertEquals(0.0, ClipGrad.clipGradNorm_(List.of(Tensor.zeros(1).requiresGrad_()), 1.0).item());
        p.setGrad(Tensor.of(Double.NaN, 1.0, 1.0));
        assertEquals("The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be "
                + "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
                + "`error_if_nonfinite=False`",
                assertThrows(IllegalStateException.class, () -> ClipGrad.clipGradNorm_(List.of(p), 1.0, 2.0, true))
                        .getMessage());
    }

    @Test
    void linearLrFactorChecks() {
        SGD opt = new SGD(List.of(Tensor.zeros(1).requiresGrad_()), 0.1);
        assertEquals("Starting multiplicative factor expected to be between 0 and 1.",
                assertThrows(IllegalArgumentException.class, () -> new LinearLR(opt, 1.5, 1.0, 3)).getMessage());
        assertEquals("Ending multiplicative factor expected to be between 0 and 1.",
                assertThrows(IllegalArgumentException.class, () -> new LinearLR(opt, 0.5, -1.0, 3)).getMessage());
    }
}
