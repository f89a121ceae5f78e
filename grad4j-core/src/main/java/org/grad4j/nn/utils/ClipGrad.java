package org.grad4j.nn.utils;

import java.util.ArrayList;
import java.util.List;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.internal.format.PyFloat;

/**
 * {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: rescale or clamp the
 * parameters' gradients in place, as PyTorch 1.13 does (parameters without a grad are skipped).
 */
public final class ClipGrad {
    private ClipGrad() {
    }

    /** {@code clip_grad_norm_(params, max_norm)}: 2-norm. */
    public static Tensor clipGradNorm_(List<Tensor> parameters, double maxNorm) {
        return clipGradNorm_(parameters, maxNorm, 2.0, false);
    }

    /** {@code clip_grad_norm_(params, max_norm, norm_type)} ({@code Double.POSITIVE_INFINITY} for 'inf'). */
    public static Tensor clipGradNorm_(List<Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm_(parameters, maxNorm, normType, false);
    }

    /**
     * {@code clip_grad_norm_(params, max_norm, norm_type, error_if_nonfinite)}: the norm of all grads
     * taken together; when above max_norm every grad is scaled by max_norm / (norm + 1e-6).
     * Returns that total norm.
     */
    public static Tensor clipGradNorm_(List<Tensor> parameters, double maxNorm, double normType,
            boolean errorIfNonfinite) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : parameters) {
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        if (grads.isEmpty()) {
            return Tensor.scalar(0.0);
        }
        try (var off = Autograd.noGrad()) {
            List<Tensor> norms = new ArrayList<>();
            for (Tensor g : grads) {
                norms.add(normType == Double.POSITIVE_INFINITY ? g.detach().abs().max() : g.detach().norm(normType));
            }
            Tensor totalNorm = normType == Double.POSITIVE_INFINITY
                    ? (norms.size() == 1 ? norms.get(0) : Tensor.stack(norms, 0).max())
                    : Tensor.stack(norms, 0).norm(normType);
            double total = totalNorm.item();
            if (errorIfNonfinite && (Double.isNaN(total) || Double.isInfinite(total))) {
                throw new IllegalStateException("The total norm of order " + PyFloat.repr(normType) + " for gradients "
                        + "from `parameters` is non-finite, so it cannot be clipped. To disable this error and scale "
                        + "the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
            }
            Tensor clipCoef = Tensor.fullLike(totalNorm, maxNorm).div(totalNorm.add(1e-6)).clampMax(1.0);
            for (Tensor g : grads) {
                g.detach().mul_(clipCoef);
            }
            return totalNorm;
        }
    }

    /** {@code clip_grad_value_(params, clip_value)}: clamps every grad into [-clip_value, clip_value]. */
    public static void clipGradValue_(List<Tensor> parameters, double clipValue) {
        try (var off = Autograd.noGrad()) {
            for (Tensor p : parameters) {
                if (p.grad() != null) {
                    p.grad().clamp_(-clipValue, clipValue);
                }
            }
        }
    }
}
