package org.grad4j.internal.kernel;

/** Elementwise one-input primitives the dtype kernels implement (no autograd here). */
public enum UnaryKernel {
    NEG, EXP, LOG, SIN, COS, TANH, SIGMOID, RELU, ABS, SQRT, SIGN
}
