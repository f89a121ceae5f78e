package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Each FLOAT32 kernel file must be exactly what the generator makes of its FLOAT64 source. */
class GeneratedKernelsTest {
    @ParameterizedTest
    @FieldSource("org.grad4j.internal.kernel.KernelSourceGenerator#SOURCES")
    void floatKernelsAreGeneratedFromDoubleKernels(String source) throws IOException {
        String expected = KernelSourceGenerator.generate(source, Files.readString(KernelSourceGenerator.sourcePath(source)));
        assertEquals(expected, Files.readString(KernelSourceGenerator.target(source)),
                KernelSourceGenerator.target(source).getFileName() + " is stale: run KernelSourceGenerator.main from grad4j-core");
    }
}
