// Runs TwoModes at small sizes: both modes must give the same Jacobian, and the Hessian must be symmetric.
package org.grad4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

class TwoModesTest {
    @Test
    void forwardAndReverseModeGiveTheSameJacobian() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<TwoModes.JacobianRow> rows = TwoModes.jacobianTable(out, List.of(new int[] {12, 3}, new int[] {3, 12}), 1);
        assertEquals(2, rows.size());
        for (TwoModes.JacobianRow row : rows) {
            assertArrayEquals(new long[] {row.m(), row.n()}, row.forward().shape());
            assertArrayEquals(row.reverse().toDoubleArray(), row.forward().toDoubleArray(), 1e-12);
            // The Jacobian W2 diag(1 - tanh^2(W1 x)) W1 is not zero.
            assertTrue(row.reverse().abs().sum().item() > 0);
        }
        String table = captured.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("forward ms") && table.contains("reverse ms"), table);
    }

    @Test
    void derivativeCostTableComputesASymmetricHessian() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Tensor h = TwoModes.derivativeCostTable(new PrintStream(captured, true, StandardCharsets.UTF_8), 6, 1);
        assertArrayEquals(new long[] {6, 6}, h.shape());
        assertArrayEquals(h.t().contiguous().toDoubleArray(), h.toDoubleArray(), 1e-12);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("full Hessian"));
    }
}
