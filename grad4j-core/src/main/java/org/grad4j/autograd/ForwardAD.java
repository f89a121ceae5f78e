package org.grad4j.autograd;

import org.grad4j.Tensor;
import org.grad4j.internal.DualTensors;

/**
 * Forward-mode automatic differentiation (torch.autograd.forward_ad): inside a {@link #dualLevel()}
 * scope, {@link #makeDual} pairs a tensor with a tangent, every op on it carries the tangent along
 * (the Jacobian-vector product), and {@link #unpackDual} reads it back.
 *
 * <pre>{@code
 * try (var level = ForwardAD.dualLevel()) {
 *     Tensor x = ForwardAD.makeDual(Tensor.of(1.0, 2.0), Tensor.of(1.0, 0.0));
 *     Tensor jvp = ForwardAD.unpackDual(x.sin().mul(x)).tangent();   // d/dt f(x + t v) at t = 0
 * }
 * }</pre>
 *
 * <p>As in PyTorch, one level exists at a time, for the whole process; tangents made in a level
 * are gone when it closes.
 */
public final class ForwardAD {
    private static final Object LOCK = new Object();
    private static long lastLevelId;
    /** Id of the open level, 0 when none. Read on every op, so a plain volatile. */
    private static volatile long activeLevel;

    private ForwardAD() {
    }

    /** The value and tangent of a tensor ({@code UnpackedDualTensor}); tangent is null for a plain tensor. */
    public record UnpackedDual(Tensor primal, Tensor tangent) {
    }

    /** {@code with fwAD.dual_level():} opens the level; closing it drops every tangent made in it. */
    public static DualLevel dualLevel() {
        synchronized (LOCK) {
            if (activeLevel != 0) {
                throw new IllegalStateException("Nested forward mode AD is not supported at the moment");
            }
            activeLevel = ++lastLevelId;
            return new DualLevel(activeLevel);
        }
    }

    /** {@code fwAD.make_dual(primal, tangent)}: a view of {@code primal} that carries {@code tangent}. */
    public static Tensor makeDual(Tensor primal, Tensor tangent) {
        return DualTensors.access().makeDual(primal, tangent);
    }

    /** {@code fwAD.unpack_dual(t)}: the primal (a view without the tangent) and the tangent (or null). */
    public static UnpackedDual unpackDual(Tensor t) {
        DualTensors.Access access = DualTensors.access();
        return new UnpackedDual(access.primal(t), access.tangent(t));
    }

    /** True inside a dual level; ops then look for tangents on their inputs. */
    public static boolean isActive() {
        return activeLevel != 0;
    }

    /** The id of the open level (0 when none): tangents tagged with another id are stale. */
    public static long currentLevel() {
        return activeLevel;
    }

    /** An open dual level; close it (try-with-resources) to leave forward mode. */
    public static final class DualLevel implements AutoCloseable {
        private final long id;

        private DualLevel(long id) {
            this.id = id;
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (activeLevel == id) {
                    activeLevel = 0;
                }
            }
        }
    }
}
