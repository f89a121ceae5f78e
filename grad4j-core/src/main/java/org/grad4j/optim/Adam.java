package org.grad4j.optim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * {@code torch.optim.Adam} (and, through {@link #decoupledWeightDecay()}, {@link AdamW}): moment
 * estimates with bias correction, optional L2 weight decay, AMSGrad and maximize, as PyTorch 1.13's
 * {@code _single_tensor_adam}.
 */
public class Adam extends Optimizer {
    /** Adam's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no amsgrad. */
    public static final class Options {
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private Double weightDecay;
        private boolean amsgrad;
        private boolean maximize;

        public Options() {
        }

        public Options(double lr) {
            this.lr = lr;
        }

        public Options betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
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

        public Options amsgrad(boolean value) {
            amsgrad = value;
            return this;
        }

        public Options maximize(boolean value) {
            maximize = value;
            return this;
        }

        Map<String, Object> toMap(double defaultWeightDecay) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("betas", new double[] {beta1, beta2});
            m.put("eps", eps);
            m.put("weight_decay", weightDecay == null ? defaultWeightDecay : weightDecay);
            m.put("amsgrad", amsgrad);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** {@code Adam(params, lr)}. */
    public Adam(List<Tensor> params, double lr) {
        this(params, new Options(lr));
    }

    /** {@code Adam(params, lr=..., betas=..., ...)}. */
    public Adam(List<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** {@code Adam([{'params': ...}, ...], lr=lr)}. */
    public Adam(Collection<ParamGroup> groups, double lr) {
        this(groups, new Options(lr));
    }

    /** {@code Adam([{'params': ...}, ...], ...)}: per-group options override these defaults. */
    public Adam(Collection<ParamGroup> groups, Options options) {
        this(groups, options, 0.0);
    }

    Adam(Collection<ParamGroup> groups, Options options, double defaultWeightDecay) {
        super(groups, validated(options.toMap(defaultWeightDecay)));
    }

    private static Map<String, Object> validated(Map<String, Object> m) {
        requireNonNegative((Double) m.get("lr"), "Invalid learning rate: ");
        requireNonNegative((Double) m.get("eps"), "Invalid epsilon value: ");
        double[] betas = (double[]) m.get("betas");
        for (int i = 0; i < 2; i++) {
            if (!(betas[i] >= 0.0 && betas[i] < 1.0)) {
                throw new IllegalArgumentException("Invalid beta parameter at index " + i + ": " + repr(betas[i]));
            }
        }
        requireNonNegative((Double) m.get("weight_decay"), "Invalid weight_decay value: ");
        return m;
    }

    /** False for Adam (weight decay added to the gradient), true for AdamW (parameters shrunk directly). */
    protected boolean decoupledWeightDecay() {
        return false;
    }

    @Override
    protected void update(ParamGroup group, List<Tensor> params) {
        double lr = group.lr();
        double[] betas = (double[]) group.get("betas");
        double beta1 = betas[0];
        double beta2 = betas[1];
        double eps = group.getDouble("eps");
        double weightDecay = group.getDouble("weight_decay");
        boolean amsgrad = group.getBoolean("amsgrad");
        boolean maximize = group.getBoolean("maximize");
        for (Tensor param : params) {
            Map<String, Tensor> s = state(param);
            if (s.isEmpty()) {
                // PyTorch keeps the step count as a float tensor.
                s.put("step", Tensor.scalar(0.0, DType.FLOAT32));
                s.put("exp_avg", Tensor.zerosLike(param));
                s.put("exp_avg_sq", Tensor.zerosLike(param));
                if (amsgrad) {
                    s.put("max_exp_avg_sq", Tensor.zerosLike(param));
                }
            }
            Tensor grad = maximize ? param.grad().neg() : param.grad();
            Tensor expAvg = s.get("exp_avg");
            Tensor expAvgSq = s.get("exp_avg_sq");
            Tensor stepT = s.get("step").add_(1.0);
            if (decoupledWeightDecay()) {
                param.mul_(1 - lr * weightDecay);
            } else if (weightDecay != 0) {
                grad = grad.add(param, weightDecay);
            }
            expAvg.mul_(beta1).add_(grad, 1 - beta1);
            expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
            double step = stepT.item();
            double biasCorrection1 = 1 - Math.pow(beta1, step);
            double biasCorrection2 = 1 - Math.pow(beta2, step);
            double stepSize = lr / biasCorrection1;
            double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
            Tensor second = expAvgSq;
            if (amsgrad) {
                Tensor max = s.get("max_exp_avg_sq");
                max.copy_(max.maximum(expAvgSq));
                second = max;
            }
            Tensor denom = second.sqrt().div(biasCorrection2Sqrt).add_(eps);
            param.addcdiv_(expAvg, denom, -stepSize);
        }
    }
}
