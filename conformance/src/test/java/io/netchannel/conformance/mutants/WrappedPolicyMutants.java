package io.netchannel.conformance.mutants;

import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.VlanPolicy;
import io.netchannel.api.layout.NetifStatus;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.api.layout.TxRequestLayout;
import io.netchannel.api.layout.TxResponseLayout;
import io.netchannel.conformance.harness.Providers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliberately broken devices for chapters 06 and 07, one wrong reading of the spec each: the
 * reference model behind decorators that rewrite what it is told or what it answers. {@link
 * WrappedPolicyMutantsTest} names the property and rule that must catch each.
 */
final class WrappedPolicyMutants {

    private WrappedPolicyMutants() {
    }

    /** The frame without octets 12..15. */
    private static byte[] untag(byte[] frame, int offset, int length) {
        byte[] out = new byte[length - 4];
        System.arraycopy(frame, offset, out, 0, 12);
        System.arraycopy(frame, offset + 16, out, 12, length - 16);
        return out;
    }

    private static int u16(byte[] frame, int at) {
        return (frame[at] & 0xFF) << 8 | (frame[at + 1] & 0xFF);
    }

    private static ControlRequest withConfig(ControlRequest request, java.util.function.UnaryOperator<ContextConfig> change) {
        if (request instanceof ControlRequest.CreateContext create) {
            return new ControlRequest.CreateContext(create.context(), change.apply(create.config()));
        }
        if (request instanceof ControlRequest.UpdateContext update) {
            return new ControlRequest.UpdateContext(update.context(), change.apply(update.config()));
        }
        return request;
    }

