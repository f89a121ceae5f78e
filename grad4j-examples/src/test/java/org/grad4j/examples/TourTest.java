// Runs the whole tour into a temporary directory and checks its files and a few PyTorch-identical lines.
package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TourTest {
    @TempDir
    static Path outputDir;
    private static String transcript;

    @BeforeAll
    static void runTour() throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Tour.main(new String[] {outputDir.toString()});
        } finally {
            System.setOut(console);
        }
        transcript = captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesSinPlotAsPng() throws Exception {
        Path png = outputDir.resolve("sin.png");
        assertTrue(Files.size(png) > 10_000, "sin.png is too small to hold a plot");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "sin.png is not a readable PNG");
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void writesGraphDot() throws Exception {
        String dot = Files.readString(outputDir.resolve("graph.dot"));
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("PowBackward0"), dot);
    }

    /** Lines PyTorch 1.13 prints for the same cells (checked with /usr/bin/python3). */
    @Test
    void printsWhatPyTorchPrints() {
        String[] expected = {
            ">>> x.requires_grad_(True)\ntensor([0., 1., 2., 3.], requires_grad=True)\n",
            ">>> y\ntensor(28., grad_fn=<MulBackward0>)\n",
            ">>> x.grad\ntensor([ 0.,  4.,  8., 12.])\n",
            ">>> x.grad == 4 * x\ntensor([True, True, True, True])\n",
            ">>> y\ntensor(6., grad_fn=<SumBackward0>)\n",
            ">>> x.grad\ntensor([0., 2., 4., 6.])\n",
            ">>> z\ntensor([ 0.,  1.,  8., 27.], grad_fn=<MulBackward0>)\n",
            ">>> a.grad == d / a\ntensor(True)\n",
            "['DotBackward0', None]\n",
            "Trying to backward through the graph a second time",
            ">>> x.grad\ntensor([ 0.,  8., 16., 24.])\n",
            ">>> g\ntensor([ 0.,  3., 12., 27.], grad_fn=<MulBackward0>)\n",
            ">>> x.grad\ntensor([ 0.,  6., 12., 18.])\n",
            ">>> L\ntensor(9., grad_fn=<PowBackward0>)\n",
            "tensor(12.)\n",
            "tensor(6.)\n",
            ">>> x.grad[:4]\ntensor([ 0.2837,  0.1855,  0.0855, -0.0154])\n",
        };
        String normalized = transcript.replace(System.lineSeparator(), "\n");
        for (String line : expected) {
            assertTrue(normalized.contains(line), () -> "missing from the tour's output: " + line);
        }
    }
}
