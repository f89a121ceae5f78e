package org.grad4j.usercode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.Function;
import org.grad4j.autograd.FunctionCtx;
import org.junit.jupiter.api.Test;

/**
 * Anomaly detection seen from user code: this class sits outside grad4j's own packages (its frames
 * are not hidden), so the messages must point at the lines below. Expected wording from PyTorch 1.13:
 * {@code (x.log() * 0).sum().backward()} with x = [0, 1] fails with "Function 'LogBackward0' returned
 * nan values in its 0th output."; {@code (a / b * 0)} with b = [0, 1] requiring grad with
 * "Function 'DivBackward0' returned nan values in its 1th output."
 */
class AnomalyDetectionTest {
    /** The line number of the statement after the call, computed rather than written down. */
    private static int nextLine() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber() + 1;
    }

    private static Tensor leaf(double... values) {
        return Tensor.of(values, DType.FLOAT64).requiresGrad_();
    }

    @Test
    void nanGradientNamesTheNodeTheUsersLineAndTheLikelyCause() {
        Tensor x = leaf(0, 1);
        IllegalStateException e;
        int logLine;
        try (var anomaly = Autograd.detectAnomaly()) {
            logLine = nextLine();
            Tensor y = x.log();
            Tensor loss = y.mul(0).sum();
            e = assertThrows(IllegalStateException.class, loss::backward);
        }
        String message = e.getMessage();
        assertTrue(message.startsWith("Function 'LogBackward0' returned nan values in its 0th output."), message);
        assertTrue(message.contains("Forward call that created LogBackward0: AnomalyDetectionTest.java:" + logLine
                + " (in org.grad4j.usercode.AnomalyDetectionTest.nanGradientNamesTheNodeTheUsersLineAndTheLikelyCause)"),
                message);
        assertTrue(message.contains("log of a non-positive number"), message);
        assertFalse(message.contains("at org.grad4j.Tensor."), "grad4j frames are hidden: " + message);
        assertNull(x.grad(), "the failing pass must not have reached the leaf");
    }

    @Test
    void divisionByZeroReportsTheOutputIndexAndHint() {
        Tensor a = Tensor.of(new double[] {1, 2}, DType.FLOAT64);
        Tensor b = leaf(0, 1);
        IllegalStateException e;
        int divLine;
        try (var anomaly = Autograd.detectAnomaly()) {
            divLine = nextLine();
            Tensor q = a.div(b);
            e = assertThrows(IllegalStateException.class, () -> q.mul(0).sum().backward());
        }
        assertTrue(e.getMessage().startsWith("Function 'DivBackward0' returned nan values in its 1th output."),
                e.getMessage());
        assertTrue(e.getMessage().contains("AnomalyDetectionTest.java:" + divLine), e.getMessage());
        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    }

    @Test
    void infiniteGradientIsReportedToo() {
        Tensor x = leaf(0, 4);
        try (var anomaly = Autograd.detectAnomaly()) {
            Tensor loss = x.sqrt().sum();
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().startsWith("Function 'SqrtBackward0' returned inf values in its 0th output."),
                    e.getMessage());
        }
    }

    @Test
    void withoutAnomalyModeOrWithoutCheckNanTheNanGradientGoesThrough() {
        Tensor x = leaf(0, 1);
        x.log().mul(0).sum().backward();
        assertTrue(Double.isNaN(x.grad().toDoubleArray()[0]));
        assertFalse(Autograd.isAnomalyEnabled());

        Tensor z = leaf(0, 1);
        try (var anomaly = Autograd.detectAnomaly(false)) {
            assertTrue(Autograd.isAnomalyEnabled());
            z.log().mul(0).sum().backward();
        }
        assertTrue(Double.isNaN(z.grad().toDoubleArray()[0]));
        assertFalse(Autograd.isAnomalyEnabled());
    }

    @Test
    void aGraphRecordedBeforeAnomalyModeHasNoForwardCallToShow() {
        Tensor x = leaf(0, 1);
        Tensor loss = x.log().mul(0).sum();
        try (var anomaly = Autograd.detectAnomaly()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().contains("The forward call that created LogBackward0 was not recorded"),
                    e.getMessage());
        }
    }

    @Test
    void inPlaceErrorNamesWhereTheSavedTensorWasCreatedAndWhereItWasModified() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad_();
        IllegalStateException e;
        int expLine;
        int addLine;
        try (var anomaly = Autograd.detectAnomaly()) {
            expLine = nextLine();
            Tensor y = x.exp();
            addLine = nextLine();
            y.add_(1);
            e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        }
        String message = e.getMessage();
        // PyTorch 1.13's message in anomaly mode, up to "Good luck!".
        assertTrue(message.startsWith("one of the variables needed for gradient computation has been modified by an "
                + "inplace operation: [torch.FloatTensor [3]], which is output 0 of ExpBackward0, is at version 1; "
                + "expected version 0 instead. Hint: the backtrace further above shows the operation that failed to "
                + "compute its gradient. The variable in question was changed in there or anywhere later. Good luck!"),
                message);
        assertTrue(message.contains("created at AnomalyDetectionTest.java:" + expLine), message);
        assertTrue(message.contains("in-place operation at AnomalyDetectionTest.java:" + addLine), message);
        assertNull(x.grad());
    }

    @Test
    void inPlaceUpdateOfALeafUnderNoGradIsLocatedToo() {
        Tensor w = Tensor.of(1.0, 2.0, 3.0).requiresGrad_();
        IllegalStateException e;
        int mulLine;
        int subLine;
        try (var anomaly = Autograd.detectAnomaly()) {
            mulLine = nextLine();
            Tensor loss = w.mul(w).sum();
            try (var off = Autograd.noGrad()) {
                subLine = nextLine();
                w.sub_(1);
            }
            e = assertThrows(IllegalStateException.class, loss::backward);
        }
        // PyTorch 1.13: a leaf has no producer, so no "which is output 0 of ..." part.
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified "
                + "by an inplace operation: [torch.FloatTensor [3]] is at version 1; expected version 0 instead."),
                e.getMessage());
        assertTrue(e.getMessage().contains("saved for backward at AnomalyDetectionTest.java:" + mulLine), e.getMessage());
        assertTrue(e.getMessage().contains("in-place operation at AnomalyDetectionTest.java:" + subLine), e.getMessage());
    }

    @Test
    void outsideAnomalyModeTheInPlaceErrorKeepsPyTorchsPlainHint() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad_();
        Tensor y = x.exp();
        y.add_(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().endsWith("Hint: enable anomaly detection to find the operation that failed to compute "
                + "its gradient, with torch.autograd.set_detect_anomaly(True)."), e.getMessage());
    }

    /** A custom function whose backward returns one gradient too many (PyTorch's own check). */
    static final class Two extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            return new Tensor[] {inputs[0].mul(2)};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            return new Tensor[] {grads[0].mul(2), grads[0]};
        }
    }

    @Test
    void anyOtherFailureInBackwardCarriesTheForwardCallAsASuppressedException() {
        Tensor w = leaf(1, 2);
        IllegalStateException e;
        int applyLine;
        try (var anomaly = Autograd.detectAnomaly()) {
            applyLine = nextLine();
            Tensor out = new Two().apply(w);
            e = assertThrows(IllegalStateException.class, () -> out.sum().backward());
        }
        assertEquals("function TwoBackward returned an incorrect number of gradients (expected 1, got 2)", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        Throwable forwardCall = e.getSuppressed()[0];
        assertTrue(forwardCall.getMessage().startsWith("Error detected in TwoBackward. Traceback of forward call that "
                + "caused the error: AnomalyDetectionTest.java:" + applyLine), forwardCall.getMessage());
        boolean pointsAtTheLine = false;
        for (StackTraceElement frame : forwardCall.getStackTrace()) {
            pointsAtTheLine |= frame.getClassName().equals(AnomalyDetectionTest.class.getName())
                    && frame.getLineNumber() == applyLine;
        }
        assertTrue(pointsAtTheLine, "the suppressed exception's stack is the forward call");
    }

    @Test
    void scopesNestAndRestore() {
        try (var on = Autograd.detectAnomaly()) {
            try (var off = Autograd.setDetectAnomaly(false, true)) {
                assertFalse(Autograd.isAnomalyEnabled());
            }
            assertTrue(Autograd.isAnomalyEnabled());
        }
        assertFalse(Autograd.isAnomalyEnabled());
    }
}
