package io.netchannel.api;

/**
 * How frames one guest sends reach the other guests of the same host (spec 08, section 4). The
 * host chooses with {@link ControlRequest.SetSwitchMode}; a device starts in {@link #VEPA}.
 *
 * <p>In every mode a frame passes its sender's TX checks (chapter 07) before it is switched, and
 * a switched copy passes the receiver's demux (chapter 06) exactly as a frame from the wire would:
 * its VLAN, its multicast list, its promiscuous mode, and source pruning, so it never returns to
 * its sender.
 */
public enum SwitchMode {
    /**
     * Virtual Ethernet Port Aggregator (IEEE 802.1Qbg): every frame leaves on the wire; another
     * guest receives it only if the external switch sends it back (CTX-5).
     */
    VEPA,
    /**
     * Virtual Ethernet Bridge: the device's internal bridge delivers the frame to the other guests
     * that take it, and sends it to the wire unless it is unicast to another guest (CTX-6).
     */
    VEB,
    /**
     * The host's software path switches between guests, with the effect VEB has; a device on its
     * own answers {@link RejectCategory#NOT_SUPPORTED} (CTX-7).
     */
    SOFTWARE
}
