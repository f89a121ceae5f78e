package org.grad4j.internal.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes FloatKernels.java from the hand-written DoubleKernels.java by text substitution (EJML's
 * way): one source of truth for both floating dtypes. Run {@code main} from grad4j-core after
 * editing DoubleKernels; GeneratedKernelsTest fails while the generated file is stale.
 */
public final class KernelSourceGenerator {
    static final Path KERNEL_DIR = Path.of("src/main/java/org/grad4j/internal/kernel");
    static final Path SOURCE = KERNEL_DIR.resolve("DoubleKernels.java");
    static final Path TARGET = KERNEL_DIR.resolve("FloatKernels.java");

    private KernelSourceGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(TARGET, generate(Files.readString(SOURCE)));
    }

    static String generate(String doubleSource) {
        int docStart = doubleSource.indexOf("/**");
        int docEnd = doubleSource.indexOf("*/", docStart) + 2;
        String header = "/**\n * FLOAT32 kernels. GENERATED from DoubleKernels.java by KernelSourceGenerator (tests):"
                + "\n * do not edit; edit DoubleKernels.java and regenerate.\n */";
        String body = doubleSource.substring(docEnd)
                .replace("DoubleKernels", "FloatKernels")
                .replace("double", "float")
                .replace("Double", "Float");
        return doubleSource.substring(0, docStart) + header + body;
    }
}
