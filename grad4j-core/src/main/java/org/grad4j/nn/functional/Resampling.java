package org.grad4j.nn.functional;

import static org.grad4j.nn.functional.Arguments.requireFloating;

import java.util.Arrays;
import org.grad4j.NeuralNetOps;
import org.grad4j.Tensor;
import org.grad4j.internal.tensor.Shapes;

/**
 * pad (constant, reflect, replicate) and interpolate (nearest, bilinear): PyTorch's argument checks
 * (F.pad, F.interpolate and the ATen kernels behind them), then the padding and upsampling primitives.
 */
final class Resampling {
    private Resampling() {
    }

    static Tensor pad(Tensor input, long[] pad, String mode, Double value) {
        if (pad.length % 2 != 0) {
            throw new IllegalArgumentException("Padding length must be divisible by 2");
        }
        if (pad.length / 2 > input.dim()) {
            throw new IllegalArgumentException("Padding length too large");
        }
        switch (mode) {
            case "constant":
                for (int i = 0; i < pad.length / 2; i++) {
                    int d = input.dim() - 1 - i;
                    long size = input.size(d) + pad[2 * i] + pad[2 * i + 1];
                    if (size < 0) {
                        throw new IllegalArgumentException("The input size " + input.size(d) + ", plus negative padding "
                                + pad[2 * i] + " and " + pad[2 * i + 1] + " resulted in a negative output size, which is "
                                + "invalid. Check dimension " + d + " of your input.");
                    }
                }
                return NeuralNetOps.constantPad(input, pad, value == null ? 0.0 : value);
            case "reflect":
            case "replicate":
                break;
            case "circular":
                throw new UnsupportedOperationException("grad4j: F.pad mode \"circular\" is not supported yet");
            default:
                throw new IllegalArgumentException("Unrecognised padding mode " + mode);
        }
        if (value != null && value != 0) {
            throw new IllegalArgumentException("Padding mode \"" + mode + "\" doesn't take in value argument");
        }
        boolean oneD = pad.length == 2 && (input.dim() == 2 || input.dim() == 3);
        boolean twoD = pad.length == 4 && (input.dim() == 3 || input.dim() == 4);
        if (!oneD && !twoD) {
            throw new IllegalArgumentException("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
        }
        requireFloating(input, (mode.equals("reflect") ? "reflection_pad" : "replication_pad") + pad.length / 2 + "d"
                + (mode.equals("reflect") ? "" : "_cpu"));
        if (mode.equals("reflect")) {
            checkReflection(input, pad[0], pad[1], input.dim() - 1, 4, oneD);
            if (twoD) {
                checkReflection(input, pad[2], pad[3], input.dim() - 2, 6, false);
            }
        } else if (input.size(-1) + pad[0] + pad[1] < 1 || (twoD && input.size(-2) + pad[2] + pad[3] < 1)) {
            throw new IllegalArgumentException("input (H: " + input.size(-2) + ", W: " + input.size(-1)
                    + ") is too small. Calculated output H: " + (input.size(-2) + (twoD ? pad[2] + pad[3] : 0))
                    + " W: " + (input.size(-1) + pad[0] + pad[1]));
        }
        return NeuralNetOps.reflectionOrReplicationPad(input, pad, mode.equals("reflect"));
    }

    /** ATen's reflection-pad bound: each side smaller than the padded dim (the message names the whole input for 1-d pads, its rank for 2-d). */
    static void checkReflection(Tensor input, long before, long after, int dim, int argument,
                                  boolean describeShape) {
        if (before >= input.size(dim) || after >= input.size(dim)) {
            throw new IllegalArgumentException("Argument #" + argument + ": Padding size should be less than the "
                    + "corresponding input dimension, but got: padding (" + before + ", " + after + ") at dimension "
                    + dim + " of input " + (describeShape ? Shapes.format(input.shape()) : String.valueOf(input.dim())));
        }
    }

    static Tensor interpolate(Tensor input, long[] size, double[] scaleFactor, String mode,
                              Boolean alignCorners) {
        boolean interpolating = mode.equals("linear") || mode.equals("bilinear") || mode.equals("bicubic")
                || mode.equals("trilinear");
        if (!interpolating && alignCorners != null) {
            throw new IllegalArgumentException("align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | bicubic | trilinear");
        }
        int spatial = input.dim() - 2;
        String spatialShape = Shapes.format(Arrays.copyOfRange(input.shape(), Math.min(2, input.dim()), input.dim()));
        long[] outputSize;
        double[] scales = null;
        if (size != null && scaleFactor != null) {
            throw new IllegalArgumentException("only one of size or scale_factor should be defined");
        } else if (size != null) {
            if (size.length != 1 && size.length != spatial) {
                throw new IllegalArgumentException("Input and output must have the same number of spatial dimensions, "
                        + "but got input with spatial dimensions of " + spatialShape + " and output size of "
                        + Shapes.format(size) + ". Please "
                        + "provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) "
                        + "format.");
            }
            outputSize = new long[Math.max(spatial, 0)];
            for (int i = 0; i < outputSize.length; i++) {
                outputSize[i] = size.length == 1 ? size[0] : size[i];
            }
        } else if (scaleFactor != null) {
            if (scaleFactor.length != 1 && scaleFactor.length != spatial) {
                throw new IllegalArgumentException("Input and scale_factor must have the same number of spatial "
                        + "dimensions, but got input with spatial dimensions of " + spatialShape + " and scale_factor of "
                        + "shape " + "[" + String.join(", ", Arrays.stream(scaleFactor).mapToObj(Arguments::number).toArray(String[]::new)) + "]"
                        + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in "
                        + "(s1, s2, ...,sK) format.");
            }
            scales = new double[Math.max(spatial, 0)];
            outputSize = new long[scales.length];
            for (int i = 0; i < scales.length; i++) {
                scales[i] = scaleFactor.length == 1 ? scaleFactor[0] : scaleFactor[i];
                outputSize[i] = (long) Math.floor(input.size(2 + i) * scales[i]);
            }
        } else {
            throw new IllegalArgumentException("either size or scale_factor should be defined");
        }
        boolean nearest = mode.equals("nearest") && (spatial == 1 || spatial == 2);
        boolean bilinear = mode.equals("bilinear") && spatial == 2;
        if (!nearest && !bilinear) {
            if (mode.equals("bilinear") && spatial == 1) {
                throw new IllegalArgumentException("Got 3D input, but bilinear mode needs 4D input");
            }
            if ((spatial >= 1 && spatial <= 3) && (interpolating || mode.equals("nearest") || mode.equals("area")
                    || mode.equals("nearest-exact"))) {
                throw new UnsupportedOperationException("grad4j: interpolate mode \"" + mode + "\" of a "
                        + input.dim() + "D input is not supported yet");
            }
            throw new IllegalArgumentException("Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                    + input.dim() + "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | "
                    + "nearest-exact (got " + mode + ")");
        }
        String[] names = spatial == 1 ? new String[] {"W"} : new String[] {"H", "W"};
        if (Arrays.stream(outputSize).anyMatch(o -> o <= 0)) {
            StringBuilder in = new StringBuilder();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < spatial; i++) {
                in.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(input.size(2 + i));
                out.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(outputSize[i]);
            }
            throw new IllegalArgumentException("Input and output sizes should be greater than 0, but got input (" + in
                    + ") output (" + out + ")");
        }
        requireFloating(input, nearest ? "compute_indices_weights_nearest" : "compute_indices_weights_linear");
        return nearest ? NeuralNetOps.upsampleNearest(input, outputSize, scales)
                : NeuralNetOps.upsampleBilinear2d(input, outputSize, alignCorners != null && alignCorners, scales);
    }
}
