package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.grad4j.Tensor;

/**
 * Runs a backward pass over the recorded graph, without recursion (PyTorch's engine.cpp in
 * miniature):
 * <ol>
 * <li>walk the graph from the roots, counting for each node how many edges point at it, and, when
 *     only some inputs' gradients are wanted ({@link Autograd#grad}), marking the nodes that lead
 *     to them;</li>
 * <li>check every saved tensor the pass will unpack, so a freed or modified graph fails before
 *     anything changes;</li>
 * <li>run nodes from a ready queue (latest created first) once all their consumers have run,
 *     summing incoming gradients in one buffer per node.</li>
 * </ol>
 * Rules run with grad mode set to {@code createGraph}, so a pass with createGraph records itself.
 */
final class Engine {
    private static final AtomicLong RUN_IDS = new AtomicLong();
    /** How many passes this thread is inside; a pass started within another is nested (see Note [Reentrant passes]). */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** The innermost pass running on this thread, or null: lets a rule ask what kind of pass runs it. */
    private static final ThreadLocal<Engine> CURRENT = new ThreadLocal<>();

    /** A node's engine scratch fields as an enclosing pass left them. */
    private record Scratch(Node node, long visitedInRun, int pendingDependencies, Tensor[] inputBuffer, boolean needed) {
    }

    /** Where Autograd.grad wants a gradient: forward output {@code outputNr} of {@code node}. */
    record Target(Node node, int outputNr) {
    }

    private final long runId = RUN_IDS.incrementAndGet();
    private final boolean retainGraph;
    private final boolean createGraph;
    private final List<Target> targets;
    private final Map<Node, List<Integer>> targetSlots;
    private final Tensor[] captured;
    private final List<Node> visited = new ArrayList<>();
    /**
     * Note [Reentrant passes]: a pass can start while another runs on the same thread (forward AD
     * differentiates a backward rule, checkpointing recomputes inside backward) and reach nodes of
     * the outer pass, whose counters and buffers live on the nodes. A nested pass keeps what it
     * overwrites here and puts it back when it ends; the outermost pass pays nothing.
     */
    private final List<Scratch> overwritten;

    private Engine(boolean retainGraph, boolean createGraph, List<Target> targets) {
        this.overwritten = DEPTH.get()[0] > 0 ? new ArrayList<>() : null;
        this.retainGraph = retainGraph;
        this.createGraph = createGraph;
        this.targets = targets;
        if (targets == null) {
            targetSlots = null;
            captured = null;
        } else {
            targetSlots = new IdentityHashMap<>();
            for (int i = 0; i < targets.size(); i++) {
                targetSlots.computeIfAbsent(targets.get(i).node(), k -> new ArrayList<>()).add(i);
            }
            captured = new Tensor[targets.size()];
        }
    }

    /** Backpropagates into leaves' {@code .grad} (tensor.backward()). */
    static void backward(Node[] roots, int[] rootNrs, Tensor[] rootGrads, boolean retainGraph, boolean createGraph) {
        new Engine(retainGraph, createGraph, null).execute(roots, rootNrs, rootGrads);
    }

    /** Returns the gradients flowing into the targets, leaving every {@code .grad} untouched (autograd.grad). */
    static Tensor[] grad(Node[] roots, int[] rootNrs, Tensor[] rootGrads, List<Target> targets, boolean retainGraph,
                         boolean createGraph) {
        Engine engine = new Engine(retainGraph, createGraph, targets);
        engine.execute(roots, rootNrs, rootGrads);
        return engine.captured;
    }

