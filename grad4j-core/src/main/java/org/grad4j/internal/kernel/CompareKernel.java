package org.grad4j.internal.kernel;

/** Elementwise comparisons; their results are always BOOL. */
public enum CompareKernel {
    EQ, NE, GT, GE, LT, LE
}
