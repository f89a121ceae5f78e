package org.grad4j.internal.kernel;

/**
 * The Vector API's unary kernels: routes each op that has a vector kernel to the class that holds
 * it, and declines the rest. Loaded reflectively by VectorUnaryKernels.INSTANCE; the only classes
 * that may name jdk.incubator.vector are the ones this class routes to (see VectorSupport).
 */
final class VectorApiUnaryKernels implements VectorUnaryKernels {
    @Override
    public boolean apply(UnaryKernel op, float[] x, float[] out, int from, int to) {
        switch (op) {
            case EXP:
                VectorExpLog.exp(x, out, from, to);
                return true;
            case LOG:
                VectorExpLog.log(x, out, from, to);
                return true;
            case SIGMOID:
                VectorSigmoidTanh.sigmoid(x, out, from, to);
                return true;
            case TANH:
                VectorSigmoidTanh.tanh(x, out, from, to);
                return true;
            case SIN:
                VectorTrig.sin(x, out, from, to);
                return true;
            case COS:
                VectorTrig.cos(x, out, from, to);
                return true;
            case TAN:
                VectorTrig.tan(x, out, from, to);
                return true;
            case EXPM1:
                VectorExpm1Log1p.expm1(x, out, from, to);
                return true;
            case LOG1P:
                VectorExpm1Log1p.log1p(x, out, from, to);
                return true;
            case EXP2:
                VectorExp2Log2Log10.exp2(x, out, from, to);
                return true;
            case LOG2:
                VectorExp2Log2Log10.log2(x, out, from, to);
                return true;
            case LOG10:
                VectorExp2Log2Log10.log10(x, out, from, to);
                return true;
            default:
                return false;
        }
    }

    @Override
    public boolean apply(UnaryKernel op, double[] x, double[] out, int from, int to) {
        switch (op) {
            default:
                return false;
        }
    }
}
