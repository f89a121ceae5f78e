package org.grad4j.autograd;

import static org.grad4j.autograd.FunctionalInputs.finish;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.grad4j.Tensor;

/**
 * Derivatives of whole functions: PyTorch's {@code torch.autograd.functional} ({@link #jacobian},
 * {@link #hessian}, {@link #vjp}, {@link #jvp}, {@link #hvp}, {@link #vhp}) and the
 * {@code torch.func} transforms ({@link #grad}, {@link #valueAndGrad}, {@link #jacrev},
 * {@link #jacfwd}, {@link #hessian(UnaryOperator)}, {@link #vmap}).
 *
 * <pre>{@code
 * Tensor x = Tensor.of(1.0, 2.0, 3.0);
 * Tensor j = Functional.jacobian(t -> t.sin().mul(t), x);        // 3x3, diag(sin x + x cos x)
 * Functional.Result r = Functional.hvp(t -> t.pow(3).sum(), x, Tensor.onesLike(x));
 * r.value();                                                     // 6 x
 * UnaryOperator<Tensor> perSampleGrads = Functional.vmap(Functional.grad(loss));
 * }</pre>
 *
 * <p>Each function has a single-tensor form and a list form for several inputs and outputs
 * ({@code Function<List<Tensor>, List<Tensor>>}; scalar functions of several inputs are
 * {@code Function<List<Tensor>, Tensor>}); PyTorch's keyword arguments follow in its order
 * ({@code createGraph, strict, vectorize, strategy}). Without {@code createGraph} results carry no
 * history. {@code vectorize} is accepted for PyTorch's checks but changes nothing: grad4j has no
 * batched gradients and always computes a Jacobian row by row (reverse mode) or column by column
 * (forward mode, which unlike PyTorch 1.13 does not require {@code vectorize=true}).
 *
 * <p>The {@code torch.func} transforms return plain Java functions that compose and nest
 * ({@code grad(grad(f))}, {@code jacfwd(jacrev(f))}, {@code vmap(grad(f))}). Their results keep
 * history only when an argument requires grad or carries a tangent, which is what lets an outer
 * transform differentiate them; tensors the function captures are treated as constants.
 */
public final class Functional {
    /** {@code strategy="reverse-mode"}: one backward pass per output element; best when outputs are few. */
    public static final String REVERSE_MODE = "reverse-mode";
    /** {@code strategy="forward-mode"}: one forward pass per input element; best when inputs are few. */
    public static final String FORWARD_MODE = "forward-mode";

    private Functional() {
    }

    /** The output of a function and a derivative product ({@code (func_output, vjp)} and the like in PyTorch). */
    public record Result(Tensor output, Tensor value) {
    }

    /** {@link Result} for several outputs and inputs: {@code values} has one entry per input (vjp, hvp, vhp) or output (jvp). */
    public record Results(List<Tensor> outputs, List<Tensor> values) {
    }

    /** {@code torch.func.value_and_grad}'s pair. */
    public record ValueAndGrad(Tensor value, Tensor grad) {
    }

    /** {@code torch.func.vjp}'s pair: the output and a function from a cotangent to its vector-Jacobian product. */
    public record VjpResult(Tensor output, UnaryOperator<Tensor> vjpFn) {
    }

    // ---------------------------------------------------------------- torch.autograd.functional