    private void execute(Node[] roots, int[] rootNrs, Tensor[] rootGrads) {
        boolean previousMode = GradMode.set(createGraph);
        int[] depth = DEPTH.get();
        depth[0]++;
        Engine enclosing = CURRENT.get();
        CURRENT.set(this);
        try {
            for (Node root : roots) {
                if (targetSlots == null) {
                    countDependencies(root);
                } else {
                    discover(root);
                }
            }
            if (targetSlots != null) {
                checkSavedTensors();
            }
            PriorityQueue<Node> ready = new PriorityQueue<>((a, b) -> Long.compare(b.sequenceNr, a.sequenceNr));
            for (int i = 0; i < roots.length; i++) {
                addToBuffer(roots[i], rootNrs[i], rootGrads[i]);
            }
            for (Node root : roots) {
                if (root.pendingDependencies == 0 && !ready.contains(root)) {
                    ready.add(root);
                }
            }
            while (!ready.isEmpty()) {
                run(ready.poll(), ready);
            }
        } finally {
            depth[0]--;
            CURRENT.set(enclosing);
            GradMode.set(previousMode);
            // Nodes that never ran drop their buffered gradients. In a full backward every node runs
            // (and clears its own buffer) unless a rule threw; then the next pass resets them on entry.
            for (Node n : visited) {
                n.inputBuffer = null;
            }
            if (overwritten != null) {
                for (int i = overwritten.size() - 1; i >= 0; i--) {
                    Scratch old = overwritten.get(i);
                    old.node().visitedInRun = old.visitedInRun();
                    old.node().pendingDependencies = old.pendingDependencies();
                    old.node().inputBuffer = old.inputBuffer();
                    old.node().neededInRun = old.needed();
                }
            }
        }
    }

    /** True when the innermost pass on this thread computes gradients for chosen inputs only (Autograd.grad). */
    static boolean runningPartialPass() {
        Engine current = CURRENT.get();
        return current != null && current.targetSlots != null;
    }

    private void keepScratch(Node node) {
        if (overwritten != null) {
            overwritten.add(new Scratch(node, node.visitedInRun, node.pendingDependencies, node.inputBuffer, node.neededInRun));
        }
    }

    /**
     * For backward(): counts the edges pointing at each node and checks its saved tensors, so a
     * freed or modified graph fails before anything changes. Every reachable node is needed, so
     * the walk order does not matter: a worklist keeps it flat even for very long chains.
     */
    private void countDependencies(Node root) {
        if (root.visitedInRun == runId) {
            return;
        }
        Node[] work = new Node[16];
        int size = 0;
        enterForBackward(root);
        work[size++] = root;
        while (size > 0) {
            Node node = work[--size];
            work[size] = null;
            for (Node child : node.nextNodes) {
                if (child == null) {
                    continue;
                }
                if (child.visitedInRun != runId) {
                    enterForBackward(child);
                    if (size == work.length) {
                        work = Arrays.copyOf(work, size * 2);
                    }
                    work[size++] = child;
                }
                child.pendingDependencies++;
            }
        }
    }

    private void enterForBackward(Node node) {
        keepScratch(node);
        node.visitedInRun = runId;
        node.pendingDependencies = 0;
        node.inputBuffer = null;
        node.neededInRun = true;
        checkSaved(node);
    }

    /** For autograd.grad: counts dependencies and marks the nodes that lead to a target, in one iterative post-order walk. */
    private void discover(Node root) {
        if (root.visitedInRun == runId) {
            return;
        }
        enter(root);
        Node[] stack = new Node[64];
        int[] nextChild = new int[64];
        int top = 0;
        stack[0] = root;
        while (top >= 0) {
            Node node = stack[top];
            int childIndex = nextChild[top];
            if (childIndex < node.nextNodes.length) {
                nextChild[top] = childIndex + 1;
                Node child = node.nextNodes[childIndex];
                if (child == null) {
                    continue;
                }
                if (child.visitedInRun != runId) {
                    enter(child);
                    if (++top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                        nextChild = Arrays.copyOf(nextChild, top * 2);
                    }
                    stack[top] = child;
                    nextChild[top] = 0;
                }
                child.pendingDependencies++;
            } else {
                stack[top--] = null;
                node.neededInRun = targetSlots == null || targetSlots.containsKey(node) || leadsToTarget(node);
            }
        }
    }

    private void enter(Node node) {
        keepScratch(node);
        node.visitedInRun = runId;
        node.pendingDependencies = 0;
        node.inputBuffer = null;
        node.neededInRun = false;
        visited.add(node);
    }

    private static boolean leadsToTarget(Node node) {
        for (Node child : node.nextNodes) {
            if (child != null && child.neededInRun) {
                return true;
            }
        }
        return false;
    }

