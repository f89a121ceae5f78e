package org.grad4j.nn;

import org.grad4j.Tensor;

/** {@code nn.Sequential(m0, m1, ...)}: applies its children in order; they are named "0", "1", ... */
public class Sequential extends Module {
    public Sequential(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** {@code sequential.append(module)}: adds a child at the end; returns this. */
    public Sequential append(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    /** {@code sequential[i]} (negative i counts from the end). */
    public Module get(int index) {
        int n = size();
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range");
        }
        return namedChildren().get(Integer.toString(index < 0 ? index + n : index));
    }

    /** {@code len(sequential)}. */
    public int size() {
        return namedChildren().size();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) {
            x = m.forward(x);
        }
        return x;
    }
}
