package org.grad4j.autograd;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.grad4j.Tensor;

/**
 * Picks the user's own frames out of a captured forward call, for anomaly detection's messages:
 * grad4j's frames (classes under {@code org.grad4j} loaded from grad4j's own jar or class folder)
 * and the JDK's are hidden, so the first frame left is the line that called the op.
 */
final class UserFrames {
    private static final int MAX_FRAMES = 8;
    private static final URL LIBRARY_LOCATION = locationOf(Tensor.class);
    private static final Map<String, Boolean> LIBRARY_CLASSES = new ConcurrentHashMap<>();

    private UserFrames() {
    }

    /** "File.java:42 (in com.acme.Model.forward)", or a note that the call was not recorded. */
    static String firstUserFrame(Throwable trace) {
        List<StackTraceElement> frames = userFrames(trace);
        if (frames.isEmpty()) {
            return "unknown (no frame outside grad4j)";
        }
        StackTraceElement top = frames.get(0);
        return top.getFileName() + ":" + top.getLineNumber() + " (in " + top.getClassName() + "." + top.getMethodName() + ")";
    }

    /** The forward call that created {@code node}: its first user frame prominently, then the rest. */
    static String describeForwardCall(Node node) {
        if (node.forwardTrace == null) {
            return "The forward call that created " + node.name() + " was not recorded: run the forward pass inside "
                    + "Autograd.detectAnomaly() too.";
        }
        return "Forward call that created " + node.name() + ": " + firstUserFrame(node.forwardTrace) + "\n"
                + "Traceback of that forward call (grad4j frames hidden):" + traceback(node.forwardTrace);
    }

    static String traceback(Throwable trace) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement frame : userFrames(trace)) {
            out.append("\n    at ").append(frame);
        }
        return out.toString();
    }

    static List<StackTraceElement> userFrames(Throwable trace) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackTraceElement frame : trace.getStackTrace()) {
            if (!isLibraryOrJdk(frame.getClassName())) {
                frames.add(frame);
                if (frames.size() == MAX_FRAMES) {
                    break;
                }
            }
        }
        return frames;
    }

    private static boolean isLibraryOrJdk(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.")) {
            return true;
        }
        return className.startsWith("org.grad4j.") && LIBRARY_CLASSES.computeIfAbsent(className, UserFrames::fromLibrary);
    }

    /** A class under org.grad4j is user code when it comes from elsewhere than grad4j itself (tests, examples). */
    private static boolean fromLibrary(String className) {
        try {
            URL location = locationOf(Class.forName(className, false, UserFrames.class.getClassLoader()));
            return location == null || LIBRARY_LOCATION == null || location.equals(LIBRARY_LOCATION);
        } catch (ClassNotFoundException | LinkageError e) {
            return true;
        }
    }

    private static URL locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
