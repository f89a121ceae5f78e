package org.grad4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Base of the learning-rate schedulers, as PyTorch 1.13's {@code _LRScheduler} started with
 * {@code last_epoch=-1}: it records each group's {@code initial_lr}, sets the epoch-0 rates at once,
 * and each {@link #step()} (called after {@code optimizer.step()}) moves one epoch on, writing the
 * new rates into the optimizer's groups. Rates follow PyTorch's recursive {@code get_lr} form, so a
 * scheduler composes with rate changes made by others, as in PyTorch.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    private final List<Double> baseLrs = new ArrayList<>();
    private List<Double> lastLr = List.of();
    private int lastEpoch = -1;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        for (ParamGroup group : optimizer.paramGroups()) {
            if (!group.has("initial_lr")) {
                group.set("initial_lr", group.lr());
            }
            baseLrs.add(group.getDouble("initial_lr"));
        }
    }

    /** Sets the epoch-0 rates; each subclass calls it last in its constructor (it needs the subclass's fields). */
    protected final void initialStep() {
        step();
    }

    /** {@code scheduler.step()}: moves to the next epoch and writes its rates into the groups. */
    public void step() {
        lastEpoch++;
        List<Double> lrs = computeLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(lrs.get(i));
        }
        lastLr = List.copyOf(lrs);
    }

    /** {@code get_last_lr()}: the rates the last step set, one per group. */
    public List<Double> getLastLr() {
        return lastLr;
    }

    /** {@code scheduler.last_epoch}. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** {@code scheduler.base_lrs}: each group's initial_lr. */
    public List<Double> baseLrs() {
        return Collections.unmodifiableList(baseLrs);
    }

    /** PyTorch's {@code get_lr()} for {@link #lastEpoch()}, from the groups' current rates. */
    protected abstract List<Double> computeLr();

    /** The groups' current rates, the input of the recursive forms. */
    protected final List<Double> currentLrs() {
        List<Double> out = new ArrayList<>();
        optimizer.paramGroups().forEach(g -> out.add(g.lr()));
        return out;
    }
}
