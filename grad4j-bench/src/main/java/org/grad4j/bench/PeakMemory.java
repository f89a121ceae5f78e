// PeakMemory: peak resident memory of forward + backward through a deep tanh network (not a JMH benchmark).
package org.grad4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.grad4j.Tensor;

/**
 * Runs forward and backward through {@value #LAYERS} layers of {@code tanh(h W)} with 512 x 512
 * weights and a batch of 512 (FLOAT32), {@value #ROUNDS} times, then prints the process's peak
 * resident set size (VmHWM in /proc/self/status) as one JSON line. Run it in a fresh JVM per
 * measurement, as compare.sh does; its PyTorch twin is {@code pytorch/peak_memory.py}.
 */
public final class PeakMemory {
    static final int LAYERS = 50;
    static final int WIDTH = 512;
    static final int BATCH = 512;
    static final int ROUNDS = 2;

    private PeakMemory() {
    }

    public static void main(String[] args) throws IOException {
        Tensor.manualSeed(0);
        Tensor[] weights = new Tensor[LAYERS];
        for (int i = 0; i < LAYERS; i++) {
            weights[i] = Tensor.randn(WIDTH, WIDTH).mul(1 / Math.sqrt(WIDTH)).requiresGrad_();
        }
        Tensor input = Tensor.randn(BATCH, WIDTH);
        double checksum = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Tensor h = input;
            for (Tensor w : weights) {
                h = h.mm(w).tanh();
            }
            Tensor loss = h.sum();
            loss.backward();
            checksum += loss.item();
        }
        System.out.printf("{\"work\": \"peak_rss_deep_tanh\", \"unit\": \"MiB\", \"value\": %.1f, \"checksum\": %.6g}%n",
                peakResidentKib() / 1024.0, checksum);
    }

    /** VmHWM: the most memory this process has had resident, in KiB. */
    static long peakResidentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }
}
