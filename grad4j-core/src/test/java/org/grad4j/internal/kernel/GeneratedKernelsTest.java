package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** FloatKernels must be exactly what the generator makes of DoubleKernels. */
class GeneratedKernelsTest {
    @Test
    void floatKernelsAreGeneratedFromDoubleKernels() throws IOException {
        String expected = KernelSourceGenerator.generate(Files.readString(KernelSourceGenerator.SOURCE));
        assertEquals(expected, Files.readString(KernelSourceGenerator.TARGET),
                "FloatKernels.java is stale: run KernelSourceGenerator.main from grad4j-core");
    }
}