    /** {@code jacobian(f, x)}: shape {@code f(x).shape + x.shape}, by reverse mode. */
    public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x) {
        return jacobian(f, x, false, false, false, REVERSE_MODE);
    }

    /** {@code jacobian(f, x, create_graph, strict, vectorize, strategy)}. */
    public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x, boolean createGraph, boolean strict,
                                  boolean vectorize, String strategy) {
        return jacobian(lift(f), List.of(x), createGraph, strict, vectorize, strategy).get(0).get(0);
    }

    /** {@code jacobian(f, inputs)} for several inputs and outputs: {@code J.get(i).get(j)} is d output i / d input j. */
    public static List<List<Tensor>> jacobian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs) {
        return jacobian(f, inputs, false, false, false, REVERSE_MODE);
    }

    /** {@code jacobian(f, inputs, create_graph, strict, vectorize, strategy)} for several inputs and outputs. */
    public static List<List<Tensor>> jacobian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs,
                                              boolean createGraph, boolean strict, boolean vectorize, String strategy) {
        if (!REVERSE_MODE.equals(strategy) && !FORWARD_MODE.equals(strategy)) {
            throw new IllegalArgumentException("Expected strategy to be either \"forward-mode\" or \"reverse-mode\". Hint: "
                    + "If your function has more outputs than inputs, \"forward-mode\" tends to be more performant. "
                    + "Otherwise, prefer to use \"reverse-mode\".");
        }
        if (FORWARD_MODE.equals(strategy)) {
            if (createGraph) {
                throw new UnsupportedOperationException("torch.autograd.functional.jacobian: `create_graph=True` and "
                        + "`strategy=\"forward-mode\"` are not supported together (yet). Please either set "
                        + "`create_graph=False` or `strategy=\"reverse-mode\"`.");
            }
            if (strict) {
                throw new IllegalArgumentException("torch.autograd.functional.jacobian: `strict=True` and "
                        + "`strategy=\"forward-mode\"` are not supported together (yet). Please either set `strict=False` "
                        + "or `strategy=\"reverse-mode\"`.");
            }
            return finishAll(Jacobians.forward(f, detached(inputs)), false);
        }
        if (strict && vectorize) {
            throw new IllegalArgumentException("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` "
                    + "are not supported together. Please either set `strict=False` or `vectorize=False`.");
        }
        try (var on = Autograd.enableGrad()) {
            List<Tensor> xs = FunctionalInputs.differentiable(inputs, createGraph);
            List<Tensor> outs = f.apply(xs);
            FunctionalInputs.requireDifferentiableOutputs(outs, strict);
            return finishAll(Jacobians.reverse(outs, xs, createGraph, strict), createGraph);
        }
    }

    /** {@code hessian(f, x)} of a one-element function: shape {@code x.shape + x.shape}. */
    public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
        return hessian(f, x, false, false, false, REVERSE_MODE);
    }

    /** {@code hessian(f, x, create_graph, strict, vectorize, outer_jacobian_strategy)}. */
    public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x, boolean createGraph, boolean strict,
                                 boolean vectorize, String outerJacobianStrategy) {
        return hessian(ins -> f.apply(ins.get(0)), List.of(x), createGraph, strict, vectorize, outerJacobianStrategy)
                .get(0).get(0);
    }

    /** {@code hessian(f, inputs)} of a one-element function of several inputs: {@code H.get(i).get(j)}. */
    public static List<List<Tensor>> hessian(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return hessian(f, inputs, false, false, false, REVERSE_MODE);
    }

    /**
     * {@code hessian(f, inputs, create_graph, strict, vectorize, outer_jacobian_strategy)}: the
     * Jacobian (reverse or forward mode) of the gradient (always reverse mode).
     */
    public static List<List<Tensor>> hessian(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, boolean createGraph,
                                             boolean strict, boolean vectorize, String outerJacobianStrategy) {
        if (!REVERSE_MODE.equals(outerJacobianStrategy) && !FORWARD_MODE.equals(outerJacobianStrategy)) {
            throw new IllegalArgumentException("Expected strategy to be either \"forward-mode\" or \"reverse-mode\".");
        }
        Function<List<Tensor>, List<Tensor>> gradient = ins -> {
            try (var on = Autograd.enableGrad()) {
                List<Tensor> xs = FunctionalInputs.differentiable(ins, true);
                List<Tensor> g = Jacobians.gradientOfScalar(f.apply(xs), xs, strict, "hessian");
                List<Tensor> filled = FunctionalInputs.fillInZeros(g, xs, false, false, FunctionalInputs.Stage.BACK);
                Jacobians.requireDependentJacobian(filled, strict);
                return filled;
            }
        };
        return jacobian(gradient, inputs, createGraph, strict, vectorize, outerJacobianStrategy);
    }

    /** {@code vjp(f, x, v)}: {@code v^T J} (shaped like x); {@code v} may be null for a one-element output. */
    public static Result vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        return vjp(f, x, v, false, false);
    }

    /** {@code vjp(f, x, v, create_graph, strict)}. */
    public static Result vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph, boolean strict) {
        return single(vjp(lift(f), List.of(x), v == null ? null : List.of(v), createGraph, strict, false));
    }

    /** {@code vjp(f, inputs, v)} for several inputs and outputs: one {@code v} per output, one product per input. */
    public static Results vjp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> v) {
        return vjp(f, inputs, v, false, false);
    }

    /** {@code vjp(f, inputs, v, create_graph, strict)} for several inputs and outputs. */
    public static Results vjp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> v,
                              boolean createGraph, boolean strict) {
        return vjp(f, inputs, v, createGraph, strict, true);
    }

    /**
     * {@code jvp(f, x, v)} (also {@code torch.func.jvp(f, (x,), (v,))}): {@code J v}, shaped like
     * f(x), from one forward-mode pass; {@code v} may be null for a one-element input.
     */
    public static Result jvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        return jvp(f, x, v, false, false);
    }

    /**
     * {@code jvp(f, x, v, create_graph, strict)}. With {@code createGraph} or {@code strict}, or
     * inside an open forward-AD level, it uses PyTorch's double-backward trick instead of forward mode.
     */
    public static Result jvp(UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph, boolean strict) {
        return single(jvp(lift(f), List.of(x), v == null ? null : List.of(v), createGraph, strict, false));
    }

    /** {@code jvp(f, inputs, v)} for several inputs and outputs: one {@code v} per input, one product per output. */
    public static Results jvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> v) {
        return jvp(f, inputs, v, false, false);
    }

    /** {@code jvp(f, inputs, v, create_graph, strict)} for several inputs and outputs. */
    public static Results jvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> v,
                              boolean createGraph, boolean strict) {
        return jvp(f, inputs, v, createGraph, strict, true);
    }

    /**
     * {@code hvp(f, x, v)}: {@code H v} for a one-element f, computed forward-over-reverse (the
     * tangent of the gradient); shaped like x.
     */
    public static Result hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        return hvp(f, x, v, false, false);
    }

    /**
     * {@code hvp(f, x, v, create_graph, strict)}. With {@code strict}, or inside an open forward-AD
     * level, it uses PyTorch's double-backward trick instead of forward-over-reverse.
     */
    public static Result hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph, boolean strict) {
        return single(hvp(ins -> f.apply(ins.get(0)), List.of(x), v == null ? null : List.of(v), createGraph, strict, false));
    }

    /** {@code hvp(f, inputs, v)} for a one-element function of several inputs. */
    public static Results hvp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> v) {
        return hvp(f, inputs, v, false, false);
    }

    /** {@code hvp(f, inputs, v, create_graph, strict)} for several inputs. */
    public static Results hvp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> v,
                              boolean createGraph, boolean strict) {
        return hvp(f, inputs, v, createGraph, strict, true);
    }

    /** {@code vhp(f, x, v)}: {@code v^T H} for a one-element f, by reverse over reverse. */
    public static Result vhp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        return vhp(f, x, v, false, false);
    }

    /** {@code vhp(f, x, v, create_graph, strict)}. */
    public static Result vhp(UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph, boolean strict) {
        return single(vhp(ins -> f.apply(ins.get(0)), List.of(x), v == null ? null : List.of(v), createGraph, strict, false));
    }

    /** {@code vhp(f, inputs, v)} for a one-element function of several inputs. */
    public static Results vhp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> v) {
        return vhp(f, inputs, v, false, false);
    }

    /** {@code vhp(f, inputs, v, create_graph, strict)} for several inputs. */
    public static Results vhp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> v,
                              boolean createGraph, boolean strict) {
        return vhp(f, inputs, v, createGraph, strict, true);
    }

    // ---------------------------------------------------------------- torch.func transforms

    /** {@code torch.func.grad(f)}: the gradient function of a 0-d-valued f. */
    public static UnaryOperator<Tensor> grad(UnaryOperator<Tensor> f) {
        return x -> valueAndGrad(f).apply(x).grad();
    }

    /**
     * {@code torch.func.grad(f, argnums)} for a 0-d-valued function of several arguments: the
     * gradients with respect to the arguments at {@code argnums} (default 0), in that order.
     */
    public static Function<List<Tensor>, List<Tensor>> grad(Function<List<Tensor>, Tensor> f, int... argnums) {
        int[] nums = argnums.length == 0 ? new int[] {0} : argnums.clone();
        return args -> gradients(f, args, nums).values();
    }

    /** {@code torch.func.value_and_grad(f)}: f(x) and its gradient from one forward and one backward pass. */
    public static Function<Tensor, ValueAndGrad> valueAndGrad(UnaryOperator<Tensor> f) {
        return x -> {
            Results r = gradients(ins -> f.apply(ins.get(0)), List.of(x), new int[] {0});
            return new ValueAndGrad(r.outputs().get(0), r.values().get(0));
        };
    }

    /**
     * {@code torch.func.vjp(f, x)}: f(x) and a function {@code u -> u^T J} that may be called many
     * times (the graph is kept). For a product with one given v, {@link #vjp(UnaryOperator, Tensor, Tensor)}.
     */
    public static VjpResult vjp(UnaryOperator<Tensor> f, Tensor x) {
        boolean linked = FunctionalInputs.linked(List.of(x));
        Tensor xi;
        Tensor out;
        try (var on = Autograd.enableGrad()) {
            xi = FunctionalInputs.differentiable(x, linked);
            out = f.apply(xi);
        }
        UnaryOperator<Tensor> vjpFn = u -> {
            boolean create = linked || u.requiresGrad() || FunctionalInputs.hasTangent(u);
            try (var on = Autograd.enableGrad()) {
                Tensor g = FunctionalInputs.grad(List.of(out), List.of(xi), List.of(u), create).get(0);
                return g == null ? Tensor.zerosLike(x) : create ? g : g.detach();
            }
        };
        return new VjpResult(linked ? out : out.detach(), vjpFn);
    }

    /** {@code torch.func.jacrev(f)}: the Jacobian function, one backward pass per output element. */
    public static UnaryOperator<Tensor> jacrev(UnaryOperator<Tensor> f) {
        Function<List<Tensor>, List<Tensor>> multi = jacrev(ins -> f.apply(ins.get(0)), 0);
        return x -> multi.apply(List.of(x)).get(0);
    }

    /** {@code torch.func.jacrev(f, argnums)}: Jacobians of f's output with respect to the arguments at {@code argnums}. */
    public static Function<List<Tensor>, List<Tensor>> jacrev(Function<List<Tensor>, Tensor> f, int... argnums) {
        int[] nums = argnums.length == 0 ? new int[] {0} : argnums.clone();
        return args -> {
            List<Integer> positions = positions(nums, args.size());
            boolean linked = FunctionalInputs.linked(args);
            try (var on = Autograd.enableGrad()) {
                List<Tensor> xs = new ArrayList<>(args);
                List<Tensor> wrt = new ArrayList<>();
                for (int p : positions) {
                    xs.set(p, FunctionalInputs.differentiable(args.get(p), linked));
                    wrt.add(xs.get(p));
                }
                Tensor out = f.apply(xs);
                return finish(Jacobians.reverse(List.of(out), wrt, linked, false).get(0), linked);
            }
        };
    }

    /**
     * {@code torch.func.jacfwd(f)}: the Jacobian function, one forward-mode pass per input
     * element (inside an already open forward-AD level each column comes from the double-backward trick).
     */
    public static UnaryOperator<Tensor> jacfwd(UnaryOperator<Tensor> f) {
        Function<List<Tensor>, List<Tensor>> multi = jacfwd(ins -> f.apply(ins.get(0)), 0);
        return x -> multi.apply(List.of(x)).get(0);
    }

    /** {@code torch.func.jacfwd(f, argnums)}: Jacobians of f's output with respect to the arguments at {@code argnums}. */
    public static Function<List<Tensor>, List<Tensor>> jacfwd(Function<List<Tensor>, Tensor> f, int... argnums) {
        Function<List<List<Tensor>>, List<Tensor>> firstRow = blocks -> blocks.get(0);
        return forwardJacobian(args -> List.of(f.apply(args)), argnums).andThen(firstRow);
    }

    /** {@code torch.func.hessian(f)}: {@code jacfwd(jacrev(f))}, forward over reverse. */
    public static UnaryOperator<Tensor> hessian(UnaryOperator<Tensor> f) {
        return jacfwd(jacrev(f));
    }

    /**
     * {@code torch.func.hessian(f, argnums)} for a function of several arguments: block
     * {@code H.get(a).get(b)} holds the second derivatives with respect to the arguments at
     * {@code argnums[a]} and {@code argnums[b]}.
     */
    public static Function<List<Tensor>, List<List<Tensor>>> hessian(Function<List<Tensor>, Tensor> f, int... argnums) {
        return forwardJacobian(jacrev(f, argnums), argnums);
    }

    /**
     * {@code torch.func.vmap(f)}: maps f over dim 0 of its input and stacks the results along
     * dim 0. grad4j's vmap is a loop (one call of f per sample, then {@code Tensor.stack}); it
     * composes with the other transforms and nests, e.g. per-sample gradients
     * {@code vmap(grad(loss)).apply(xs)}.
     */
    public static UnaryOperator<Tensor> vmap(UnaryOperator<Tensor> f) {
        return vmap(f, 0, 0);
    }

    /** {@code torch.func.vmap(f, in_dims, out_dims)} for one input and one output. */
    public static UnaryOperator<Tensor> vmap(UnaryOperator<Tensor> f, int inDim, int outDim) {
        Vmap mapped = new Vmap(lift(f), List.of(inDim), List.of(outDim), true);
        return x -> mapped.apply(List.of(x)).get(0);
    }

    /**
     * {@code torch.func.vmap(f, in_dims, out_dims)} for several arguments and outputs: one
     * {@code inDims} entry per argument (null: the argument is shared by every sample, Python's
     * None) and one {@code outDims} entry per output.
     */
    public static Function<List<Tensor>, List<Tensor>> vmap(Function<List<Tensor>, List<Tensor>> f,
                                                            List<Integer> inDims, List<Integer> outDims) {
        return new Vmap(f, inDims, outDims, false);
    }

    // ---------------------------------------------------------------- implementations

    private static Function<List<Tensor>, List<Tensor>> lift(UnaryOperator<Tensor> f) {
        return ins -> List.of(f.apply(ins.get(0)));
    }

    private static Result single(Results r) {
        return new Result(r.outputs().get(0), r.values().get(0));
    }

    private static List<Tensor> detached(List<Tensor> ts) {
        return finish(ts, false);
    }

    private static List<List<Tensor>> finishAll(List<List<Tensor>> blocks, boolean createGraph) {
        List<List<Tensor>> result = new ArrayList<>(blocks.size());
        for (List<Tensor> row : blocks) {
            result.add(finish(row, createGraph));
        }
        return result;
    }

    private static Results vjp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> v,
                               boolean createGraph, boolean strict, boolean isTuple) {
        List<Tensor> xs;
        List<Tensor> outs;
        List<Tensor> vs = null;
        try (var on = Autograd.enableGrad()) {
            xs = FunctionalInputs.differentiable(inputs, createGraph);
            outs = f.apply(xs);
            FunctionalInputs.requireDifferentiableOutputs(outs, strict);
            if (v != null) {
                FunctionalInputs.validateV(v, outs, isTuple);
                vs = FunctionalInputs.vectors(v, createGraph);
            } else {
                FunctionalInputs.defaultV(outs, "The vector v can only be None if the user-provided function returns "
                        + "a single Tensor with a single element.");
            }
        }
        try (var mode = Autograd.setGradEnabled(createGraph || Autograd.isGradEnabled())) {
            List<Tensor> g = FunctionalInputs.grad(outs, xs, vs, createGraph);
            List<Tensor> products = FunctionalInputs.fillInZeros(g, xs, strict, createGraph, FunctionalInputs.Stage.BACK);
            return new Results(finish(outs, createGraph), finish(products, createGraph));
        }
    }

    private static Results jvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, List<Tensor> v,
                               boolean createGraph, boolean strict, boolean isTuple) {
        List<Tensor> vs = vectorsForInputs(inputs, v, isTuple);
        Jacobians.Jvp r = strict || createGraph || ForwardAD.isActive()
                ? Jacobians.doubleBackwardJvp(f, inputs, FunctionalInputs.vectors(vs, createGraph), createGraph, strict)
                : Jacobians.forwardJvp(f, detached(inputs), detached(vs));
        return new Results(finish(r.outputs(), createGraph), finish(r.tangents(), createGraph));
    }

    private static Results hvp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> v,
                               boolean createGraph, boolean strict, boolean isTuple) {
        List<Tensor> vs = vectorsForInputs(inputs, v, isTuple);
        if (strict || ForwardAD.isActive()) {
            return doubleBackwardHvp(f, inputs, vs, createGraph, strict);
        }
        try (var on = Autograd.enableGrad()) {
            List<Tensor> xs = FunctionalInputs.differentiable(inputs, createGraph);
            List<Tensor> tangents = FunctionalInputs.vectors(vs, createGraph);
            try (var level = ForwardAD.dualLevel()) {
                List<Tensor> duals = new ArrayList<>(xs.size());
                for (int j = 0; j < xs.size(); j++) {
                    duals.add(ForwardAD.makeDual(xs.get(j), tangents.get(j).to(xs.get(j).dtype())));
                }
                Tensor out = f.apply(duals);
                List<Tensor> gradient = Jacobians.gradientOfScalar(out, duals, false, "hvp");
                List<Tensor> products = new ArrayList<>(gradient.size());
                for (int j = 0; j < gradient.size(); j++) {
                    Tensor tangent = gradient.get(j) == null ? null : ForwardAD.unpackDual(gradient.get(j)).tangent();
                    products.add(tangent != null ? tangent : Tensor.zerosLike(xs.get(j)));
                }
                Tensor primal = ForwardAD.unpackDual(out).primal();
                return new Results(finish(List.of(primal), createGraph), finish(products, createGraph));
            }
        }
    }

    /** PyTorch's hvp: the gradient of {@code <v, H^T u>} with respect to u, all in reverse mode. */
    private static Results doubleBackwardHvp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> v,
                                             boolean createGraph, boolean strict) {
        List<Tensor> xs;
        Tensor out;
        List<Tensor> gradJacobian = new ArrayList<>();
        List<Tensor> doubleBack;
        List<Tensor> vs;
        try (var on = Autograd.enableGrad()) {
            xs = FunctionalInputs.differentiable(inputs, createGraph);
            vs = FunctionalInputs.vectors(v, createGraph);
            out = f.apply(xs);
            List<Tensor> jacobian = Jacobians.gradientOfScalar(out, xs, strict, "hvp");
            Jacobians.requireDependentJacobian(jacobian, strict);
            for (Tensor x : xs) {
                gradJacobian.add(Tensor.zerosLike(x).requiresGrad_());
            }
            doubleBack = FunctionalInputs.grad(jacobian, xs, gradJacobian, true);
        }
        try (var mode = Autograd.setGradEnabled(createGraph || Autograd.isGradEnabled())) {
            List<Tensor> g = FunctionalInputs.grad(doubleBack, gradJacobian, vs, createGraph);
            List<Tensor> products = FunctionalInputs.fillInZeros(g, xs, strict, createGraph,
                    FunctionalInputs.Stage.DOUBLE_BACK_TRICK);
            return new Results(finish(List.of(out), createGraph), finish(products, createGraph));
        }
    }

    private static Results vhp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> v,
                               boolean createGraph, boolean strict, boolean isTuple) {
        List<Tensor> vs = vectorsForInputs(inputs, v, isTuple);
        List<Tensor> xs;
        Tensor out;
        List<Tensor> jacobian;
        try (var on = Autograd.enableGrad()) {
            xs = FunctionalInputs.differentiable(inputs, createGraph);
            vs = FunctionalInputs.vectors(vs, createGraph);
            out = f.apply(xs);
            jacobian = Jacobians.gradientOfScalar(out, xs, strict, "vhp");
            Jacobians.requireDependentJacobian(jacobian, strict);
        }
        try (var mode = Autograd.setGradEnabled(createGraph || Autograd.isGradEnabled())) {
            List<Tensor> g = FunctionalInputs.grad(jacobian, xs, vs, createGraph);
            List<Tensor> products = FunctionalInputs.fillInZeros(g, xs, strict, createGraph,
                    FunctionalInputs.Stage.DOUBLE_BACK);
            return new Results(finish(List.of(out), createGraph), finish(products, createGraph));
        }
    }

    /** The v of jvp/hvp/vhp: validated against the inputs, or ones for a single one-element input. */
    private static List<Tensor> vectorsForInputs(List<Tensor> inputs, List<Tensor> v, boolean isTuple) {
        if (v == null) {
            return FunctionalInputs.defaultV(inputs, "The vector v can only be None if the input to the user-provided "
                    + "function is a single Tensor with a single element.");
        }
        FunctionalInputs.validateV(v, inputs, isTuple);
        return v;
    }

    /** {@code grad_and_value} of f with respect to the arguments at {@code argnums}. */
    private static Results gradients(Function<List<Tensor>, Tensor> f, List<Tensor> args, int[] argnums) {
        List<Integer> positions = positions(argnums, args.size());
        boolean linked = FunctionalInputs.linked(args);
        try (var on = Autograd.enableGrad()) {
            List<Tensor> xs = new ArrayList<>(args);
            List<Tensor> wrt = new ArrayList<>();
            for (int p : positions) {
                xs.set(p, FunctionalInputs.differentiable(args.get(p), linked));
                wrt.add(xs.get(p));
            }
            Tensor out = f.apply(xs);
            if (out.dim() != 0) {
                throw new IllegalArgumentException("grad_and_value(f)(*args): Expected f(*args) to return a scalar "
                        + "Tensor, got tensor with " + out.dim() + " dims. Maybe you wanted to use the vjp or jacrev APIs "
                        + "instead?");
            }
            List<Tensor> g = FunctionalInputs.fillInZeros(FunctionalInputs.grad(List.of(out), wrt, null, linked), wrt,
                    false, false, FunctionalInputs.Stage.BACK);
            return new Results(finish(List.of(out), linked), finish(g, linked));
        }
    }

    /** Forward-mode Jacobians {@code J[i][k]} of every output of f with respect to the arguments at {@code argnums}. */
    private static Function<List<Tensor>, List<List<Tensor>>> forwardJacobian(Function<List<Tensor>, List<Tensor>> f,
                                                                              int[] argnums) {
        int[] nums = argnums.length == 0 ? new int[] {0} : argnums.clone();
        return args -> {
            List<Integer> positions = positions(nums, args.size());
            boolean linked = FunctionalInputs.linked(args);
            List<Tensor> wrt = new ArrayList<>();
            for (int p : positions) {
                wrt.add(linked ? args.get(p) : args.get(p).detach());
            }
            Function<List<Tensor>, List<Tensor>> ofWrt = ws -> {
                List<Tensor> xs = new ArrayList<>(args);
                for (int k = 0; k < positions.size(); k++) {
                    xs.set(positions.get(k), ws.get(k));
                }
                return f.apply(xs);
            };
            return finishAll(Jacobians.forward(ofWrt, wrt), linked);
        };
    }

    /** argnums resolved against the argument count (negative counts from the end), as torch.func checks them. */
    private static List<Integer> positions(int[] argnums, int count) {
        List<Integer> positions = new ArrayList<>(argnums.length);
        for (int a : argnums) {
            if (a < -count || a >= count) {
                throw new IllegalArgumentException("Got argnum=" + a + ", but only " + count + " positional inputs");
            }
            positions.add(a < 0 ? a + count : a);
        }
        return positions;
    }
}
