package io.netchannel.conformance.vectors.generate;

import static io.netchannel.conformance.vectors.generate.FileBuilder.Meta;
import static io.netchannel.conformance.vectors.generate.FileBuilder.error;
import static io.netchannel.conformance.vectors.generate.FileBuilder.rejected;

import io.netchannel.api.Access;
import io.netchannel.api.Caller;
import io.netchannel.api.ContextConfig;
import io.netchannel.api.ContextState;
import io.netchannel.api.ControlRequest;
import io.netchannel.api.ControlResult;
import io.netchannel.api.GuestConfig;
import io.netchannel.api.MacAddress;
import io.netchannel.api.Queue;
import io.netchannel.api.layout.SharedRingLayout;
import io.netchannel.conformance.harness.GuestDriver;
import io.netchannel.conformance.harness.Harness;
import io.netchannel.conformance.harness.TxSlot;
import io.netchannel.conformance.properties.Check;
import io.netchannel.conformance.properties.RxBench;
import io.netchannel.conformance.vectors.VectorBundle;
import java.util.List;

/**
 * Chapter 01 vectors: who may issue which control request, the one answer each request gets in
 * the order of checks of section 4, and that a refused request changes nothing (PRIV-1 to
 * PRIV-10). Refusals are followed by a little traffic, so "nothing changed" includes later
 * behaviour (PRIV-8).
 */
final class PrivilegeVectors {

    private static final MacAddress MAC0 = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress MAC1 = MacAddress.parse("02:00:00:00:00:02");
    private static final MacAddress FRESH = MacAddress.parse("02:00:00:00:00:33");
    private static final MacAddress GROUP = MacAddress.parse("01:00:5e:00:00:01");
    private static final int OUT_OF_RANGE = 4096;

    private PrivilegeVectors() {
    }

    static List<VectorBundle.Entry> files() {
        return List.of(guestRequests(), guestConfig(), hostRequests(), macLists(), contextLimits());
    }

    // ------------------------------------------------------------------ set-ups and helpers

    private static final String TWO_CONTEXTS = "context 0 (MAC 02:00:00:00:00:01, promiscuous allowed, rings 1 and 2) and context 1 "
            + "(MAC 02:00:00:00:00:02, rings 3 and 4) live after one packet out and one frame in on context 0; ring pages 5 and 6 granted "
            + "to context 2 and 7 and 8 to context 3, which do not exist";

    /** Contexts 0 and 1 live and used once; ring pages ready for 2 and 3. */
    private static Harness twoContexts() {
        Harness harness = Harness.start(Generators.model());
        expect(harness, harness.create(0, true, MAC0), "Ok");
        expect(harness, harness.create(1, MAC1), "Ok");
        harness.guest(2);
        harness.guest(3);
        traffic(harness, 1);
        return harness;
    }

    /** Context 0 sends one 60-byte packet and receives one 100-byte frame; shows the context works as before. */
    private static void traffic(Harness harness, int seed) {
        GuestDriver guest = harness.guest(0);
        int page = harness.grantPage(0, Access.READ_ONLY);
        System.arraycopy(RxBench.frame(MAC1, 60, seed), 0, harness.memory().page(page), 0, 60);
        guest.writeOwnSource(List.of(new TxSlot.Data(page, 0, 0, seed, 60)));
        guest.send(List.of(new TxSlot.Data(page, 0, 0, seed, 60)));
        guest.post(harness.grantPage(0, Access.READ_WRITE));
        harness.receive(0, RxBench.frame(MAC0, 100, seed));
    }

    private static void expect(Harness harness, ControlResult result, String expected) {
        Check.equal("PRIV", harness, "control result", expected, Harness.describe(result));
    }

    private static void control(Harness harness, Caller caller, ControlRequest request, String expected) {
        expect(harness, harness.control(caller, request), expected);
    }

    private static String refused(String category) {
        return "Rejected(" + category + ")";
    }

    /** A host configuration over the ring pages of {@code ringsOf}'s guest. */
    private static ContextConfig config(Harness harness, int ringsOf, boolean promiscuousAllowed, MacAddress... macs) {
        GuestDriver guest = harness.guest(ringsOf);
        return ContextConfig.builder().macs(List.of(macs)).txRingGref(guest.txRing()).rxRingGref(guest.rxRing())
                .promiscuousAllowed(promiscuousAllowed).build();
    }

    private static ContextConfig config(Harness harness, int ringsOf, MacAddress... macs) {
        return config(harness, ringsOf, false, macs);
    }

    private static ContextConfig rings(int tx, int rx, MacAddress... macs) {
        return ContextConfig.builder().macs(List.of(macs)).txRingGref(tx).rxRingGref(rx).build();
    }