    private void checkSavedTensors() {
        for (Node node : visited) {
            if (node.neededInRun && (targetSlots == null || leadsToTarget(node))) {
                checkSaved(node);
            }
        }
    }

    private void run(Node node, PriorityQueue<Node> ready) {
        Tensor[] grads = node.inputBuffer != null ? node.inputBuffer : new Tensor[node.numOutputs()];
        node.inputBuffer = null;
        boolean anyGradient = false;
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] != null) {
                grads[i] = node.runPreHooks(i, grads[i]);
                anyGradient = true;
            }
        }
        if (targetSlots != null) {
            capture(node, grads);
        }
        if (node instanceof AccumulateGrad) {
            if (targetSlots == null && grads[0] != null) {
                ((AccumulateGrad) node).accumulate(grads[0], createGraph);
            }
            return;
        }
        boolean executes = targetSlots == null || leadsToTarget(node);
        if (!executes) {
            return;
        }
        // A node that no gradient reached still releases its consumers, or they would wait forever.
        Tensor[] inputGrads = anyGradient ? applyRule(node, grads) : new Tensor[0];
        if (!retainGraph) {
            node.releaseSaved();
        }
        for (int i = 0; i < node.nextNodes.length; i++) {
            Node child = node.nextNodes[i];
            if (child == null) {
                continue;
            }
            Tensor g = i < inputGrads.length ? inputGrads[i] : null;
            if (g != null) {
                addToBuffer(child, node.nextInputNrs[i], conform(node, i, g));
            }
            child.pendingDependencies--;
            if (child.pendingDependencies == 0 && child.neededInRun) {
                ready.add(child);
            }
        }
    }

    /** Runs a node's rule; in anomaly mode, checks its result and ties a failure to the forward call (Note [Anomaly mode]). */
    private static Tensor[] applyRule(Node node, Tensor[] grads) {
        if (!AnomalyMode.isEnabled()) {
            return node.apply(grads);
        }
        Tensor[] result;
        try {
            result = node.apply(grads);
        } catch (RuntimeException e) {
            throw AnomalyMode.withForwardCall(node, e);
        }
        AnomalyMode.checkGradients(node, result);
        return result;
    }

    private static void checkSaved(Node node) {
        if (!AnomalyMode.isEnabled()) {
            node.checkSavedTensors();
            return;
        }
        try {
            node.checkSavedTensors();
        } catch (RuntimeException e) {
            throw AnomalyMode.withForwardCall(node, e);
        }
    }

    private void capture(Node node, Tensor[] grads) {
        List<Integer> slots = targetSlots.get(node);
        if (slots == null) {
            return;
        }
        for (int slot : slots) {
            captured[slot] = grads[targets.get(slot).outputNr()];
        }
    }

    private static void addToBuffer(Node node, int nr, Tensor grad) {
        if (node.inputBuffer == null) {
            node.inputBuffer = new Tensor[node.numOutputs()];
        }
        Tensor existing = node.inputBuffer[nr];
        node.inputBuffer[nr] = existing == null ? grad : existing.add(grad);
    }

    /** PyTorch's validate_outputs: reduce a broadcast gradient to the input's shape and cast it to its dtype. */
    private static Tensor conform(Node node, int edge, Tensor grad) {
        int[] expected = node.inputShapes[edge];
        if (!hasShape(grad, expected)) {
            long[] target = new long[expected.length];
            for (int i = 0; i < expected.length; i++) {
                target[i] = expected[i];
            }
            if (!expandable(target, grad.shape())) {
                throw new IllegalStateException("Function " + node.name() + " returned an invalid gradient at index "
                        + edge + " - got " + Arrays.toString(grad.shape()) + " but expected shape compatible with "
                        + Arrays.toString(target));
            }
            grad = grad.sumToSize(target);
        }
        if (grad.dtype() != node.inputDTypes[edge]) {
            grad = grad.to(node.inputDTypes[edge]);
        }
        return grad;
    }

    private static boolean hasShape(Tensor t, int[] shape) {
        if (t.dim() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (t.size(i) != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean expandable(long[] shape, long[] target) {
        if (shape.length > target.length) {
            return false;
        }
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != 1 && shape[i] != target[lead + i]) {
                return false;
            }
        }
        return true;
    }
}
