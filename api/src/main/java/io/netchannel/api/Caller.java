package io.netchannel.api;

/**
 * Who issues a control request: the privileged host driver, or the unprivileged driver of the
 * guest that owns one context (spec PRIV chapter).
 */
public sealed interface Caller permits Caller.Host, Caller.Guest {

    /** The host (dom0, the privileged driver). */
    Caller HOST = new Host();

    /** The guest driver of {@code context}. */
    static Caller guest(int context) {
        return new Guest(context);
    }

    /** The privileged driver. */
    record Host() implements Caller {
    }

    /** The unprivileged driver that owns {@code context}. */
    record Guest(int context) implements Caller {
    }
}
