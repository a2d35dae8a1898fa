package io.netchannel.model.descriptor;

import io.netchannel.api.MacAddress;
import java.util.Objects;

/** What the device does with one TX packet (spec DESC-11, DESC-12, DESC-13, DESC-15, TX-1). */
public sealed interface TxVerdict permits TxVerdict.Send, TxVerdict.PacketError, TxVerdict.Fatal, TxVerdict.MulticastControl {

    /**
     * A valid packet: one frame made of the first slot's own bytes and then each data slot's bytes;
     * every slot answered OKAY, extras NULL (TX-1).
     *
     * @param chain the packet's slots
     * @param firstLength the first slot's own length: its size minus the data slots' sizes
     */
    record Send(TxChain chain, int firstLength) implements TxVerdict {
        /** Rejects a null chain. */
        public Send {
            Objects.requireNonNull(chain, "chain");
        }
    }

    /**
     * A packet that costs itself only: the whole chain is consumed and answered ERROR (extras NULL),
     * nothing reaches the wire (DESC-11).
     *
     * @param chain the packet's slots
     * @param rule the requirement that refuses it, e.g. {@code DESC-7}
     * @param detail what was wrong, as {@code name=value}
     */
    record PacketError(TxChain chain, String rule, String detail) implements TxVerdict {
        /** Rejects nulls. */
        public PacketError {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * A packet that costs the context: none of its slots is answered, nothing reaches the wire, the
     * context stops (DESC-12).
     *
     * @param rule the requirement that makes it fatal, e.g. {@code DESC-5}
     * @param detail what was wrong, as {@code name=value}
     */
    record Fatal(String rule, String detail) implements TxVerdict {
        /** Rejects nulls. */
        public Fatal {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * A multicast-control request (DESC-15): the first slot and its extras only; its data is not
     * sent and more_data on it is not followed. The device decides OKAY or ERROR against the
     * context's multicast list.
     *
     * @param chain the first slot and its extras (no data slots)
     * @param join true for MCAST_ADD, false for MCAST_DEL
     * @param group the address to join or leave
     */
    record MulticastControl(TxChain chain, boolean join, MacAddress group) implements TxVerdict {
        /** Rejects nulls. */
        public MulticastControl {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(group, "group");
        }
    }
}
