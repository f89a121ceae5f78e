package org.grad4j.nn;

import java.util.List;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;

/**
 * {@code torch.nn.init}: in-place initialisers for parameters, drawn from grad4j's generator
 * ({@code Tensor.manualSeed}). Each runs under no-grad, so it works on leaves that require grad,
 * and returns the tensor. The maths (bounds, gains, fans) are PyTorch 1.13's.
 */
public final class Init {
    private static final List<String> LINEAR_FNS = List.of("linear", "conv1d", "conv2d", "conv3d",
            "conv_transpose1d", "conv_transpose2d", "conv_transpose3d");

    private Init() {
    }

    /** {@code nn.init.calculate_gain(nonlinearity)}. */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, null);
    }

    /** {@code nn.init.calculate_gain(nonlinearity, param)}: param is leaky_relu's negative slope (null: 0.01). */
    public static double calculateGain(String nonlinearity, Double param) {
        if (LINEAR_FNS.contains(nonlinearity) || nonlinearity.equals("sigmoid")) {
            return 1;
        }
        switch (nonlinearity) {
            case "tanh":
                return 5.0 / 3;
            case "relu":
                return Math.sqrt(2.0);
            case "leaky_relu":
                double slope = param == null ? 0.01 : param;
                return Math.sqrt(2.0 / (1 + slope * slope));
            case "selu":
                return 3.0 / 4;
            default:
                throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        }
    }

    /** {@code nn.init.uniform_(t, a, b)}. */
    public static Tensor uniform_(Tensor tensor, double a, double b) {
        try (var off = Autograd.noGrad()) {
            return tensor.uniform_(a, b);
        }
    }

    /** {@code nn.init.uniform_(t)}: U(0, 1). */
    public static Tensor uniform_(Tensor tensor) {
        return uniform_(tensor, 0, 1);
    }

    /** {@code nn.init.normal_(t, mean, std)}. */
    public static Tensor normal_(Tensor tensor, double mean, double std) {
        try (var off = Autograd.noGrad()) {
            return tensor.normal_(mean, std);
        }
    }

    /** {@code nn.init.normal_(t)}: N(0, 1). */
    public static Tensor normal_(Tensor tensor) {
        return normal_(tensor, 0, 1);
    }

    /** {@code nn.init.constant_(t, val)}. */
    public static Tensor constant_(Tensor tensor, double val) {
        try (var off = Autograd.noGrad()) {
            return tensor.fill_(val);
        }
    }

    /** {@code nn.init.zeros_(t)}. */
    public static Tensor zeros_(Tensor tensor) {
        return constant_(tensor, 0);
    }

    /** {@code nn.init.ones_(t)}. */
    public static Tensor ones_(Tensor tensor) {
        return constant_(tensor, 1);
    }

    /** {@code nn.init.xavier_uniform_(t)}: U(-a, a), a = sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor tensor) {
        return xavierUniform_(tensor, 1.0);
    }

    /** {@code nn.init.xavier_uniform_(t, gain)}. */
    public static Tensor xavierUniform_(Tensor tensor, double gain) {
        long[] fans = fans(tensor);
        double std = gain * Math.sqrt(2.0 / (fans[0] + fans[1]));
        double a = Math.sqrt(3.0) * std;
        return uniform_(tensor, -a, a);
    }

    /** {@code nn.init.xavier_normal_(t)}: N(0, 2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor tensor) {
        return xavierNormal_(tensor, 1.0);
    }

    /** {@code nn.init.xavier_normal_(t, gain)}. */
    public static Tensor xavierNormal_(Tensor tensor, double gain) {
        long[] fans = fans(tensor);
        return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fans[0] + fans[1])));
    }

    /** {@code nn.init.kaiming_uniform_(t)}: a=0, mode='fan_in', nonlinearity='leaky_relu'. */
    public static Tensor kaimingUniform_(Tensor tensor) {
        return kaimingUniform_(tensor, 0, "fan_in", "leaky_relu");
    }

    /** {@code nn.init.kaiming_uniform_(t, a, mode, nonlinearity)}: U(-b, b), b = gain * sqrt(3 / fan). */
    public static Tensor kaimingUniform_(Tensor tensor, double a, String mode, String nonlinearity) {
        if (tensor.numel() == 0) {
            return tensor; // PyTorch warns "Initializing zero-element tensors is a no-op"
        }
        double std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan(tensor, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(tensor, -bound, bound);
    }

    /** {@code nn.init.kaiming_normal_(t)}: a=0, mode='fan_in', nonlinearity='leaky_relu'. */
    public static Tensor kaimingNormal_(Tensor tensor) {
        return kaimingNormal_(tensor, 0, "fan_in", "leaky_relu");
    }

    /** {@code nn.init.kaiming_normal_(t, a, mode, nonlinearity)}: N(0, gain^2 / fan). */
    public static Tensor kaimingNormal_(Tensor tensor, double a, String mode, String nonlinearity) {
        if (tensor.numel() == 0) {
            return tensor;
        }
        return normal_(tensor, 0, calculateGain(nonlinearity, a) / Math.sqrt(correctFan(tensor, mode)));
    }

    /** fan_in of a weight: size(1) times the receptive field (the product of dims 2..). */
    static long fanIn(Tensor tensor) {
        return fans(tensor)[0];
    }

    /** PyTorch's {@code _calculate_fan_in_and_fan_out}: {fan_in, fan_out}. */
    private static long[] fans(Tensor tensor) {
        if (tensor.dim() < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        }
        long receptiveField = 1;
        for (int d = 2; d < tensor.dim(); d++) {
            receptiveField *= tensor.size(d);
        }
        return new long[] {tensor.size(1) * receptiveField, tensor.size(0) * receptiveField};
    }

    private static long correctFan(Tensor tensor, String mode) {
        String m = mode.toLowerCase(java.util.Locale.ROOT);
        if (!m.equals("fan_in") && !m.equals("fan_out")) {
            throw new IllegalArgumentException("Mode " + m + " not supported, please use one of ['fan_in', 'fan_out']");
        }
        return fans(tensor)[m.equals("fan_in") ? 0 : 1];
    }
}
