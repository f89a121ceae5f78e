package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.internal.GradZeroing;

/**
 * Base class of layers and models, as PyTorch's {@code nn.Module}: parameters, buffers and child
 * modules registered by name in insertion order, which gives PyTorch's dotted names
 * ({@code 0.weight}) to {@link #namedParameters()} and {@link #stateDict()}, and PyTorch's repr.
 *
 * <pre>{@code
 * class Net extends Module {
 *     final Linear fc = registerModule("fc", new Linear(4, 2));
 *     public Tensor forward(Tensor x) { return fc.forward(x).relu(); }
 * }
 * }</pre>
 *
 * <p>A registered parameter is a leaf tensor requiring grad (see {@link Parameter}). Because a grad4j
 * tensor cannot change its dtype in place, {@link #to(DType)} replaces each registered tensor by a
 * converted one; read parameters through the registry (or accessors such as {@code Linear.weight()})
 * and build optimizers after converting, as PyTorch also advises.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistentBuffers = new HashSet<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** {@code module(x)}: this module's computation. */
    public abstract Tensor forward(Tensor input);

    // ---------------------------------------------------------------- registration

    /** {@code register_parameter(name, param)}: param must be a leaf (see {@link Parameter#of}); null registers an absent one (as {@code bias=False}). Returns param. */
    public Tensor registerParameter(String name, Tensor param) {
        checkName(name, "parameter");
        if (param != null && !param.isLeaf()) {
            throw new IllegalArgumentException("Cannot assign non-leaf Tensor to parameter '" + name + "'. Model "
                    + "parameters must be created explicitly. To express '" + name + "' as a function of another "
                    + "Tensor, compute the value in the forward() method.");
        }
        parameters.put(name, param);
        return param;
    }

    /** {@code register_buffer(name, tensor)}: persistent state that is not a parameter (saved in the state dict). Returns tensor. */
    public Tensor registerBuffer(String name, Tensor tensor) {
        return registerBuffer(name, tensor, true);
    }

    /** {@code register_buffer(name, tensor, persistent)}: a non-persistent buffer is left out of the state dict. */
    public Tensor registerBuffer(String name, Tensor tensor, boolean persistent) {
        checkName(name, "buffer");
        buffers.put(name, tensor);
        if (persistent) {
            nonPersistentBuffers.remove(name);
        } else {
            nonPersistentBuffers.add(name);
        }
        return tensor;
    }

    /** {@code register_module(name, module)} / {@code add_module}: a child; returns it. */
    public <M extends Module> M registerModule(String name, M module) {
        checkName(name, "module");
        children.put(name, module);
        return module;
    }

    private void checkName(String name, String kind) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name can't be empty string \"\"");
        }
        if (name.contains(".")) {
            throw new IllegalArgumentException(kind + " name can't contain \".\"");
        }
        boolean taken = (!kind.equals("parameter") && parameters.containsKey(name))
                || (!kind.equals("buffer") && buffers.containsKey(name))
                || (!kind.equals("module") && children.containsKey(name));
        if (taken) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists");
        }
    }

    /** This module's own parameter by name (null when registered as absent). */
    protected Tensor parameter(String name) {
        return parameters.get(name);
    }

    /** This module's own buffer by name. */
    protected Tensor buffer(String name) {
        return buffers.get(name);
    }

    // ---------------------------------------------------------------- traversal

    /** {@code parameters()}: every parameter of this module and its descendants, each once. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** {@code named_parameters()}: dotted names in registration order ({@code 0.weight}, {@code 0.bias}, ...), each tensor once. */
    public Map<String, Tensor> namedParameters() {
        return collect(true);
    }

    /** {@code buffers()}. */
    public List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    /** {@code named_buffers()}. */
    public Map<String, Tensor> namedBuffers() {
        return collect(false);
    }

    private Map<String, Tensor> collect(boolean params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            Map<String, Tensor> own = params ? m.getValue().parameters : m.getValue().buffers;
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                if (e.getValue() != null && seen.add(e.getValue())) {
                    out.put(prefixed(m.getKey(), e.getKey()), e.getValue());
                }
            }
        }
        return out;
    }

    /** {@code children()}: the direct children. */
    public List<Module> children() {
        return new ArrayList<>(uniqueChildren());
    }

    private List<Module> uniqueChildren() {
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return children.values().stream().filter(m -> m != null && seen.add(m)).collect(Collectors.toList());
    }

    /** {@code named_children()}. */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    /** {@code modules()}: this module and all descendants, pre-order, each once. */
    public List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /** {@code named_modules()}: this module under "" and descendants under dotted names, pre-order, each once. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        addModules("", this, out, seen);
        return out;
    }

    private static void addModules(String prefix, Module module, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(module)) {
            return;
        }
        out.put(prefix, module);
        for (Map.Entry<String, Module> e : module.children.entrySet()) {
            if (e.getValue() != null) {
                addModules(prefixed(prefix, e.getKey()), e.getValue(), out, seen);
            }
        }
    }

    private static String prefixed(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** {@code get_submodule(target)}: the descendant at a dotted path ("" is this module). */
    public Module getSubmodule(String target) {
        Module module = this;
        if (target.isEmpty()) {
            return module;
        }
        for (String atom : target.split("\\.", -1)) {
            Module next = module.children.get(atom);
            if (next == null) {
                throw new IllegalArgumentException(module.getName() + " has no attribute `" + atom + "`");
            }
            module = next;
        }
        return module;
    }

    /** {@code get_parameter(target)}: the parameter at a dotted path such as {@code 0.weight}. */
    public Tensor getParameter(String target) {
        int dot = target.lastIndexOf('.');
        Module owner = getSubmodule(dot < 0 ? "" : target.substring(0, dot));
        String name = target.substring(dot + 1);
        if (!owner.parameters.containsKey(name)) {
            throw new IllegalArgumentException(owner.getName() + " has no attribute `" + name + "`");
        }
        return owner.parameters.get(name);
    }

    /** {@code apply(fn)}: fn on every descendant, children first, then this module; returns this. */
    public Module apply(Consumer<Module> fn) {
        for (Module child : children()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    // ---------------------------------------------------------------- mode and gradients

    /** {@code train(mode)}: sets training mode on this module and its descendants; returns this. */
    public Module train(boolean mode) {
        for (Module m : modules()) {
            m.training = mode;
        }
        return this;
    }

    /** {@code train()}. */
    public Module train() {
        return train(true);
    }

    /** {@code eval()}: {@code train(false)}. */
    public Module eval() {
        return train(false);
    }

    /** {@code module.training}. */
    public boolean isTraining() {
        return training;
    }

    /** {@code zero_grad()}: PyTorch 1.13's default {@code set_to_none=False}, zeroing each existing grad in place. */
    public void zeroGrad() {
        zeroGrad(false);
    }

    /** {@code zero_grad(set_to_none)}. */
    public void zeroGrad(boolean setToNone) {
        GradZeroing.zeroGrads(parameters(), setToNone);
    }

    // ---------------------------------------------------------------- state dict

    /** {@code state_dict()}: parameters and persistent buffers by dotted name, detached but sharing storage. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            Module module = m.getValue();
            module.parameters.forEach((name, p) -> {
                if (p != null) {
                    out.put(prefixed(m.getKey(), name), p.detach());
                }
            });
            module.buffers.forEach((name, b) -> {
                if (b != null && !module.nonPersistentBuffers.contains(name)) {
                    out.put(prefixed(m.getKey(), name), b.detach());
                }
            });
        }
        return out;
    }

    /** {@code load_state_dict(state_dict)}: strict. */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict) {
        return loadStateDict(stateDict, true);
    }

    /**
     * {@code load_state_dict(state_dict, strict)}: copies values into the registered tensors (converting
     * dtype). All checks run before any copy, so a failing call changes nothing. Size mismatches always
     * fail; missing and unexpected keys fail when strict and are reported otherwise.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict, boolean strict) {
        Map<String, Tensor> targets = stateDict();
        List<String> errors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor source = stateDict.get(e.getKey());
            if (source == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(source.shape(), e.getValue().shape())) {
                errors.add("size mismatch for " + e.getKey() + ": copying a param with shape " + size(source)
                        + " from checkpoint, the shape in current model is " + size(e.getValue()) + ".");
            }
        }
        List<String> unexpected = stateDict.keySet().stream().filter(k -> !targets.containsKey(k))
                .collect(Collectors.toList());
        if (strict && !unexpected.isEmpty()) {
            errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
        }
        if (strict && !missing.isEmpty()) {
            errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + getName() + ":\n\t"
                    + String.join("\n\t", errors));
        }
        try (var off = Autograd.noGrad()) {
            targets.forEach((key, target) -> {
                Tensor source = stateDict.get(key);
                if (source != null) {
                    target.copy_(source);
                }
            });
        }
        return new IncompatibleKeys(missing, unexpected);
    }

    private static String size(Tensor t) {
        return "torch.Size(" + Arrays.toString(t.shape()) + ")";
    }

    private static String quoted(List<String> keys) {
        return keys.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------- conversion

    /**
     * {@code module.to(dtype)}: converts floating parameters (with their grads) and floating buffers to a
     * floating dtype; returns this. Each converted tensor replaces the registered one (see the class note).
     */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("nn.Module.to only accepts floating point or complex dtypes, but got "
                    + "desired dtype=" + dtype.torchName());
        }
        for (Module m : modules()) {
            m.parameters.replaceAll((name, p) -> p == null || !p.dtype().isFloatingPoint() ? p : converted(p, dtype));
            m.buffers.replaceAll((name, b) -> b == null || !b.dtype().isFloatingPoint() || b.dtype() == dtype ? b : b.to(dtype).detach());
        }
        return this;
    }

    private static Tensor converted(Tensor param, DType dtype) {
        if (param.dtype() == dtype) {
            return param;
        }
        Tensor out = param.detach().to(dtype).requiresGrad_(param.requiresGrad());
        if (param.grad() != null) {
            out.setGrad(param.grad().detach().to(dtype));
        }
        return out;
    }

    // ---------------------------------------------------------------- repr

    /** {@code _get_name()}: the class's simple name. */
    protected String getName() {
        return getClass().getSimpleName();
    }

    /** {@code extra_repr()}: the text inside the parentheses of this module's repr (empty by default). */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch's module repr: extra repr, then one indented {@code (name): child} line per child. */
    @Override
    public String toString() {
        List<String> extraLines = extraRepr().isEmpty() ? List.of() : Arrays.asList(extraRepr().split("\n", -1));
        List<String> childLines = new ArrayList<>();
        children.forEach((name, child) -> childLines.add("(" + name + "): " + String.valueOf(child).replace("\n", "\n  ")));
        List<String> lines = new ArrayList<>(extraLines);
        lines.addAll(childLines);
        StringBuilder out = new StringBuilder(getName()).append('(');
        if (!lines.isEmpty()) {
            if (extraLines.size() == 1 && childLines.isEmpty()) {
                out.append(extraLines.get(0));
            } else {
                out.append("\n  ").append(String.join("\n  ", lines)).append('\n');
            }
        }
        return out.append(')').toString();
    }

    /** {@code load_state_dict}'s result: the keys that were not loaded when not strict. */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
        public IncompatibleKeys {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }
    }
}
