package io.netchannel.model.offload;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Frames section 3 parses, of every shape chapter 11 covers, built by {@link TestFrames}. */
final class Generators {

    private Generators() {
    }

    /** 0 or 1 tag, IPv4 (with or without options) or IPv6 (with or without extension headers). */
    static Arbitrary<TestFrames.Builder> shapes(Arbitrary<TestFrames.Builder> start) {
        return Combinators.combine(start, Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(-1, 4094)).as((builder, ip, extras, vid) -> {
                    if (vid >= 0) {
                        builder.vlan(vid);
                    }
                    if (ip >= 2) {
                        builder.ipv6();
                        if (ip == 3 && extras > 0) {
                            builder.extension(0, 1, 0);
                            if (extras > 1) {
                                builder.extension(60, 2, 0);
                            }
                        }
                    } else if (ip == 1 && extras > 0) {
                        builder.ipv4Options(new byte[4 * extras]);
                    }
                    return builder;
                });
    }

    /** Valid TCP or UDP frames with up to {@code maxPayload} payload bytes. */
    static Arbitrary<byte[]> validFrames(int maxPayload) {
        Arbitrary<TestFrames.Builder> start = Combinators.combine(Arbitraries.of(true, false),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(maxPayload), Arbitraries.integers().between(0, 0xFFFF))
                .as((tcp, payload, id) -> (tcp ? TestFrames.tcp() : TestFrames.udp()).payload(payload).id(id));
        return shapes(start).map(TestFrames.Builder::build);
    }
}
