package io.netchannel.conformance.harness;

import io.netchannel.api.MacAddress;
import io.netchannel.api.layout.ExtraInfoLayout;
import io.netchannel.api.layout.TxRequestLayout;
import java.util.Arrays;

/** What a guest writes into one 12-byte TX ring entry: a fragment request or an extra-info slot. */
public sealed interface TxSlot permits TxSlot.Data, TxSlot.Extra {

    /** The 12 entry bytes, little-endian, as the guest writes them. */
    byte[] entry();

    /** The id a response to this slot must echo (DESC-14): the request id, or an extra's first two bytes. */
    int echoedId();

    /**
     * A {@code netif_tx_request}: the first slot of a packet or a data slot after it.
     *
     * @param gref grant of the fragment page
     * @param offset byte offset in the page
     * @param flags {@code NETTXF_*}
     * @param id the guest's cookie
     * @param size first slot: whole packet length; data slot: its own length
     */
    record Data(int gref, int offset, int flags, int id, int size) implements TxSlot {
        @Override
        public byte[] entry() {
            byte[] entry = new byte[TxRequestLayout.ENTRY_SIZE];
            Bytes.put32(entry, TxRequestLayout.GREF, gref);
            Bytes.put16(entry, TxRequestLayout.OFFSET, offset);
            Bytes.put16(entry, TxRequestLayout.FLAGS, flags);
            Bytes.put16(entry, TxRequestLayout.ID, id);
            Bytes.put16(entry, TxRequestLayout.SIZE, size);
            return entry;
        }

        @Override
        public int echoedId() {
            return id & 0xFFFF;
        }

        /** True when {@code NETTXF_more_data} is set. */
        public boolean moreData() {
            return (flags & TxRequestLayout.FLAG_MORE_DATA) != 0;
        }

        /** True when {@code NETTXF_extra_info} is set. */
        public boolean extraInfo() {
            return (flags & TxRequestLayout.FLAG_EXTRA_INFO) != 0;
        }

        /** This slot with other flags. */
        public Data withFlags(int newFlags) {
            return new Data(gref, offset, newFlags, id, size);
        }

        /** This slot with another size. */
        public Data withSize(int newSize) {
            return new Data(gref, offset, flags, id, newSize);
        }

        @Override
        public String toString() {
            return "Data{gref=" + gref + " off=" + offset + " flags=0x" + Integer.toHexString(flags) + " id=" + id + " size=" + size + "}";
        }
    }

    /**
     * A {@code netif_extra_info} slot: type, flags and six payload bytes; bytes 8 to 11 of the entry
     * are zero.
     */
    record Extra(int type, int flags, byte[] payload) implements TxSlot {

        /** Copies the payload, which has six bytes. */
        public Extra {
            if (payload.length != 6) {
                throw new IllegalArgumentException("an extra-info payload has 6 bytes: length=" + payload.length);
            }
            payload = payload.clone();
        }

        /** A GSO extra. */
        public static Extra gso(int mss, int gsoType, boolean more) {
            byte[] payload = new byte[6];
            Bytes.put16(payload, ExtraInfoLayout.GSO_SIZE - 2, mss);
            payload[ExtraInfoLayout.GSO_TYPE - 2] = (byte) gsoType;
            return new Extra(ExtraInfoLayout.TYPE_GSO, more ? ExtraInfoLayout.FLAG_MORE : 0, payload);
        }

        /** A MCAST_ADD or MCAST_DEL extra. */
        public static Extra multicast(int type, MacAddress address, boolean more) {
            byte[] payload = new byte[6];
            address.write(payload, 0);
            return new Extra(type, more ? ExtraInfoLayout.FLAG_MORE : 0, payload);
        }

        /** An extra of any type with the given payload byte repeated. */
        public static Extra of(int type, boolean more, int fill) {
            byte[] payload = new byte[6];
            Arrays.fill(payload, (byte) fill);
            return new Extra(type, more ? ExtraInfoLayout.FLAG_MORE : 0, payload);
        }

        @Override
        public byte[] entry() {
            byte[] entry = new byte[TxRequestLayout.ENTRY_SIZE];
            entry[ExtraInfoLayout.TYPE] = (byte) type;
            entry[ExtraInfoLayout.FLAGS] = (byte) flags;
            System.arraycopy(payload, 0, entry, 2, 6);
            return entry;
        }

        @Override
        public int echoedId() {
            return (type & 0xFF) | (flags & 0xFF) << 8;
        }

        /** True when {@code XEN_NETIF_EXTRA_FLAG_MORE} is set. */
        public boolean more() {
            return (flags & ExtraInfoLayout.FLAG_MORE) != 0;
        }

        /** The GSO size field. */
        public int gsoSize() {
            return Bytes.u16(payload, ExtraInfoLayout.GSO_SIZE - 2);
        }

        /** The GSO type field. */
        public int gsoType() {
            return payload[ExtraInfoLayout.GSO_TYPE - 2] & 0xFF;
        }

        /** The multicast address of a MCAST extra. */
        public MacAddress address() {
            return MacAddress.read(payload, 0);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Extra e && e.type == type && e.flags == flags && Arrays.equals(e.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * type + flags) + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Extra{type=" + type + " flags=0x" + Integer.toHexString(flags) + " payload=" + Bytes.hex(payload, 6) + "}";
        }
    }
}
