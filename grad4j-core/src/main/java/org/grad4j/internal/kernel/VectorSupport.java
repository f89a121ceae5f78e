package org.grad4j.internal.kernel;

/**
 * Loads the optional Vector API kernels (jdk.incubator.vector) reflectively, as Lucene does: only
 * the classes it names reference the incubator module, so every other class runs on a JVM started
 * without {@code --add-modules jdk.incubator.vector}, where the caller falls back to its plain Java
 * kernel. {@code -Dgrad4j.vector=false} turns the Vector API kernels off.
 *
 * <p>Note [One vector shape]: every kernel uses one shape per lane type, the JVM's preferred one
 * (the reduce kernels' 256-bit path, for JVMs that prefer 256 bits, aside). A FloatVector op is a
 * virtual call inside the JDK's shared code (FloatVector.intoArray, fma, ...), and C2 on JDK 17
 * resolves it from that shared code's receiver profile; once a second shape (say 256-bit floats
 * next to 512-bit ones) has run through it, the profile is bimorphic, the intrinsic fails and every
 * vector of every caller compiled afterwards is boxed: measured, the MLP step's gemm micro-kernel
 * allocating 747 MB per step (6x slower) in about one JVM run in three, depending on which compile
 * came first. So floats that widen to double are loaded at the doubles' width and converted half
 * by half (convertShape parts 0 and 1), and doubles narrow into the lower half of a full-width
 * float vector (DoubleLaneMath.store). Cost, measured on JDK 17: sin 18% to 40% and sum 6% to
 * 20% slower than with half-width float vectors. For the same reason no kernel calls a method that
 * the JDK shares between lane types, such as {@code convert(op, part)} (AbstractVector's, for ints
 * and longs alike): {@code convertShape} with the species named belongs to each vector class.
 * VectorShapeTest checks the species every kernel names.
 */
final class VectorSupport {
    static final String MODULE = "jdk.incubator.vector";

    private VectorSupport() {
    }

    /**
     * A new instance of this package's class {@code simpleName}, or null when the Vector API is off
     * or unreadable.
     */
    static <T> T load(String simpleName, Class<T> type) {
        return load(simpleName, type, System.getProperty("grad4j.vector"),
                ModuleLayer.boot().findModule(MODULE).isPresent());
    }

    /** {@link #load(String, Class)} for the given property value and module presence (for tests). */
    static <T> T load(String simpleName, Class<T> type, String vectorProperty, boolean moduleReadable) {
        if ("false".equalsIgnoreCase(vectorProperty) || !moduleReadable) {
            return null;
        }
        try {
            Class<?> found = Class.forName(VectorSupport.class.getPackageName() + "." + simpleName);
            return type.cast(found.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // no usable Vector API on this JVM: the plain Java kernel does the work
            return null;
        }
    }
}
