package org.grad4j.autograd;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.grad4j.Tensor;

/**
 * Activation checkpointing, PyTorch's {@code torch.utils.checkpoint.checkpoint} (the reentrant
 * variant): the segment runs under no-grad, so none of its intermediate values are kept, only its
 * inputs; backward runs it again with grad on and backpropagates through that copy. Memory falls
 * from one segment's activations per segment to one segment's at a time, for one more forward.
 *
 * <pre>{@code
 * Tensor h = Checkpoint.checkpoint(x -> block.forward(x), x);   // h.gradFn().name(): CheckpointFunctionBackward
 * }</pre>
 *
 * <p>The random generator's state is stashed before the segment and restored for the replay, so
 * random draws inside it (dropout masks) repeat exactly and gradients equal the un-checkpointed
 * ones. As in PyTorch: the output requires grad only when an input does; parameters the segment
 * closes over get their {@code .grad} from the replay's own backward, which is why
 * {@link Autograd#grad} (which must leave {@code .grad} alone) refuses checkpointed graphs.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /** {@code checkpoint(fn, x)} for a one-input segment. */
    public static Tensor checkpoint(UnaryOperator<Tensor> fn, Tensor input) {
        return checkpoint(inputs -> fn.apply(inputs.get(0)), true, input);
    }

    /** {@code checkpoint(fn, *inputs)}: {@code fn} receives the inputs in order. */
    public static Tensor checkpoint(java.util.function.Function<List<Tensor>, Tensor> fn, Tensor... inputs) {
        return checkpoint(fn, true, inputs);
    }

    /** {@code checkpoint(fn, *inputs, preserve_rng_state=...)}. */
    public static Tensor checkpoint(java.util.function.Function<List<Tensor>, Tensor> fn, boolean preserveRngState,
                                    Tensor... inputs) {
        return new CheckpointFunction(fn, preserveRngState).apply(inputs);
    }

    /** The recorded segment; its node is named CheckpointFunctionBackward, as PyTorch's. */
    private static final class CheckpointFunction extends Function {
        private final java.util.function.Function<List<Tensor>, Tensor> fn;
        private final boolean preserveRngState;
        private Tensor rngState;

        CheckpointFunction(java.util.function.Function<List<Tensor>, Tensor> fn, boolean preserveRngState) {
            this.fn = fn;
            this.preserveRngState = preserveRngState;
        }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            if (preserveRngState) {
                rngState = Tensor.getRngState();
            }
            ctx.saveForBackward(inputs);
            return new Tensor[] {fn.apply(Arrays.asList(inputs))};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... gradOutputs) {
            if (Engine.runningPartialPass()) {
                throw new IllegalStateException("Checkpointing is not compatible with .grad() or when an `inputs` "
                        + "parameter is passed to .backward(). Please use .backward() and do not pass its `inputs` "
                        + "argument.");
            }
            List<Tensor> saved = ctx.savedTensors();
            Tensor[] replayInputs = new Tensor[saved.size()];
            for (int i = 0; i < replayInputs.length; i++) {
                Tensor t = saved.get(i);
                replayInputs[i] = t == null ? null : t.detach().requiresGrad_(t.requiresGrad());
            }
            Tensor output = replay(replayInputs);
            if (output.requiresGrad()) {
                Autograd.backward(List.of(output), List.of(gradOutputs[0]), false, false);
            }
            Tensor[] grads = new Tensor[replayInputs.length];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = replayInputs[i] == null ? null : replayInputs[i].grad();
            }
            return grads;
        }

        /** Runs the segment again with grad on and the forward's random state, then gives the generator back its state. */
        private Tensor replay(Tensor[] inputs) {
            Tensor current = preserveRngState ? Tensor.getRngState() : null;
            if (preserveRngState) {
                Tensor.setRngState(rngState);
            }
            try (GradModeScope on = Autograd.enableGrad()) {
                return fn.apply(Arrays.asList(inputs));
            } finally {
                if (preserveRngState) {
                    Tensor.setRngState(current);
                }
            }
        }
    }
}