    private static GuestConfig groups(boolean promiscuous, MacAddress... multicast) {
        GuestConfig.Builder builder = GuestConfig.builder().promiscuous(promiscuous);
        for (MacAddress group : multicast) {
            builder.join(group);
        }
        return builder.build();
    }

    /** Makes {@code context} FAILED with an impossible TX producer index (RING-11). */
    private static void fail(Harness harness, int context) {
        GuestDriver guest = harness.guest(context);
        guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.header(Queue.TX, SharedRingLayout.RSP_PROD) + 100_000);
        harness.kick(context, Queue.TX);
        Check.equal("RING-11", harness, "state after req_prod 100000 ahead", ContextState.FAILED, harness.state(context));
    }

    private static void privilegeNotes(FileBuilder file) {
        file.note("PrivilegeEscalation", "ISOLATION_BREACH", "a guest issues a request only the host may issue",
                "a guest could change policy, rings or another guest's interface");
        file.note("CrossContext", "ISOLATION_BREACH", "a guest names a context other than its own", "one guest could reconfigure or probe another");
        file.note("OrderOfChecks", "EDGE_CASE", "the request breaks more than one check; the first in chapter 01's order decides",
                "two devices would give the same request different answers");
        file.note("CoreLimits", "IMPL_DEFINED", "assumes the reference model's DeviceLimits: 64 contexts, ids 0 to 4095, 8 MACs per context, "
                + "64 multicast groups (the core preset fixes only lower bounds)", "meaningful only for a device with exactly these limits");
    }

    // ------------------------------------------------------------------ PRIV-1, PRIV-2

    private static VectorBundle.Entry guestRequests() {
        FileBuilder file = FileBuilder.frame("privilege", "guest-requests",
                "A guest issuing create, update, reset or destroy is refused with PRIVILEGE before any other check, whatever it names, and "
                        + "nothing changes: the traffic after the refusal goes on as before (spec 01, sections 3 and 4; PRIV-1, PRIV-2, PRIV-8).");
        privilegeNotes(file);
        file.group(TWO_CONTEXTS, PrivilegeVectors::twoContexts)
                .test(Meta.invalid("privilege.guest-requests.create-absent-context", "guest 2 creates its own absent context over its own rings",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2", "PRIV-8").flags("PrivilegeEscalation"),
                        h -> {
                            control(h, Caller.guest(2), new ControlRequest.CreateContext(2, config(h, 2, FRESH)), refused("PRIVILEGE"));
                            h.receive(0, RxBench.frame(FRESH, 80, 5));
                        })
                .test(Meta.invalid("privilege.guest-requests.create-existing-context", "guest 0 creates context 0, which exists: PRIVILEGE, not CONTEXT_EXISTS",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2").flags("PrivilegeEscalation", "OrderOfChecks"),
                        h -> {
                            control(h, Caller.guest(0), new ControlRequest.CreateContext(0, config(h, 0, MAC0)), refused("PRIVILEGE"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.guest-requests.create-out-of-range", "guest 3 creates context −1: PRIVILEGE, not INVALID_CONFIG",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2").flags("PrivilegeEscalation", "OrderOfChecks"),
                        h -> control(h, Caller.guest(3), new ControlRequest.CreateContext(-1, config(h, 3, FRESH)), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-requests.update-own-context", "guest 0 moves its context to a new MAC; frames to the old MAC still arrive",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2", "PRIV-8").flags("PrivilegeEscalation"),
                        h -> {
                            control(h, Caller.guest(0), new ControlRequest.UpdateContext(0, config(h, 0, true, FRESH)), refused("PRIVILEGE"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.guest-requests.update-to-allow-promiscuous",
                                "guest 1 updates its context to allow promiscuous mode, then asks for it: both refused with PRIVILEGE",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2", "PRIV-4").flags("PrivilegeEscalation"),
                        h -> {
                            control(h, Caller.guest(1), new ControlRequest.UpdateContext(1, config(h, 1, true, MAC1)), refused("PRIVILEGE"));
                            control(h, Caller.guest(1), new ControlRequest.SetGuestConfig(1, groups(true)), refused("PRIVILEGE"));
                        })
                .test(Meta.invalid("privilege.guest-requests.update-other-context", "guest 0 updates context 1 to take its MAC away",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2").flags("PrivilegeEscalation", "CrossContext"),
                        h -> control(h, Caller.guest(0), new ControlRequest.UpdateContext(1, config(h, 1, FRESH)), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-requests.reset-own-context", "guest 0 resets its own active context; its indices stay as they were",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2", "PRIV-8").flags("PrivilegeEscalation"),
                        h -> {
                            control(h, Caller.guest(0), new ControlRequest.ResetContext(0), refused("PRIVILEGE"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.guest-requests.reset-own-failed-context",
                                "guest 0 resets its FAILED context: refused and it stays FAILED; the host's reset after the repair revives it",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2", "RING-13").flags("PrivilegeEscalation"),
                        h -> {
                            fail(h, 0);
                            control(h, Caller.guest(0), new ControlRequest.ResetContext(0), refused("PRIVILEGE"));
                            GuestDriver guest = h.guest(0);
                            guest.setHeader(Queue.TX, SharedRingLayout.REQ_PROD, guest.header(Queue.TX, SharedRingLayout.RSP_PROD));
                            control(h, Caller.HOST, new ControlRequest.ResetContext(0), "Ok");
                        })
                .test(Meta.invalid("privilege.guest-requests.reset-other-context", "guest 2 resets context 1",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2").flags("PrivilegeEscalation", "CrossContext"),
                        h -> control(h, Caller.guest(2), new ControlRequest.ResetContext(1), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-requests.destroy-own-context", "guest 0 destroys its own context; it keeps sending and receiving",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2", "PRIV-8").flags("PrivilegeEscalation"),
                        h -> {
                            control(h, Caller.guest(0), new ControlRequest.DestroyContext(0), refused("PRIVILEGE"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.guest-requests.destroy-other-context", "guest 1 destroys context 0; context 0 keeps working",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2", "PRIV-8").flags("PrivilegeEscalation", "CrossContext"),
                        h -> {
                            control(h, Caller.guest(1), new ControlRequest.DestroyContext(0), refused("PRIVILEGE"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.guest-requests.destroy-absent-context", "guest 3 destroys its absent context: PRIVILEGE, not NO_SUCH_CONTEXT",
                                rejected("PRIVILEGE"), "PRIV-1", "PRIV-2").flags("PrivilegeEscalation", "OrderOfChecks"),
                        h -> control(h, Caller.guest(3), new ControlRequest.DestroyContext(3), refused("PRIVILEGE")))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ PRIV-3, PRIV-4, PRIV-6 (guest side)

    private static VectorBundle.Entry guestConfig() {
        FileBuilder file = FileBuilder.frame("privilege", "guest-config",
                "Set-guest-config: a guest sets its own context only, promiscuous mode only where the host allows it (the host too), and the "
                        + "multicast list holds group addresses only (spec 01, section 4; PRIV-3, PRIV-4, PRIV-5, PRIV-6).");
        privilegeNotes(file);
        file.note("UnicastAsGroup", "MALFORMED", "a unicast address in a multicast list", "a guest could subscribe to another guest's unicast traffic");
        file.group(TWO_CONTEXTS, PrivilegeVectors::twoContexts)
                .test(Meta.valid("privilege.guest-config.own-multicast-list", "guest 0 joins 01:00:5e:00:00:01 on its own context", "PRIV-3"),
                        h -> control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(false, GROUP)), "Ok"))
                .test(Meta.valid("privilege.guest-config.own-promiscuous-allowed", "guest 0 turns promiscuous mode on where the host allows it",
                                "PRIV-3", "PRIV-4"),
                        h -> control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(true)), "Ok"))
                .test(Meta.valid("privilege.guest-config.host-sets-guest-config", "the host sets context 1's multicast list", "PRIV-3"),
                        h -> control(h, Caller.HOST, new ControlRequest.SetGuestConfig(1, groups(false, GROUP)), "Ok"))
                .test(Meta.valid("privilege.guest-config.replace-then-clear", "guest 0 sets two groups, then an empty list: each replaces the last",
                                "PRIV-3"),
                        h -> {
                            control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(false, GROUP, MacAddress.parse("33:33:00:00:00:01"))), "Ok");
                            control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, GuestConfig.DEFAULT), "Ok");
                        })
                .test(Meta.valid("privilege.guest-config.broadcast-is-a-group", "ff:ff:ff:ff:ff:ff has the group bit set and may be listed", "PRIV-6"),
                        h -> control(h, Caller.guest(1), new ControlRequest.SetGuestConfig(1, groups(false, MacAddress.BROADCAST)), "Ok"))
                .test(Meta.valid("privilege.guest-config.duplicate-groups-collapse", "the same group listed twice counts once", "PRIV-6"),
                        h -> control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(false, GROUP, GROUP)), "Ok"))
                .test(Meta.valid("privilege.guest-config.eight-groups", "eight distinct groups, the least every core device accepts", "PRIV-6"),
                        h -> control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(false, groupRange(8))), "Ok"))
                .test(Meta.invalid("privilege.guest-config.own-promiscuous-not-allowed",
                                "guest 1 asks for promiscuous mode its host configuration does not allow; its traffic is unchanged",
                                rejected("PRIVILEGE"), "PRIV-4", "PRIV-8").flags("PrivilegeEscalation"),
                        h -> {
                            control(h, Caller.guest(1), new ControlRequest.SetGuestConfig(1, groups(true)), refused("PRIVILEGE"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.guest-config.host-promiscuous-not-allowed",
                                "the host too is refused promiscuous mode on context 1: the right is granted by an update",
                                rejected("PRIVILEGE"), "PRIV-4"),
                        h -> control(h, Caller.HOST, new ControlRequest.SetGuestConfig(1, groups(true)), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-config.other-existing-context", "guest 0 sets context 1's guest configuration",
                                rejected("PRIVILEGE"), "PRIV-3", "PRIV-8").flags("CrossContext"),
                        h -> control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(1, groups(false, GROUP)), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-config.other-absent-context", "guest 0 names absent context 2: PRIVILEGE, so it learns nothing",
                                rejected("PRIVILEGE"), "PRIV-3").flags("CrossContext", "OrderOfChecks"),
                        h -> control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(2, GuestConfig.DEFAULT), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-config.other-negative-context", "guest 1 names context −1: PRIVILEGE, not INVALID_CONFIG",
                                rejected("PRIVILEGE"), "PRIV-3").flags("CrossContext", "OrderOfChecks"),
                        h -> control(h, Caller.guest(1), new ControlRequest.SetGuestConfig(-1, GuestConfig.DEFAULT), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-config.other-large-context", "guest 1 names context 4096: PRIVILEGE whether or not the id is in range",
                                rejected("PRIVILEGE"), "PRIV-3").flags("CrossContext", "OrderOfChecks"),
                        h -> control(h, Caller.guest(1), new ControlRequest.SetGuestConfig(OUT_OF_RANGE, GuestConfig.DEFAULT), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-config.own-absent-context", "guest 2 sets the configuration of its own context, which does not exist",
                                rejected("NO_SUCH_CONTEXT"), "PRIV-5"),
                        h -> control(h, Caller.guest(2), new ControlRequest.SetGuestConfig(2, GuestConfig.DEFAULT), refused("NO_SUCH_CONTEXT")))
                .test(Meta.invalid("privilege.guest-config.host-absent-context", "the host sets absent context 3",
                                rejected("NO_SUCH_CONTEXT"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.SetGuestConfig(3, groups(false, GROUP)), refused("NO_SUCH_CONTEXT")))
                .test(Meta.invalid("privilege.guest-config.host-negative-context", "the host sets context −1",
                                rejected("INVALID_CONFIG"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.SetGuestConfig(-1, GuestConfig.DEFAULT), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.guest-config.unicast-in-list", "guest 0 lists a group and the unicast 02:00:00:00:00:77",
                                rejected("INVALID_CONFIG"), "PRIV-6", "PRIV-8").flags("UnicastAsGroup"),
                        h -> {
                            control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(false, GROUP, MacAddress.parse("02:00:00:00:00:77"))),
                                    refused("INVALID_CONFIG"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.guest-config.neighbour-mac-in-list", "guest 0 lists context 1's unicast MAC as a group",
                                rejected("INVALID_CONFIG"), "PRIV-6").flags("UnicastAsGroup"),
                        h -> control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(false, MAC1)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.guest-config.promiscuous-and-unicast", "promiscuous not allowed and a unicast in the list: PRIVILEGE decides",
                                rejected("PRIVILEGE"), "PRIV-4", "PRIV-6").flags("OrderOfChecks", "UnicastAsGroup"),
                        h -> control(h, Caller.guest(1), new ControlRequest.SetGuestConfig(1, groups(true, MAC0)), refused("PRIVILEGE")))
                .test(Meta.invalid("privilege.guest-config.too-many-groups", "65 distinct groups, one more than maxMulticastGroups",
                                rejected("INVALID_CONFIG"), "PRIV-6").flags("CoreLimits"),
                        h -> control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(false, groupRange(65))), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.guest-config.failed-context", "guest 0 sets its configuration while its context is FAILED; the state stays",
                                error("context"), "PRIV-3", "RING-13"),
                        h -> {
                            fail(h, 0);
                            control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(true, GROUP)), "Ok");
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static MacAddress[] groupRange(int count) {
        MacAddress[] all = new MacAddress[count];
        for (int k = 0; k < count; k++) {
            all[k] = new MacAddress(0x01005E000100L + k);
        }
        return all;
    }

    // ------------------------------------------------------------------ PRIV-5, PRIV-9, PRIV-10

    private static VectorBundle.Entry hostRequests() {
        FileBuilder file = FileBuilder.frame("privilege", "host-requests",
                "The host's requests: one answer for every context id (PRIV-5), destroy stops everything at once and frees the id and MACs "
                        + "(PRIV-9), update keeps rings, indices and counters and refuses other ring grants (PRIV-10).");
        privilegeNotes(file);
        file.group(TWO_CONTEXTS, PrivilegeVectors::twoContexts)
                .test(Meta.valid("privilege.host-requests.create-new-context", "the host creates context 2 over its guest's rings; frames to its MAC count against it",
                                "PRIV-1", "RX-3"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, FRESH)), "Ok");
                            h.receive(0, RxBench.frame(FRESH, 80, 5));
                        })
                .test(Meta.invalid("privilege.host-requests.create-existing", "create of context 1, which exists", rejected("CONTEXT_EXISTS"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(1, config(h, 1, FRESH)), refused("CONTEXT_EXISTS")))
                .test(Meta.invalid("privilege.host-requests.create-existing-without-mac", "create of existing context 0 with no MAC: CONTEXT_EXISTS decides",
                                rejected("CONTEXT_EXISTS"), "PRIV-5", "PRIV-6").flags("OrderOfChecks"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(0, config(h, 0)), refused("CONTEXT_EXISTS")))
                .test(Meta.invalid("privilege.host-requests.create-negative-id", "create of context −1", rejected("INVALID_CONFIG"), "PRIV-5", "PRIV-8"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.CreateContext(-1, config(h, 3, FRESH)), refused("INVALID_CONFIG"));
                            h.receive(0, RxBench.frame(FRESH, 80, 5));
                        })
                .test(Meta.invalid("privilege.host-requests.create-min-int-id", "create of context −2147483648", rejected("INVALID_CONFIG"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(Integer.MIN_VALUE, config(h, 3, FRESH)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.host-requests.create-id-above-max", "create of context 4096, one above maxContextId",
                                rejected("INVALID_CONFIG"), "PRIV-5").flags("CoreLimits"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(OUT_OF_RANGE, config(h, 3, FRESH)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.host-requests.update-absent", "update of absent context 3", rejected("NO_SUCH_CONTEXT"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.UpdateContext(3, config(h, 3, FRESH)), refused("NO_SUCH_CONTEXT")))
                .test(Meta.invalid("privilege.host-requests.update-negative-id", "update of context −1", rejected("INVALID_CONFIG"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.UpdateContext(-1, config(h, 0, MAC0)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.host-requests.reset-absent", "reset of absent context 2", rejected("NO_SUCH_CONTEXT"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.ResetContext(2), refused("NO_SUCH_CONTEXT")))
                .test(Meta.invalid("privilege.host-requests.reset-min-int-id", "reset of context −2147483648", rejected("INVALID_CONFIG"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.ResetContext(Integer.MIN_VALUE), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.host-requests.destroy-absent", "destroy of absent context 3", rejected("NO_SUCH_CONTEXT"), "PRIV-5"),
                        h -> control(h, Caller.HOST, new ControlRequest.DestroyContext(3), refused("NO_SUCH_CONTEXT")))
                .test(Meta.invalid("privilege.host-requests.destroy-negative-id", "destroy of context −1; context 0 carries on",
                                rejected("INVALID_CONFIG"), "PRIV-5", "PRIV-8"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.DestroyContext(-1), refused("INVALID_CONFIG"));
                            traffic(h, 2);
                        })
                .test(Meta.valid("privilege.host-requests.destroy-stops-everything",
                                "after a destroy the context's kicks do nothing and frames to its MAC count WIRE_DROP_NO_CONTEXT", "PRIV-9", "RX-1"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
                            traffic(h, 2);
                            h.kick(0, Queue.TX);
                        })
                .test(Meta.invalid("privilege.host-requests.destroy-failed-context", "a FAILED context is destroyed like an active one",
                                error("context"), "PRIV-9", "RING-13"),
                        h -> {
                            fail(h, 0);
                            control(h, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
                            h.receive(0, RxBench.frame(MAC0, 80, 5));
                        })
                .test(Meta.valid("privilege.host-requests.destroy-then-recreate", "context 0 destroyed and created again on new rings starts from 0",
                                "PRIV-9"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.DestroyContext(0), "Ok");
                            GuestDriver fresh = h.guest(0, h.grantPage(0, Access.READ_WRITE), h.grantPage(0, Access.READ_WRITE));
                            fresh.initRings(0, 0);
                            control(h, Caller.HOST, new ControlRequest.CreateContext(0, rings(fresh.txRing(), fresh.rxRing(), MAC0)), "Ok");
                            traffic(h, 2);
                        })
                .test(Meta.valid("privilege.host-requests.destroy-frees-mac", "after context 1 is destroyed its MAC may be given to context 2",
                                "PRIV-9", "PRIV-6"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.DestroyContext(1), "Ok");
                            control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, MAC1)), "Ok");
                        })
                .test(Meta.valid("privilege.host-requests.reset-active-context", "reset of active context 0 re-attaches at rsp_prod; counters and indices go on",
                                "PRIV-1", "RING-14"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.ResetContext(0), "Ok");
                            traffic(h, 2);
                        })
                .test(Meta.valid("privilege.host-requests.update-new-mac", "context 0 moves to a new MAC: frames follow it, rings and counters are kept",
                                "PRIV-10"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.UpdateContext(0, config(h, 0, true, FRESH)), "Ok");
                            traffic(h, 2);
                            h.guest(0).post(h.grantPage(0, Access.READ_WRITE));
                            h.receive(0, RxBench.frame(FRESH, 120, 3));
                        })
                .test(Meta.valid("privilege.host-requests.update-keeps-own-mac", "an update listing the context's own MAC is not a MAC of another context",
                                "PRIV-6", "PRIV-10"),
                        h -> control(h, Caller.HOST, new ControlRequest.UpdateContext(0, config(h, 0, true, MAC0)), "Ok"))
                .test(Meta.invalid("privilege.host-requests.update-withdraws-promiscuous",
                                "guest 0 is promiscuous; an update withdraws the right, and asking for it again is refused",
                                rejected("PRIVILEGE"), "PRIV-10", "PRIV-4"),
                        h -> {
                            control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(true)), "Ok");
                            control(h, Caller.HOST, new ControlRequest.UpdateContext(0, config(h, 0, false, MAC0)), "Ok");
                            control(h, Caller.guest(0), new ControlRequest.SetGuestConfig(0, groups(true)), refused("PRIVILEGE"));
                        })
                .test(Meta.invalid("privilege.host-requests.update-other-tx-ring", "an update naming another TX ring page; context 0 carries on",
                                rejected("INVALID_CONFIG"), "PRIV-10", "PRIV-8"),
                        h -> {
                            int other = h.grantPage(0, Access.READ_WRITE);
                            control(h, Caller.HOST, new ControlRequest.UpdateContext(0, rings(other, h.guest(0).rxRing(), MAC0)), refused("INVALID_CONFIG"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.host-requests.update-other-rx-ring", "an update naming another RX ring page",
                                rejected("INVALID_CONFIG"), "PRIV-10"),
                        h -> {
                            int other = h.grantPage(0, Access.READ_WRITE);
                            control(h, Caller.HOST, new ControlRequest.UpdateContext(0, rings(h.guest(0).txRing(), other, MAC0)), refused("INVALID_CONFIG"));
                        })
                .test(Meta.invalid("privilege.host-requests.update-swapped-rings", "an update naming the same two pages with TX and RX swapped",
                                rejected("INVALID_CONFIG"), "PRIV-10"),
                        h -> control(h, Caller.HOST, new ControlRequest.UpdateContext(0, rings(h.guest(0).rxRing(), h.guest(0).txRing(), MAC0)),
                                refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.host-requests.update-other-rings-and-no-mac", "no MAC and other rings: both INVALID_CONFIG, the MAC check first",
                                rejected("INVALID_CONFIG"), "PRIV-6", "PRIV-10").flags("OrderOfChecks"),
                        h -> control(h, Caller.HOST, new ControlRequest.UpdateContext(1, rings(h.guest(2).txRing(), h.guest(2).rxRing())), refused("INVALID_CONFIG")))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    // ------------------------------------------------------------------ PRIV-6 (host side)

    private static VectorBundle.Entry macLists() {
        FileBuilder file = FileBuilder.frame("privilege", "mac-lists",
                "The MAC list of a create or update: at least one, at most maxMacsPerContext, no duplicate, no group address, none owned by "
                        + "another live context; anything else is INVALID_CONFIG and changes nothing (spec 01, section 4, check 4; PRIV-6, PRIV-8).");
        privilegeNotes(file);
        file.note("GroupAsUnicast", "MALFORMED", "a group (multicast or broadcast) address in a context's own MAC list",
                "the device would treat a group address as one context's unicast address");
        file.note("MacTheft", "SPOOFING", "a MAC another live context owns", "frames for one guest could be steered to another");
        file.group(TWO_CONTEXTS, PrivilegeVectors::twoContexts)
                .test(Meta.invalid("privilege.mac-lists.create-no-mac", "create of context 2 owning no MAC", rejected("INVALID_CONFIG"), "PRIV-6", "PRIV-8"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.create-duplicate-mac", "the same MAC twice", rejected("INVALID_CONFIG"), "PRIV-6"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, FRESH, FRESH)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.create-broadcast", "ff:ff:ff:ff:ff:ff as the context's MAC", rejected("INVALID_CONFIG"), "PRIV-6")
                                .flags("GroupAsUnicast"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, MacAddress.BROADCAST)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.create-ipv4-multicast", "01:00:5e:00:00:01 as the context's MAC", rejected("INVALID_CONFIG"),
                                "PRIV-6").flags("GroupAsUnicast"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, GROUP)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.create-ipv6-multicast", "33:33:00:00:00:01 as the context's MAC", rejected("INVALID_CONFIG"),
                                "PRIV-6").flags("GroupAsUnicast"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, MacAddress.parse("33:33:00:00:00:01"))),
                                refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.create-local-group", "03:00:00:00:00:01: locally administered, but the group bit is set",
                                rejected("INVALID_CONFIG"), "PRIV-6").flags("GroupAsUnicast"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, MacAddress.parse("03:00:00:00:00:01"))),
                                refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.create-owned-by-other", "context 2 would own context 1's MAC; frames to it still reach context 1",
                                rejected("INVALID_CONFIG"), "PRIV-6", "PRIV-8").flags("MacTheft"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, MAC1)), refused("INVALID_CONFIG"));
                            h.receive(0, RxBench.frame(MAC1, 80, 5));
                        })
                .test(Meta.invalid("privilege.mac-lists.create-one-owned-by-other", "a fresh MAC and context 0's MAC", rejected("INVALID_CONFIG"),
                                "PRIV-6").flags("MacTheft"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, FRESH, MAC0)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.create-owned-by-failed", "a FAILED context still owns its MAC",
                                rejected("INVALID_CONFIG"), "PRIV-6", "RING-13").flags("MacTheft"),
                        h -> {
                            fail(h, 1);
                            control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, MAC1)), refused("INVALID_CONFIG"));
                        })
                .test(Meta.invalid("privilege.mac-lists.create-no-mac-same-rings", "no MAC and one page for both rings: the MAC check comes first",
                                rejected("INVALID_CONFIG"), "PRIV-6", "MEM-6").flags("OrderOfChecks"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, rings(h.guest(2).txRing(), h.guest(2).txRing())), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.create-nine-macs", "nine MACs, one more than maxMacsPerContext", rejected("INVALID_CONFIG"),
                                "PRIV-6").flags("CoreLimits"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, unicastRange(9))), refused("INVALID_CONFIG")))
                .test(Meta.valid("privilege.mac-lists.create-eight-macs", "eight MACs, exactly maxMacsPerContext; frames to the last one arrive", "PRIV-6")
                                .flags("CoreLimits"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, unicastRange(8))), "Ok");
                            h.receive(0, RxBench.frame(unicastRange(8)[7], 80, 5));
                        })
                .test(Meta.valid("privilege.mac-lists.create-all-zero-mac", "00:00:00:00:00:00 is unicast and owned by nobody", "PRIV-6"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(2, config(h, 2, MacAddress.parse("00:00:00:00:00:00"))), "Ok"))
                .test(Meta.invalid("privilege.mac-lists.update-no-mac", "context 0 updated to own no MAC; it still receives on its MAC",
                                rejected("INVALID_CONFIG"), "PRIV-6", "PRIV-8"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.UpdateContext(0, config(h, 0, true)), refused("INVALID_CONFIG"));
                            traffic(h, 2);
                        })
                .test(Meta.invalid("privilege.mac-lists.update-broadcast", "context 0 updated to own the broadcast address", rejected("INVALID_CONFIG"),
                                "PRIV-6").flags("GroupAsUnicast"),
                        h -> control(h, Caller.HOST, new ControlRequest.UpdateContext(0, config(h, 0, true, MacAddress.BROADCAST)), refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.mac-lists.update-take-neighbour-mac", "context 0 updated to own context 1's MAC", rejected("INVALID_CONFIG"),
                                "PRIV-6").flags("MacTheft"),
                        h -> control(h, Caller.HOST, new ControlRequest.UpdateContext(0, config(h, 0, true, MAC1)), refused("INVALID_CONFIG")))
                .test(Meta.valid("privilege.mac-lists.update-take-destroyed-mac", "once context 1 is destroyed, context 0 may take its MAC", "PRIV-6", "PRIV-9"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.DestroyContext(1), "Ok");
                            control(h, Caller.HOST, new ControlRequest.UpdateContext(0, config(h, 0, true, MAC1)), "Ok");
                        })
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }

    private static MacAddress[] unicastRange(int count) {
        MacAddress[] all = new MacAddress[count];
        for (int k = 0; k < count; k++) {
            all[k] = new MacAddress(0x020000000100L + k);
        }
        return all;
    }

    // ------------------------------------------------------------------ PRIV-7

    /** Every one of the reference model's 64 contexts live (ids 0 to 63); ring pages ready for id 64. */
    private static Harness allContexts() {
        Harness harness = Harness.start(Generators.model());
        int max = Generators.model().limits().maxContexts();
        for (int k = 0; k < max; k++) {
            expect(harness, harness.create(k, new MacAddress(0x020000010000L + k)), "Ok");
        }
        harness.guest(max);
        return harness;
    }

    private static VectorBundle.Entry contextLimits() {
        int max = Generators.model().limits().maxContexts();
        if (max != 64) {
            throw new IllegalStateException("these vectors assume maxContexts = 64, the model has " + max);
        }
        FileBuilder file = FileBuilder.frame("privilege", "context-limits",
                "A create beyond maxContexts live contexts answers no-context-available and changes nothing; FAILED contexts count as live, "
                        + "a destroy frees a place, and the earlier checks of a create still decide first (spec 01, section 4, check 7; PRIV-7). "
                        + "These tests assume maxContexts = 64.");
        privilegeNotes(file);
        file.note("OutOfContexts", "RESOURCE_EXHAUSTION", "every context the device has is live", "a device that fails or corrupts state when full, "
                + "instead of answering no-context-available, leaves the host no software fallback");
        String comment = "contexts 0 to 63 live (MACs 02:00:00:01:00:00 + id, rings on pages 1 to 128); pages 129 and 130 granted to context 64 as rings";
        file.group(comment, PrivilegeVectors::allContexts)
                .test(Meta.valid("privilege.context-limits.create-beyond-max", "the 65th create answers no-context-available; frames to its MAC find no owner",
                                "PRIV-7", "PRIV-8").flags("CoreLimits", "OutOfContexts"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.CreateContext(64, config(h, 64, FRESH)), "NoContextAvailable");
                            h.receive(0, RxBench.frame(FRESH, 80, 5));
                        })
                .test(Meta.valid("privilege.context-limits.destroy-frees-a-place", "after one destroy the same create answers ok", "PRIV-7", "PRIV-9")
                                .flags("CoreLimits", "OutOfContexts"),
                        h -> {
                            control(h, Caller.HOST, new ControlRequest.CreateContext(64, config(h, 64, FRESH)), "NoContextAvailable");
                            control(h, Caller.HOST, new ControlRequest.DestroyContext(17), "Ok");
                            control(h, Caller.HOST, new ControlRequest.CreateContext(64, config(h, 64, FRESH)), "Ok");
                        })
                .test(Meta.invalid("privilege.context-limits.failed-still-counts", "a FAILED context keeps its place: the create still finds no room",
                                error("context"), "PRIV-7", "RING-13").flags("CoreLimits", "OutOfContexts"),
                        h -> {
                            fail(h, 3);
                            control(h, Caller.HOST, new ControlRequest.CreateContext(64, config(h, 64, FRESH)), "NoContextAvailable");
                        })
                .test(Meta.invalid("privilege.context-limits.bad-mac-beyond-max", "a create that is both beyond max and steals context 0's MAC: INVALID_CONFIG",
                                rejected("INVALID_CONFIG"), "PRIV-6", "PRIV-7").flags("CoreLimits", "OrderOfChecks"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(64, config(h, 64, new MacAddress(0x020000010000L))),
                                refused("INVALID_CONFIG")))
                .test(Meta.invalid("privilege.context-limits.bad-ring-beyond-max", "beyond max with a read-only TX ring grant: BAD_RING",
                                rejected("BAD_RING"), "MEM-6", "PRIV-7").flags("CoreLimits", "OrderOfChecks"),
                        h -> {
                            int readOnly = h.grantPage(64, Access.READ_ONLY);
                            control(h, Caller.HOST, new ControlRequest.CreateContext(64, rings(readOnly, h.guest(64).rxRing(), FRESH)), refused("BAD_RING"));
                        })
                .test(Meta.invalid("privilege.context-limits.corrupt-ring-beyond-max", "beyond max with TX req_prod 300 ahead of rsp_prod: BAD_RING",
                                rejected("BAD_RING"), "RING-14", "PRIV-7").flags("CoreLimits", "OrderOfChecks"),
                        h -> {
                            h.guest(64).setHeader(Queue.TX, SharedRingLayout.REQ_PROD, 300);
                            control(h, Caller.HOST, new ControlRequest.CreateContext(64, config(h, 64, FRESH)), refused("BAD_RING"));
                        })
                .test(Meta.invalid("privilege.context-limits.existing-id-at-max", "create of live context 63 when full: CONTEXT_EXISTS",
                                rejected("CONTEXT_EXISTS"), "PRIV-5", "PRIV-7").flags("CoreLimits", "OrderOfChecks"),
                        h -> control(h, Caller.HOST, new ControlRequest.CreateContext(63, config(h, 64, FRESH)), refused("CONTEXT_EXISTS")))
                .test(Meta.invalid("privilege.context-limits.guest-create-at-max", "a guest's create when full: PRIVILEGE",
                                rejected("PRIVILEGE"), "PRIV-2", "PRIV-7").flags("CoreLimits", "OrderOfChecks", "PrivilegeEscalation"),
                        h -> control(h, Caller.guest(2), new ControlRequest.CreateContext(64, config(h, 64, FRESH)), refused("PRIVILEGE")))
                .done();
        return LayoutVectors.withUsedNotes(file.build());
    }
}