    /** TXF-6: rules are tried last to first (the device is told them reversed; counters are read back in the host's order). */
    static final Mutant LAST_MATCH = Mutant.device("last-match-rules", (device, rings) -> new ForwardingDevice(device, rings) {
        private final Map<Integer, Integer> rules = new HashMap<>();

        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            ControlResult result = super.control(caller, withConfig(request, c -> {
                List<FilterRule> reversed = new ArrayList<>(c.txRules());
                Collections.reverse(reversed);
                return c.toBuilder().txRules(reversed).build();
            }));
            if (result instanceof ControlResult.Ok && (request instanceof ControlRequest.CreateContext || request instanceof ControlRequest.UpdateContext)) {
                ContextConfig config = request instanceof ControlRequest.CreateContext cr ? cr.config() : ((ControlRequest.UpdateContext) request).config();
                rules.put(request.context(), config.txRules().size());
            }
            return result;
        }

        @Override
        public long filterHits(int context, int rule) {
            int n = rules.getOrDefault(context, 0);
            return super.filterHits(context, rule >= 0 && rule < n ? n - 1 - rule : rule);
        }
    });

    /** DEMUX-2: a tagged frame is delivered as if it were untagged (the VID is ignored). */
    static final Mutant IGNORES_VLANS = Mutant.device("ignores-vlans", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public void receive(int port, byte[] frame, int offset, int length) {
            if (length >= 18 && u16(frame, offset + 12) == 0x8100) {
                byte[] stripped = untag(frame, offset, length);
                super.receive(port, stripped, 0, stripped.length);
            } else {
                super.receive(port, frame, offset, length);
            }
        }
    });

    /** DEMUX-1: a priority-tagged frame (VID 0) is taken for an untagged one. */
    static final Mutant PRIORITY_AS_UNTAGGED = Mutant.device("priority-tag-as-untagged", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public void receive(int port, byte[] frame, int offset, int length) {
            if (length >= 18 && u16(frame, offset + 12) == 0x8100 && (u16(frame, offset + 14) & 0xFFF) == 0) {
                byte[] stripped = untag(frame, offset, length);
                super.receive(port, stripped, 0, stripped.length);
            } else {
                super.receive(port, frame, offset, length);
            }
        }
    });

    /**
     * DEMUX-7: no source pruning. When a frame's source belongs to a context that is a member of
     * the frame's VLAN, the device is shown a source nobody owns, so that context gets a copy too.
     */
    static final Mutant REFLECTS_TO_SENDER = Mutant.device("reflects-to-sender", (device, rings) -> new ForwardingDevice(device, rings) {
        private final Map<Integer, ContextConfig> configs = new HashMap<>();

        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            ControlResult result = super.control(caller, request);
            if (result instanceof ControlResult.Ok && request instanceof ControlRequest.CreateContext c) {
                configs.put(c.context(), c.config());
            } else if (result instanceof ControlResult.Ok && request instanceof ControlRequest.UpdateContext u) {
                configs.put(u.context(), u.config());
            } else if (result instanceof ControlResult.Ok && request instanceof ControlRequest.DestroyContext d) {
                configs.remove(d.context());
            }
            return result;
        }

        private boolean ownerIsMember(byte[] frame, int offset, int length) {
            MacAddress src = MacAddress.read(frame, offset + 6);
            int tpid = u16(frame, offset + 12);
            int vlan = tpid != 0x8100 ? 0 : length >= 18 ? u16(frame, offset + 14) & 0xFFF : -1;
            for (ContextConfig config : configs.values()) {
                if (config.macs().contains(src)) {
                    VlanPolicy p = config.vlan();
                    return p instanceof VlanPolicy.Access a ? a.vid() == vlan : p instanceof VlanPolicy.Trunk t ? t.vids().contains(vlan) : vlan == 0;
                }
            }
            return false;
        }

        @Override
        public void receive(int port, byte[] frame, int offset, int length) {
            byte[] copy = Arrays.copyOfRange(frame, offset, offset + length);
            if (length >= 14 && ownerIsMember(frame, offset, length)) {
                MacAddress.parse("02:de:ad:00:00:01").write(copy, 6);
            }
            super.receive(port, copy, 0, copy.length);
        }
    });

    /** DEMUX-5: every guest is all-multicast, whatever it asked for. */
    static final Mutant MULTICAST_FLOODS = Mutant.device("multicast-floods", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            if (request instanceof ControlRequest.SetGuestConfig set) {
                GuestConfig c = set.config();
                return super.control(caller, new ControlRequest.SetGuestConfig(set.context(), new GuestConfig(c.promiscuous(), c.multicast(), true)));
            }
            ControlResult result = super.control(caller, request);
            if (result instanceof ControlResult.Ok && request instanceof ControlRequest.CreateContext create) {
                super.control(Caller.HOST, new ControlRequest.SetGuestConfig(create.context(), new GuestConfig(false, List.of(), true)));
            }
            return result;
        }
    });

    /** DEMUX-10, TXF-4: an Access context is served as a trunk of its one VID (tags kept on receive, required on send). */
    static final Mutant ACCESS_AS_TRUNK = Mutant.device("access-as-trunk", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            return super.control(caller, withConfig(request, c -> c.vlan() instanceof VlanPolicy.Access a
                    ? c.toBuilder().vlan(new VlanPolicy.Trunk(List.of(a.vid()))).build() : c));
        }
    });

    /** DEMUX-13: a reserved VID is quietly replaced by a valid one instead of being refused. */
    static final Mutant ACCEPTS_RESERVED_VID = Mutant.device("accepts-reserved-vid", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            return super.control(caller, withConfig(request, c -> {
                if (c.vlan() instanceof VlanPolicy.Access a && (a.vid() == 0 || a.vid() == 0xFFF)) {
                    return c.toBuilder().vlan(new VlanPolicy.Access(1)).build();
                }
                if (c.vlan() instanceof VlanPolicy.Trunk t) {
                    List<Integer> fixed = t.vids().stream().filter(v -> v != 0 && v != 0xFFF).distinct().limit(limitOfVlans()).toList();
                    return c.toBuilder().vlan(fixed.isEmpty() ? VlanPolicy.UNTAGGED : new VlanPolicy.Trunk(fixed)).build();
                }
                return c;
            }));
        }
    });

    private static int limitOfVlans() {
        return Providers.find("reference").limits().maxVlansPerContext();
    }

    /** TXF-10: rules beyond the limit are silently dropped instead of the request being refused. */
    static final Mutant NO_RULE_LIMIT = Mutant.device("no-rule-limit", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            int max = Providers.find("reference").limits().maxFilterRules();
            return super.control(caller, withConfig(request, c -> c.txRules().size() > max ? c.toBuilder().txRules(c.txRules().subList(0, max)).build() : c));
        }
    });

    /** TXF-10: the limit is off by one, exactly maxFilterRules rules are refused. */
    static final Mutant RULE_LIMIT_OFF_BY_ONE = Mutant.device("rule-limit-off-by-one", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            int max = Providers.find("reference").limits().maxFilterRules();
            ContextConfig config = request instanceof ControlRequest.CreateContext c ? c.config()
                    : request instanceof ControlRequest.UpdateContext u ? u.config() : null;
            if (config != null && config.txRules().size() >= max) {
                return new ControlResult.Rejected("TXF-10", io.netchannel.api.RejectCategory.INVALID_CONFIG, "rules=" + config.txRules().size());
            }
            return super.control(caller, request);
        }
    });

    /** DEMUX-13: VID 4094 and full trunks are refused as if they were out of range. */
    static final Mutant REJECTS_EDGE_VIDS = Mutant.device("rejects-edge-vids", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            ContextConfig config = request instanceof ControlRequest.CreateContext c ? c.config()
                    : request instanceof ControlRequest.UpdateContext u ? u.config() : null;
            boolean edge = config != null && (config.vlan() instanceof VlanPolicy.Access a && a.vid() == 4094
                    || config.vlan() instanceof VlanPolicy.Trunk t && (t.vids().contains(4094) || t.vids().size() == limitOfVlans()));
            if (edge) {
                return new ControlResult.Rejected("DEMUX-13", io.netchannel.api.RejectCategory.INVALID_CONFIG, "vlan=" + config.vlan());
            }
            return super.control(caller, request);
        }
    });

    /** TXF-2: context 0 may also send as 02:cc:00:00:00:05, a MAC it was never given. */
    static final Mutant SPOOF_PASSES = Mutant.device("spoof-passes", (device, rings) -> new ForwardingDevice(device, rings) {
        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            return super.control(caller, request.context() != 0 ? request : withConfig(request, c -> {
                List<MacAddress> macs = new ArrayList<>(c.macs());
                MacAddress extra = MacAddress.parse("02:cc:00:00:00:05");
                if (!macs.isEmpty() && !macs.contains(extra)) {
                    macs.add(extra);
                }
                return c.toBuilder().macs(macs).build();
            }));
        }
    });

    /** TXF-8: an update that changes the rules leaves the old counts in place. */
    static final Mutant HITS_SURVIVE_UPDATE = Mutant.device("hits-survive-update", (device, rings) -> new ForwardingDevice(device, rings) {
        private final Map<Integer, long[]> carried = new HashMap<>();

        @Override
        public ControlResult control(Caller caller, ControlRequest request) {
            long[] before = new long[64];
            for (int i = 0; i < before.length; i++) {
                before[i] = filterHits(request.context(), i);
            }
            ControlResult result = super.control(caller, request);
            if (result instanceof ControlResult.Ok && request instanceof ControlRequest.UpdateContext) {
                carried.put(request.context(), before);
            } else if (result instanceof ControlResult.Ok && request instanceof ControlRequest.CreateContext) {
                carried.remove(request.context());
            }
            return result;
        }

        @Override
        public long filterHits(int context, int rule) {
            long[] extra = carried.get(context);
            long base = super.filterHits(context, rule);
            return extra == null || rule < 0 || rule >= extra.length ? base : base + extra[rule];
        }
    });

    /** TXF-9: a policy drop is answered ERROR (-1) instead of DROPPED (-2). */
    static final Mutant DROPPED_AS_ERROR = Mutant.memory("dropped-as-error", (memory, rings) -> new ForwardingMemory(memory, rings) {
        private boolean entry(int gref, int offset) {
            return rings.isTxRing(gref) && offset >= SharedRingLayout.ENTRIES;
        }

        @Override
        public int write(int context, int gref, int offset, byte[] src, int srcOffset, int length) {
            if (entry(gref, offset)) {
                byte[] copy = Arrays.copyOfRange(src, srcOffset, srcOffset + length);
                int entryStart = offset - (offset - SharedRingLayout.ENTRIES) % TxRequestLayout.ENTRY_SIZE;
                int status = entryStart + TxResponseLayout.STATUS - offset;
                if (status >= 0 && status + 1 < length && (short) ((copy[status] & 0xFF) | copy[status + 1] << 8) == NetifStatus.DROPPED) {
                    copy[status] = (byte) 0xFF;
                    copy[status + 1] = (byte) 0xFF;
                }
                return delegate.write(context, gref, offset, copy, 0, length);
            }
            return delegate.write(context, gref, offset, src, srcOffset, length);
        }

        @Override
        public int writeU32(int context, int gref, int offset, int value) {
            if (entry(gref, offset) && (offset - SharedRingLayout.ENTRIES) % TxRequestLayout.ENTRY_SIZE == TxResponseLayout.ID
                    && (short) (value >>> 16) == NetifStatus.DROPPED) {
                value = (value & 0xFFFF) | 0xFFFF0000;
            }
            return delegate.writeU32(context, gref, offset, value);
        }
    });
}
