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

    /**
     * {@code optimizer.state_dict()}: PyTorch's layout, with parameters replaced by their index in group
     * order: {@code "state"} maps index to that parameter's state (the live tensors), {@code "param_groups"}
     * lists each group's options with {@code "params"} as a list of indices.
     */
    public Map<String, Object> stateDict() {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        for (ParamGroup g : paramGroups) {
            Map<String, Object> packed = new LinkedHashMap<>(g.options());
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                index.putIfAbsent(p, index.size());
                ids.add(index.get(p));
            }
            packed.put("params", ids);
            groups.add(packed);
        }
        Map<Integer, Map<String, Tensor>> packedState = new LinkedHashMap<>();
        state.forEach((p, s) -> {
            if (!s.isEmpty()) {
                packedState.put(index.get(p), s);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", packedState);
        out.put("param_groups", groups);
        return out;
    }

    /**
     * {@code optimizer.load_state_dict(state_dict)}: takes over a {@link #stateDict()} of an optimizer of
     * the same kind over parameters of the same shapes, copying its state (floating buffers converted to
     * each parameter's dtype, {@code step} kept as is) and its group options. Checked before anything changes.
     */
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> stateDict) {
        List<Map<String, Object>> savedGroups = (List<Map<String, Object>>) stateDict.get("param_groups");
        Map<Integer, Map<String, Tensor>> savedState = (Map<Integer, Map<String, Tensor>>) stateDict.get("state");
        if (savedGroups.size() != paramGroups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups");
        }
        Map<Integer, Tensor> byId = new LinkedHashMap<>();
        for (int g = 0; g < paramGroups.size(); g++) {
            List<Integer> ids = (List<Integer>) savedGroups.get(g).get("params");
            List<Tensor> params = paramGroups.get(g).params();
            if (ids.size() != params.size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match "
                        + "the size of optimizer's group");
            }
            for (int i = 0; i < ids.size(); i++) {
                byId.put(ids.get(i), params.get(i));
            }
        }
        for (Integer id : savedState.keySet()) {
            if (!byId.containsKey(id)) {
                throw new IllegalArgumentException("loaded state dict has state for parameter " + id
                        + ", which none of its parameter groups lists");
            }
        }
        state.clear();
        savedState.forEach((id, s) -> {
            Tensor param = byId.get(id);
            Map<String, Tensor> copy = state(param);
            s.forEach((key, value) -> {
                boolean cast = !key.equals("step") && value.dtype().isFloatingPoint() && param.dtype().isFloatingPoint();
                copy.put(key, (cast ? value.to(param.dtype()) : value).detach().clone());
            });
        });
        for (int g = 0; g < paramGroups.size(); g++) {
            ParamGroup group = paramGroups.get(g);
            savedGroups.get(g).forEach((k, v) -> {
                if (!k.equals("params")) {
                    group.set(k, v instanceof double[] ? ((double[]) v).clone() : v);
                }
            });
        }
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
