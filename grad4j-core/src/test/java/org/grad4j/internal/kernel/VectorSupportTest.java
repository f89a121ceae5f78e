package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which gemm micro-kernel runs: the Vector API one when jdk.incubator.vector is readable (surefire
 * adds it), the plain Java one when {@code -Dgrad4j.vector=false} or the module is missing.
 */
class VectorSupportTest {
    @Test
    void vectorKernelsLoadWhenTheModuleIsReadable() {
        assertInstanceOf(DoubleVectorMicroKernel.class, DoubleGemm.VECTOR_KERNEL);
        assertInstanceOf(FloatVectorMicroKernel.class, FloatGemm.VECTOR_KERNEL);
    }

    @Test
    void disabledByTheProperty() {
        assertNull(VectorSupport.load("DoubleVectorMicroKernel", DoubleGemm.MicroKernel.class, "false", true));
        assertNull(VectorSupport.load("FloatVectorMicroKernel", FloatGemm.MicroKernel.class, "FALSE", true));
    }

    @Test
    void absentWithoutTheModuleOrTheClass() {
        assertNull(VectorSupport.load("DoubleVectorMicroKernel", DoubleGemm.MicroKernel.class, null, false));
        assertNull(VectorSupport.load("NoSuchKernel", DoubleGemm.MicroKernel.class, null, true));
    }

    @Test
    void enabledUnlessTheProperty() {
        assertInstanceOf(DoubleVectorMicroKernel.class,
                VectorSupport.load("DoubleVectorMicroKernel", DoubleGemm.MicroKernel.class, "true", true));
    }

    /** A JVM started without --add-modules: the classes load and multiply with the plain Java kernel. */
    @Test
    void aJvmWithoutTheModuleFallsBack() throws IOException, InterruptedException {
        assertEquals("vector=false float=[19.0, 22.0, 43.0, 50.0]", runWithoutModule());
    }

    private static String runWithoutModule() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FallbackProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    /** Run in the child JVM: reports whether a Vector API kernel loaded and multiplies [[1,2],[3,4]] [[5,6],[7,8]]. */
    static final class FallbackProbe {
        public static void main(String[] args) {
            float[] a = {1, 2, 3, 4};
            float[] b = {5, 6, 7, 8};
            float[] c = new float[4];
            FloatGemm.gemm(2, 2, 2, a, 0, 2, 1, b, 0, 2, 1, c, 0, 2);
            System.out.println("vector=" + (FloatGemm.VECTOR_KERNEL != null || DoubleGemm.VECTOR_KERNEL != null)
                    + " float=" + java.util.Arrays.toString(c));
        }
    }
}
