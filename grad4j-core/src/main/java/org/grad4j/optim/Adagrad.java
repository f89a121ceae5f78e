package org.grad4j.optim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * {@code torch.optim.Adagrad}: divides by the root of the summed squared gradients, with a learning
 * rate decaying as {@code lr / (1 + (step - 1) * lr_decay)}, as PyTorch 1.13's
 * {@code _single_tensor_adagrad}. The sums start at {@code initial_accumulator_value} when the
 * optimizer is built, as in PyTorch.
 */
public class Adagrad extends Optimizer {
    /** Adagrad's defaults: lr 1e-2, no lr decay, no weight decay, accumulators from 0, eps 1e-10. */
    public static final class Options {
        private double lr = 1e-2;
        private double lrDecay;
        private double weightDecay;
        private double initialAccumulatorValue;
        private double eps = 1e-10;
        private boolean maximize;

        public Options() {
        }

        public Options(double lr) {
            this.lr = lr;
        }

        public Options lrDecay(double value) {
            lrDecay = value;
            return this;
        }

        public Options weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Options initialAccumulatorValue(double value) {
            initialAccumulatorValue = value;
            return this;
        }

        public Options eps(double value) {
            eps = value;
            return this;
        }

        public Options maximize(boolean value) {
            maximize = value;
            return this;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("lr_decay", lrDecay);
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("initial_accumulator_value", initialAccumulatorValue);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** {@code Adagrad(params, lr)}. */
    public Adagrad(List<Tensor> params, double lr) {
        this(params, new Options(lr));
    }

    /** {@code Adagrad(params, lr=..., lr_decay=..., ...)}. */
    public Adagrad(List<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** {@code Adagrad([{'params': ...}, ...], lr=lr)}. */
    public Adagrad(Collection<ParamGroup> groups, double lr) {
        this(groups, new Options(lr));
    }

    /** {@code Adagrad([{'params': ...}, ...], ...)}. */
    public Adagrad(Collection<ParamGroup> groups, Options options) {
        super(groups, validated(options));
        for (ParamGroup group : paramGroups()) {
            for (Tensor p : group.params()) {
                initState(group, p);
            }
        }
    }

    private void initState(ParamGroup group, Tensor param) {
        Map<String, Tensor> s = state(param);
        if (s.isEmpty()) {
            s.put("step", Tensor.scalar(0.0, DType.FLOAT32));
            s.put("sum", Tensor.fullLike(param, group.getDouble("initial_accumulator_value")));
        }
    }

    private static Map<String, Object> validated(Options o) {
        requireNonNegative(o.lr, "Invalid learning rate: ");
        requireNonNegative(o.lrDecay, "Invalid lr_decay value: ");
        requireNonNegative(o.weightDecay, "Invalid weight_decay value: ");
        requireNonNegative(o.initialAccumulatorValue, "Invalid initial_accumulator_value value: ");
        requireNonNegative(o.eps, "Invalid epsilon value: ");
        return o.toMap();
    }

    @Override
    protected void update(ParamGroup group, List<Tensor> params) {
        double lr = group.lr();
        double lrDecay = group.getDouble("lr_decay");
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weight_decay");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor param : params) {
            initState(group, param);
            Map<String, Tensor> s = state(param);
            double step = s.get("step").add_(1.0).item();
            Tensor grad = maximize ? param.grad().neg() : param.grad();
            if (weightDecay != 0) {
                grad = grad.add(param, weightDecay);
            }
            double clr = lr / (1 + (step - 1) * lrDecay);
            Tensor sum = s.get("sum").addcmul_(grad, grad, 1.0);
            Tensor std = sum.sqrt().add_(eps);
            param.addcdiv_(grad, std, -clr);
        }
    }
}
