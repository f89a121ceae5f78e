package org.grad4j.autograd;

/**
 * Plain-language hints for anomaly detection's nan/inf failures: the usual cause for the node
 * that produced them, found by the node's name without PyTorch's numbering (LogBackward0 -> Log).
 */
final class AnomalyHints {
    private AnomalyHints() {
    }

    static String forNode(String nodeName, String badValue) {
        String op = nodeName.replaceAll("Backward\\d*$", "");
        switch (op) {
            case "Log":
            case "Log2":
            case "Log10":
            case "Log1p":
                return "log of a non-positive number: the derivative of log(x) is 1/x, infinite at x = 0, and log of a "
                        + "negative number is nan. Keep the input positive, e.g. x.clamp(eps, ...) or x.add(eps).";
            case "Div":
            case "Reciprocal":
                return "division by zero: a divisor was 0 (or the gradient flowing in was already " + badValue
                        + "); d(a/b)/db = -a/b^2 blows up at b = 0. Add a small epsilon to the denominator.";
            case "Sqrt":
            case "Rsqrt":
                return "sqrt at 0 or of a negative number: the derivative 1/(2 sqrt(x)) is infinite at x = 0. Add a "
                        + "small epsilon inside the sqrt (e.g. for norms of vectors that can be zero).";
            case "Pow":
                return "pow with a fractional or negative exponent: its derivative is infinite at a zero base and nan for "
                        + "a negative base. Keep the base positive or add a small epsilon.";
            case "Asin":
            case "Acos":
            case "Atanh":
                return "input at or outside [-1, 1]: the derivative is infinite at |x| = 1 and nan beyond it. Clamp the "
                        + "input slightly inside the interval.";
            default:
                return "an input of this operation was outside its domain, or a value overflowed earlier in the forward "
                        + "pass (inf - inf and 0 * inf give nan). Check the forward values of this node's inputs.";
        }
    }
}
