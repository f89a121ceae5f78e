package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * Note [One vector shape] in VectorSupport: every species a Vector API kernel names has the JVM's
 * preferred shape, so no second shape of a lane type runs through the JDK's shared vector code.
 * The one exception is the reduce kernels' pair of paths, each with one shape of its own (the
 * 256-bit one runs only where the JVM prefers 256 bits, and in the parity tests).
 */
class VectorShapeTest {
    private static final List<Class<?>> KERNELS = List.of(VectorExpLog.class, DoubleLaneMath.class,
            VectorTrig.class, VectorDoubleLaneKernels.class, FloatVectorMicroKernel.class,
            DoubleVectorMicroKernel.class, VectorApiUnaryKernels.class, VectorApiReduceKernels.class);
    /** VectorApiReduceKernels' fixed-width paths: field name to the width it must have. */
    private static final Map<String, Integer> REDUCE_PATHS =
            Map.of("WIDE", 512, "WIDE_FLOATS", 512, "NARROW", 256, "NARROW_FLOATS", 256);

    @Test
    void everyKernelSpeciesHasThePreferredShape() throws IllegalAccessException {
        List<String> checked = new ArrayList<>();
        for (Class<?> kernel : KERNELS) {
            for (Field field : kernel.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) || field.getType() != VectorSpecies.class) {
                    continue;
                }
                field.setAccessible(true);
                VectorSpecies<?> species = (VectorSpecies<?>) field.get(null);
                String name = kernel.getSimpleName() + "." + field.getName();
                if (kernel == VectorApiReduceKernels.class && REDUCE_PATHS.containsKey(field.getName())) {
                    assertEquals(REDUCE_PATHS.get(field.getName()), species.vectorBitSize(), name);
                } else {
                    assertEquals(VectorShape.preferredShape(), species.vectorShape(), name);
                }
                checked.add(name);
            }
        }
        assertFalse(checked.isEmpty(), "no species field found");
    }
}
