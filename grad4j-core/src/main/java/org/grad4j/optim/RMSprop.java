package org.grad4j.optim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * {@code torch.optim.RMSprop}: divides by a running root mean square of the gradient, optionally
 * centered (minus the running mean squared) and with momentum, as PyTorch 1.13's
 * {@code _single_tensor_rmsprop}.
 */
public class RMSprop extends Optimizer {
    /** RMSprop's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered. */
    public static final class Options {
        private double lr = 1e-2;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double weightDecay;
        private double momentum;
        private boolean centered;
        private boolean maximize;

        public Options() {
        }

        public Options(double lr) {
            this.lr = lr;
        }

        public Options alpha(double value) {
            alpha = value;
            return this;
        }

        public Options eps(double value) {
            eps = value;
            return this;
        }

        public Options weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Options momentum(double value) {
            momentum = value;
            return this;
        }

        public Options centered(boolean value) {
            centered = value;
            return this;
        }

        public Options maximize(boolean value) {
            maximize = value;
            return this;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("momentum", momentum);
            m.put("alpha", alpha);
            m.put("eps", eps);
            m.put("centered", centered);
            m.put("weight_decay", weightDecay);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** {@code RMSprop(params, lr)}. */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, new Options(lr));
    }

    /** {@code RMSprop(params, lr=..., alpha=..., ...)}. */
    public RMSprop(List<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** {@code RMSprop([{'params': ...}, ...], lr=lr)}. */
    public RMSprop(Collection<ParamGroup> groups, double lr) {
        this(groups, new Options(lr));
    }

    /** {@code RMSprop([{'params': ...}, ...], ...)}. */
    public RMSprop(Collection<ParamGroup> groups, Options options) {
        super(groups, validated(options));
    }

    private static Map<String, Object> validated(Options o) {
        requireNonNegative(o.lr, "Invalid learning rate: ");
        requireNonNegative(o.eps, "Invalid epsilon value: ");
        requireNonNegative(o.momentum, "Invalid momentum value: ");
        requireNonNegative(o.weightDecay, "Invalid weight_decay value: ");
        requireNonNegative(o.alpha, "Invalid alpha value: ");
        return o.toMap();
    }

    @Override
    protected void update(ParamGroup group, List<Tensor> params) {
        double lr = group.lr();
        double alpha = group.getDouble("alpha");
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weight_decay");
        double momentum = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor param : params) {
            Map<String, Tensor> s = state(param);
            if (s.isEmpty()) {
                s.put("step", Tensor.scalar(0, DType.INT64));
                s.put("square_avg", Tensor.zerosLike(param));
                if (momentum > 0) {
                    s.put("momentum_buffer", Tensor.zerosLike(param));
                }
                if (centered) {
                    s.put("grad_avg", Tensor.zerosLike(param));
                }
            }
            s.get("step").add_(1.0);
            Tensor grad = maximize ? param.grad().neg() : param.grad();
            if (weightDecay != 0) {
                grad = grad.add(param, weightDecay);
            }
            Tensor squareAvg = s.get("square_avg").mul_(alpha).addcmul_(grad, grad, 1 - alpha);
            Tensor avg;
            if (centered) {
                Tensor gradAvg = s.get("grad_avg").mul_(alpha).add_(grad, 1 - alpha);
                avg = squareAvg.addcmul(gradAvg, gradAvg, -1).sqrt_();
            } else {
                avg = squareAvg.sqrt();
            }
            avg = avg.add_(eps);
            if (momentum > 0) {
                Tensor buf = s.get("momentum_buffer").mul_(momentum).addcdiv_(grad, avg, 1.0);
                param.add_(buf, -lr);
            } else {
                param.addcdiv_(grad, avg, -lr);
            }
        }
    }
}
