package org.grad4j.optim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.internal.GradZeroing;
import org.grad4j.internal.format.PyFloat;

/**
 * Base of the optimizers, as PyTorch's {@code torch.optim.Optimizer}: parameter groups with
 * defaults filled in, per-parameter state, {@code zeroGrad} and {@code step}. A subclass updates one
 * group at a time with PyTorch 1.13's single-tensor ("for-loop") maths; {@link #step()} runs it
 * under no-grad, in place, over the parameters that have a gradient.
 */
public abstract class Optimizer {
    private final Map<String, Object> defaults;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();

    protected Optimizer(Collection<ParamGroup> groups, Map<String, Object> defaults) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        for (ParamGroup g : groups) {
            addParamGroup(g);
        }
    }

    /** One group over all the parameters (for the {@code Optimizer(params, ...)} constructors). */
    protected static List<ParamGroup> single(List<Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        return List.of(ParamGroup.of(params));
    }

    /** {@code add_param_group(group)}: the group's missing options come from the defaults. */
    public void addParamGroup(ParamGroup group) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : paramGroups) {
            seen.addAll(g.params());
        }
        for (Tensor p : group.params()) {
            if (!p.isLeaf() && !p.retainsGrad()) {
                throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            }
            if (seen.contains(p)) {
                throw new IllegalArgumentException("some parameters appear in more than one parameter group");
            }
        }
        group.setDefaults(defaults);
        paramGroups.add(group);
    }

    /** {@code optimizer.param_groups}. */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    /** {@code optimizer.defaults}. */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /** {@code optimizer.state[p]}: the buffers kept for one parameter under PyTorch's keys (empty before its first step). */
    public Map<String, Tensor> state(Tensor param) {
        return state.computeIfAbsent(param, p -> new LinkedHashMap<>());
    }

    /** {@code zero_grad()}: PyTorch 1.13's default {@code set_to_none=False}. */
    public void zeroGrad() {
        zeroGrad(false);
    }

    /** {@code zero_grad(set_to_none)}: clears each parameter's grad, or zeroes it in place. */
    public void zeroGrad(boolean setToNone) {
        List<Tensor> all = new ArrayList<>();
        paramGroups.forEach(g -> all.addAll(g.params()));
        GradZeroing.zeroGrads(all, setToNone);
    }

    /** {@code step()}: one update of every parameter that has a gradient. */
    public void step() {
        try (var off = Autograd.noGrad()) {
            for (ParamGroup group : paramGroups) {
                List<Tensor> withGrad = new ArrayList<>();
                for (Tensor p : group.params()) {
                    if (p.grad() != null) {
                        withGrad.add(p);
                    }
                }
                update(group, withGrad);
            }
        }
    }

    /** {@code step(closure)}: re-evaluates the loss with grad enabled, then steps; returns the loss. */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var on = Autograd.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /** Updates the group's parameters that have a gradient, in place; runs under no-grad. */
    protected abstract void update(ParamGroup group, List<Tensor> params);

    /** PyTorch's check {@code if not 0.0 <= value: raise ValueError(message + value)}. */
    protected static void requireNonNegative(double value, String message) {
        if (!(value >= 0.0)) {
            throw new IllegalArgumentException(message + PyFloat.repr(value));
        }
    }

    /** Python's {@code repr} of a float, for option errors written as PyTorch's. */
    protected static String repr(double value) {
        return PyFloat.repr(value);
    }
}
