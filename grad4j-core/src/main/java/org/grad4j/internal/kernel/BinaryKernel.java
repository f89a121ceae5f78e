package org.grad4j.internal.kernel;

/** Elementwise two-input primitives the dtype kernels implement (no autograd here). */
public enum BinaryKernel {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, ATAN2, HYPOT, REMAINDER, FMOD
}
