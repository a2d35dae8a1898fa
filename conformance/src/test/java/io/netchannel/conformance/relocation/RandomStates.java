package io.netchannel.conformance.relocation;

import io.netchannel.api.Coalescing;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.Counter;
import io.netchannel.api.FilterAction;
import io.netchannel.api.FilterMatch;
import io.netchannel.api.FilterRule;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.IpPrefix;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Offloads;
import io.netchannel.api.PortRange;
import io.netchannel.api.Queue;
import io.netchannel.api.RelocationState;
import io.netchannel.api.TxRate;
import io.netchannel.api.VlanPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Seeded random states covering every member a document can hold, with edge values (0, 2^32 − 1
 * indices, 2^63 − 1 counters, negative spec-05 integers, IPv6 prefixes). Not device-consistent:
 * the codec writes and reads what the device would refuse (RELOC-5 is the device's).
 */
final class RandomStates {

    private RandomStates() {
    }

    static RelocationState of(long seed) {
        Random r = new Random(seed);
        return new RelocationState(host(r), guest(r), runtime(r));
    }

    private static ContextConfig host(Random r) {
        ContextConfig.Builder b = ContextConfig.builder().txRingGref(u32(r)).rxRingGref(u32(r)).promiscuousAllowed(r.nextBoolean());
        for (int i = r.nextInt(4); i > 0; i--) {
            b.mac(new MacAddress(r.nextLong() & 0xFEFF_FFFF_FFFFL));
        }
        switch (r.nextInt(3)) {
            case 0 -> b.vlan(new VlanPolicy.Access(r.nextInt(4096)));
            case 1 -> b.vlan(new VlanPolicy.Trunk(List.of(r.nextInt(4096), r.nextInt(4096), 0)));
            default -> b.vlan(VlanPolicy.UNTAGGED);
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            b.txRule(rule(r));
        }
        for (int i = r.nextInt(3); i > 0; i--) {
            b.rxRule(rule(r));
        }
        b.txDefault(r.nextBoolean() ? FilterAction.ALLOW : FilterAction.DROP).rxDefault(r.nextBoolean() ? FilterAction.ALLOW : FilterAction.DROP);
        switch (r.nextInt(4)) {
            case 0 -> b.txRate(TxRate.UNLIMITED);
            case 1 -> b.txRate(new TxRate(r.nextLong(), r.nextLong(), r.nextLong()));
            default -> b.txRate(TxRate.xen(1 + r.nextInt(1_000_000), 1 + r.nextInt(1_000_000)));
        }
        return b.build();
    }

    private static FilterRule rule(Random r) {
        FilterMatch.Builder m = FilterMatch.builder();
        if (r.nextBoolean()) {
            m.etherType(r.nextInt(0x10000));
        }
        if (r.nextBoolean()) {
            m.source(r.nextBoolean() ? IpPrefix.parse("10.1.0.0/16") : IpPrefix.parse("2001:db8::/32"));
        }
        if (r.nextBoolean()) {
            m.destination(IpPrefix.parse("192.168.7.1/32"));
        }
        if (r.nextBoolean()) {
            m.protocol(r.nextInt(256));
        }
        if (r.nextBoolean()) {
            int low = r.nextInt(65536);
            m.sourcePort(new PortRange(low, low + r.nextInt(65536 - low)));
        }
        if (r.nextBoolean()) {
            m.destinationPort(PortRange.of(r.nextInt(65536)));
        }
        return new FilterRule(m.build(), r.nextBoolean() ? FilterAction.ALLOW : FilterAction.DROP);
    }

    private static GuestConfig guest(Random r) {
        GuestConfig.Builder b = GuestConfig.builder().promiscuous(r.nextBoolean()).allMulticast(r.nextBoolean());
        for (int i = r.nextInt(4); i > 0; i--) {
            b.join(new MacAddress((r.nextLong() & 0xFFFF_FFFF_FFFFL) | 0x0100_0000_0000L));
        }
        for (Queue queue : Queue.values()) {
            switch (r.nextInt(3)) {
                case 0 -> b.coalescing(queue, Coalescing.IMMEDIATE);
                case 1 -> b.coalescing(queue, new Coalescing(r.nextInt(), r.nextLong()));
                default -> b.coalescing(queue, new Coalescing(r.nextInt(65536), r.nextInt(1_000_000_001)));
            }
        }
        switch (r.nextInt(3)) {
            case 0 -> b.offloads(Offloads.NONE);
            case 1 -> b.offloads(new Offloads(r.nextBoolean(), r.nextLong()));
            default -> b.offloads(new Offloads(true, 0));
        }
        return b.build();
    }

    private static RelocationState.Runtime runtime(Random r) {
        Map<Counter, Long> counters = new EnumMap<>(Counter.class);
        for (Counter counter : RelocationState.CONTEXT_COUNTERS) {
            counters.put(counter, count(r));
        }
        List<Long> hits = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            hits.add(count(r));
        }
        Optional<RelocationState.Credit> credit = r.nextBoolean() ? Optional.empty()
                : Optional.of(new RelocationState.Credit(count(r), r.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(count(r))));
        return new RelocationState.Runtime(r.nextBoolean() ? ContextState.ACTIVE : ContextState.FAILED, new RelocationState.Ring(r.nextInt(2) * 256,
                u32(r)), RelocationState.Ring.at(u32(r)), credit, new RelocationState.Completions(u32(r), count(r), count(r)),
                new RelocationState.Completions(u32(r), count(r), count(r)), counters, hits);
    }

    private static int u32(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            default -> r.nextInt();
        };
    }

    private static long count(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE;
            case 2 -> (1L << 53) + r.nextInt(1000);
            default -> r.nextLong() & Long.MAX_VALUE;
        };
    }
}
