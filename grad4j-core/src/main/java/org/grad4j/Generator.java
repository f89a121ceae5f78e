package org.grad4j;

import java.util.Random;

/**
 * The default random generator behind {@code Tensor.manualSeed}, rand, randn and the sampling ops:
 * java.util.Random's documented 48-bit linear congruential stream (so seeded results are unchanged),
 * with its whole state readable and restorable, as {@code torch.get_rng_state()} and
 * {@code torch.set_rng_state()} need (checkpointing replays a segment's randomness with them).
 * java.util.Random keeps its state private, so this class keeps its own: the generator's seed
 * and the second normal sample the polar method makes per call pair.
 */
final class Generator extends Random {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    /** Words of {@link #state()}: seed, whether a normal sample is cached, and its bits. */
    static final int STATE_WORDS = 3;

    // No field initialisers: Random's constructor calls setSeed before they would run.
    private long seed;
    private double nextNextGaussian;
    private boolean haveNextNextGaussian;

    Generator(long seed) {
        super(seed);
    }

    @Override
    public synchronized void setSeed(long seed) {
        this.seed = (seed ^ MULTIPLIER) & MASK;
        haveNextNextGaussian = false;
    }

    @Override
    protected synchronized int next(int bits) {
        seed = (seed * MULTIPLIER + ADDEND) & MASK;
        return (int) (seed >>> (48 - bits));
    }

    /** The polar method exactly as java.util.Random documents it, over this generator's own cache. */
    @Override
    public synchronized double nextGaussian() {
        if (haveNextNextGaussian) {
            haveNextNextGaussian = false;
            return nextNextGaussian;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextNextGaussian = v2 * multiplier;
        haveNextNextGaussian = true;
        return v1 * multiplier;
    }

    synchronized long[] state() {
        return new long[] {seed, haveNextNextGaussian ? 1 : 0, Double.doubleToRawLongBits(nextNextGaussian)};
    }

    synchronized void restore(long[] state) {
        seed = state[0] & MASK;
        haveNextNextGaussian = state[1] != 0;
        nextNextGaussian = Double.longBitsToDouble(state[2]);
    }
}
