package org.grad4j.internal.kernel;

/** Elementwise one-input primitives the dtype kernels implement (no autograd here). */
public enum UnaryKernel {
    NEG, EXP, LOG, SIN, COS, TANH, SIGMOID, RELU, ABS, SQRT, SIGN,
    RECIPROCAL, RSQRT, EXP2, EXPM1, LOG1P, LOG2, LOG10, TAN, ASIN, ACOS, ATAN, SINH, COSH, ASINH, ACOSH, ATANH,
    ERF, ERFC, FLOOR, CEIL, ROUND, TRUNC, FRAC
}
