package org.grad4j.internal.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the FLOAT32 kernels from the hand-written FLOAT64 ones by text substitution (EJML's way):
 * FloatKernels.java from DoubleKernels.java, FloatGemm.java from DoubleGemm.java, FloatVectorMicroKernel.java
 * from DoubleVectorMicroKernel.java; one source of
 * truth for both floating dtypes. Run {@code main} from grad4j-core after editing a source;
 * GeneratedKernelsTest fails while a generated file is stale.
 */
public final class KernelSourceGenerator {
    static final Path KERNEL_DIR = Path.of("src/main/java/org/grad4j/internal/kernel");
    /** The hand-written sources; each generates the class named with Float for Double. */
    static final List<String> SOURCES = List.of("DoubleKernels", "DoubleGemm", "DoubleVectorMicroKernel");

    private KernelSourceGenerator() {
    }

    public static void main(String[] args) throws IOException {
        for (String source : SOURCES) {
            Files.writeString(target(source), generate(source, Files.readString(sourcePath(source))));
        }
    }

    static Path sourcePath(String source) {
        return KERNEL_DIR.resolve(source + ".java");
    }

    static Path target(String source) {
        return KERNEL_DIR.resolve(source.replace("Double", "Float") + ".java");
    }

    static String generate(String sourceName, String doubleSource) {
        int docStart = doubleSource.indexOf("/**");
        int docEnd = doubleSource.indexOf("*/", docStart) + 2;
        String header = "/**\n * FLOAT32 kernels. GENERATED from " + sourceName + ".java by KernelSourceGenerator (tests):"
                + "\n * do not edit; edit " + sourceName + ".java and regenerate.\n */";
        // the imports too: jdk.incubator.vector.DoubleVector becomes FloatVector
        return toFloat(doubleSource.substring(0, docStart)) + header + toFloat(doubleSource.substring(docEnd));
    }

    private static String toFloat(String doubleSource) {
        return doubleSource.replace("double", "float").replace("Double", "Float");
    }
}
