package org.grad4j;

/**
 * Element types of a {@link Tensor}, named as in PyTorch. {@code FLOAT32} is the default
 * floating type, as {@code torch.get_default_dtype()} is {@code torch.float32}.
 */
public enum DType {
    FLOAT32("torch.float32", "Float", 4),
    FLOAT64("torch.float64", "Double", 8),
    INT64("torch.int64", "Long", 8),
    BOOL("torch.bool", "Bool", 1);

    private final String torchName;
    private final String scalarTypeName;
    private final int itemSize;

    DType(String torchName, String scalarTypeName, int itemSize) {
        this.torchName = torchName;
        this.scalarTypeName = scalarTypeName;
        this.itemSize = itemSize;
    }

    /** ATen's ScalarType name, as PyTorch's error messages spell it: {@code Float}, {@code Double}, {@code Long}, {@code Bool}. */
    public String scalarTypeName() {
        return scalarTypeName;
    }

    /** PyTorch's spelling, e.g. {@code torch.float64}, as printed in a tensor's repr. */
    public String torchName() {
        return torchName;
    }

    /** Bytes per element, as {@code tensor.element_size()}. */
    public int itemSize() {
        return itemSize;
    }

    /** True for FLOAT32 and FLOAT64: the only dtypes that can require gradients. */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * The result type of a binary op between two tensors of these types (PyTorch's
     * {@code torch.promote_types}): bool &lt; int64 &lt; float32 &lt; float64.
     */
    public static DType promote(DType a, DType b) {
        return a.ordinalRank() >= b.ordinalRank() ? a : b;
    }

    private int ordinalRank() {
        switch (this) {
            case BOOL: return 0;
            case INT64: return 1;
            case FLOAT32: return 2;
            default: return 3;
        }
    }
}
