package org.grad4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.Tensor;

/**
 * One entry of {@code optimizer.param_groups}: parameters plus their options under PyTorch's keys
 * ({@code "lr"}, {@code "momentum"}, {@code "weight_decay"}, {@code "betas"}, ...). Options set here
 * override the optimizer's defaults, as {@code {'params': ..., 'lr': 1e-2}} does.
 *
 * <pre>{@code
 * new SGD(List.of(ParamGroup.of(base.parameters()),
 *                 ParamGroup.of(head.parameters()).set("lr", 1e-2)), new SGD.Options(1e-3).momentum(0.9));
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) {
        this.params = List.copyOf(params);
    }

    /** A group over these parameters with no options of its own yet. */
    public static ParamGroup of(List<Tensor> params) {
        return new ParamGroup(params);
    }

    /** Sets an option (a Double, Boolean or double[] such as betas); returns this. */
    public ParamGroup set(String option, Object value) {
        options.put(option, value instanceof Number ? ((Number) value).doubleValue() : value);
        return this;
    }

    /** {@code group['params']}. */
    public List<Tensor> params() {
        return params;
    }

    /** {@code group['lr']}. */
    public double lr() {
        return getDouble("lr");
    }

    /** {@code group['lr'] = lr}: what schedulers write. */
    public void setLr(double lr) {
        options.put("lr", lr);
    }

    /** True when the option is set. */
    public boolean has(String option) {
        return options.containsKey(option);
    }

    public Object get(String option) {
        if (!options.containsKey(option)) {
            throw new IllegalArgumentException("parameter group has no option '" + option + "'");
        }
        return options.get(option);
    }

    public double getDouble(String option) {
        return (Double) get(option);
    }

    public boolean getBoolean(String option) {
        return (Boolean) get(option);
    }

    /** The options, read-only, in the order they were set. */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    /** Fills in every default this group does not set itself ({@code param_group.setdefault}). */
    void setDefaults(Map<String, Object> defaults) {
        defaults.forEach(options::putIfAbsent);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        options.forEach((k, v) -> parts.add(k + ": " + (v instanceof double[] ? java.util.Arrays.toString((double[]) v) : v)));
        return "ParamGroup(" + params.size() + " params; " + String.join(", ", parts) + ")";
    }
}
