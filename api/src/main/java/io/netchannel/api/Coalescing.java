package io.netchannel.api;

/**
 * A queue's notification coalescing, set by the guest (spec 10, profile {@code coalescing}): the
 * device decides whether to notify once {@code maxFrames} completions are pending or the oldest
 * has waited {@code maxDelayNanos}, whichever comes first. Either value 0 means "decide at every
 * publish", the behaviour of chapter 03 (COAL-3).
 *
 * <p>The constructor takes any values; the device checks the ranges and answers
 * {@link RejectCategory#INVALID_CONFIG} (COAL-2).
 *
 * @param maxFrames completions that make the device decide at once, 0 to {@link #MAX_FRAMES}
 * @param maxDelayNanos longest wait of a completion for the decision, 0 to {@link #MAX_DELAY_NANOS}
 */
public record Coalescing(int maxFrames, long maxDelayNanos) {

    /** No coalescing: the device decides at every publish, as chapter 03 says. */
    public static final Coalescing IMMEDIATE = new Coalescing(0, 0);

    /** Largest {@link #maxFrames()}. */
    public static final int MAX_FRAMES = 0xFFFF;
    /** Largest {@link #maxDelayNanos()}: one second. */
    public static final long MAX_DELAY_NANOS = 1_000_000_000L;

    /** Whether the device decides at every publish: either value is 0 (COAL-3). */
    public boolean immediate() {
        return maxFrames == 0 || maxDelayNanos == 0;
    }

    /** Whether the device accepts these values (COAL-2). */
    public boolean valid() {
        return maxFrames >= 0 && maxFrames <= MAX_FRAMES && maxDelayNanos >= 0 && maxDelayNanos <= MAX_DELAY_NANOS;
    }
}
