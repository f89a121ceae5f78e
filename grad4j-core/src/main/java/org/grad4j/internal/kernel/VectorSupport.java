package org.grad4j.internal.kernel;

/**
 * Loads the optional Vector API kernels (jdk.incubator.vector) reflectively, as Lucene does: only
 * the classes it names reference the incubator module, so every other class runs on a JVM started
 * without {@code --add-modules jdk.incubator.vector}, where the caller falls back to its plain Java
 * kernel. {@code -Dgrad4j.vector=false} turns the Vector API kernels off.
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
