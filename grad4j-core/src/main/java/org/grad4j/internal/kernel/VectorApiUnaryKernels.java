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
            case SIN:
                VectorTrig.sin(x, out, from, to);
                return true;
            case COS:
                VectorTrig.cos(x, out, from, to);
                return true;
            case TAN:
                VectorTrig.tan(x, out, from, to);
                return true;
            case SIGMOID:
            case TANH:
            case EXPM1:
            case LOG1P:
            case EXP2:
            case LOG2:
            case LOG10:
                VectorDoubleLaneKernels.apply(op, x, out, from, to);
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
