package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sums over leading or middle dims (read row by row, ColumnSums) give the bits of the same sums
 * taken over the input permuted so that the reduced elements are adjacent (the run path); and sums
 * give the same bits in a JVM without the Vector API and with one thread.
 */
class ColumnSumsTest {
    @ParameterizedTest(name = "{0} over {1} keepdim={2} {3}")
    @CsvSource(delimiter = ';', value = {
        "100,37; 0; false; FLOAT32", "100,37; 0; true; FLOAT64", "40,33,9; 0,1; false; FLOAT32",
        "5,70,12; 1; false; FLOAT64", "5,70,12; -2; true; FLOAT32", "3,1,50,8; 1,2; false; FLOAT32",
        "2000,300; 0; false; FLOAT32", "6,7,8; 0,2; false; FLOAT64", "64,1; 0; false; FLOAT32",
        "33,1025; 0; false; FLOAT64"})
    void sumsOverOuterDimsMatchTheRunPath(String shape, String dims, boolean keepdim, DType dtype) {
        long[] sizes = Arrays.stream(shape.split(",")).mapToLong(Long::parseLong).toArray();
        int[] reduced = Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        Tensor.manualSeed(7);
        Tensor x = mixedMagnitudes(sizes).to(dtype);
        assertBitsEqual(runPathSum(x, reduced, keepdim), x.sum(reduced, keepdim));
        assertBitsEqual(runPathSum(x, reduced, keepdim).div(count(x, reduced)), x.mean(reduced, keepdim));
    }

    /** A contiguous view that starts past its storage's first element. */
    @Test
    void slicedInputsStartAtTheirOffset() {
        Tensor.manualSeed(3);
        Tensor x = mixedMagnitudes(60, 19).slice(0, 5, 60);
        assertBitsEqual(runPathSum(x, new int[] {0}, false), x.sum(0));
    }

    /** The same sums in a JVM without jdk.incubator.vector and with -Dgrad4j.threads=1 (the plain Java loops). */
    @Test
    void theSameBitsWithoutTheVectorApiAndOnOneThread() throws IOException, InterruptedException {
        assertEquals(Probe.sums(), runProbeWithoutModule());
    }

    private static String runProbeWithoutModule() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dgrad4j.threads=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    /** Run in the child JVM too: the raw bits of sums that take every path (blocks, runs, columns, tails). */
    static final class Probe {
        static String sums() {
            Tensor.manualSeed(11);
            Tensor doubles = mixedMagnitudes(5 * 32_768 + 1234);
            Tensor floats = doubles.to(DType.FLOAT32);
            Tensor matrix = doubles.slice(0, 0, 300 * 77).view(300, 77);
            Tensor[] results = {doubles.sum(), floats.sum(), matrix.sum(0), matrix.sum(1),
                matrix.to(DType.FLOAT32).sum(0), doubles.slice(0, 3, 100).sum()};
            return Arrays.stream(results).flatMapToDouble(t -> Arrays.stream(t.toDoubleArray()))
                    .mapToObj(v -> Long.toHexString(Double.doubleToRawLongBits(v))).collect(Collectors.joining(" "));
        }

        public static void main(String[] args) {
            System.out.println(sums());
        }
    }

    /** The sum with the reduced dims moved last and made contiguous, so that each output's elements form a run. */
    private static Tensor runPathSum(Tensor x, int[] dims, boolean keepdim) {
        int rank = x.dim();
        boolean[] isReduced = new boolean[rank];
        for (int d : dims) {
            isReduced[(d + rank) % rank] = true;
        }
        int[] order = IntStream.concat(IntStream.range(0, rank).filter(d -> !isReduced[d]),
                IntStream.range(0, rank).filter(d -> isReduced[d])).toArray();
        int kept = (int) IntStream.range(0, rank).filter(d -> !isReduced[d]).count();
        int[] last = IntStream.range(kept, rank).toArray();
        Tensor sums = x.permute(order).contiguous().sum(last, false);
        if (!keepdim) {
            return sums;
        }
        for (int d = 0; d < rank; d++) {
            if (isReduced[d]) {
                sums = sums.unsqueeze(d);
            }
        }
        return sums;
    }

    /**
     * Normal values scaled by e^(4 z): the order of the additions shows in the low bits. The exp
     * runs on FLOAT64, whose kernel is the same with and without the Vector API (FLOAT32 exp's is
     * within 1 ulp of it, not bit-identical), so that the probe JVMs sum the same data.
     */
    private static Tensor mixedMagnitudes(long... shape) {
        Tensor scale = Tensor.randn(shape).to(DType.FLOAT64).mul(4.0).exp();
        return Tensor.randn(shape).to(DType.FLOAT64).mul(scale.to(DType.FLOAT64));
    }

    private static double count(Tensor x, int[] dims) {
        double n = 1;
        for (int d : dims) {
            n *= x.shape()[(d + x.dim()) % x.dim()];
        }
        return n;
    }

    private static void assertBitsEqual(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(bits(expected), bits(actual));
    }

    private static long[] bits(Tensor t) {
        return Arrays.stream(t.toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
