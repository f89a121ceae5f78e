package org.grad4j.optim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.Tensor;

/**
 * {@code torch.optim.SGD}: stochastic gradient descent with optional momentum (dampening,
 * Nesterov), weight decay and maximize, as PyTorch 1.13's {@code _single_tensor_sgd}.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), new SGD.Options(0.1).momentum(0.9).nesterov(true));
 * }</pre>
 */
public class SGD extends Optimizer {
    /** SGD's defaults ({@code SGDOptions} in libtorch); lr has no default, as in PyTorch. */
    public static final class Options {
        private final double lr;
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;
        private boolean maximize;

        public Options(double lr) {
            this.lr = lr;
        }

        public Options momentum(double value) {
            momentum = value;
            return this;
        }

        public Options dampening(double value) {
            dampening = value;
            return this;
        }

        public Options weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        public Options nesterov(boolean value) {
            nesterov = value;
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
            m.put("dampening", dampening);
            m.put("weight_decay", weightDecay);
            m.put("nesterov", nesterov);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** {@code SGD(params, lr)}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, new Options(lr));
    }

    /** {@code SGD(params, lr=..., momentum=..., ...)}. */
    public SGD(List<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** {@code SGD([{'params': ...}, ...], lr=lr)}. */
    public SGD(Collection<ParamGroup> groups, double lr) {
        this(groups, new Options(lr));
    }

    /** {@code SGD([{'params': ...}, ...], ...)}: per-group options override these defaults. */
    public SGD(Collection<ParamGroup> groups, Options options) {
        super(groups, validated(options));
    }

    private static Map<String, Object> validated(Options o) {
        if (o.lr < 0.0) {
            throw new IllegalArgumentException("Invalid learning rate: " + repr(o.lr));
        }
        if (o.momentum < 0.0) {
            throw new IllegalArgumentException("Invalid momentum value: " + repr(o.momentum));
        }
        if (o.weightDecay < 0.0) {
            throw new IllegalArgumentException("Invalid weight_decay value: " + repr(o.weightDecay));
        }
        if (o.nesterov && (o.momentum <= 0 || o.dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        return o.toMap();
    }

    @Override
    protected void update(ParamGroup group, List<Tensor> params) {
        double lr = group.lr();
        double momentum = group.getDouble("momentum");
        double dampening = group.getDouble("dampening");
        double weightDecay = group.getDouble("weight_decay");
        boolean nesterov = group.getBoolean("nesterov");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor param : params) {
            Tensor dp = maximize ? param.grad().neg() : param.grad();
            if (weightDecay != 0) {
                dp = dp.add(param, weightDecay);
            }
            if (momentum != 0) {
                Map<String, Tensor> s = state(param);
                Tensor buf = s.get("momentum_buffer");
                if (buf == null) {
                    buf = dp.clone().detach();
                    s.put("momentum_buffer", buf);
                } else {
                    buf.mul_(momentum).add_(dp, 1 - dampening);
                }
                dp = nesterov ? dp.add(buf, momentum) : buf;
            }
            param.add_(dp, -lr);
        }
    }
}
