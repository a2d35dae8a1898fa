package io.netchannel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The in-memory grant table gives exactly the contract's statuses, and a page stays the guest's. */
class InMemoryGuestMemoryTest {

    private final InMemoryGuestMemory memory = new InMemoryGuestMemory(16);

    @Test
    void accessIsTheOwnersOnlyAndWritesNeedReadWrite() {
        memory.grant(3, 1, Access.READ_ONLY);
        assertThat(memory.access(1, 3)).isEqualTo(Access.READ_ONLY);
        assertThat(memory.access(2, 3)).isEqualTo(Access.NONE);
        assertThat(memory.access(1, 4)).isEqualTo(Access.NONE);
        assertThat(memory.access(1, -1)).isEqualTo(Access.NONE);
        assertThat(memory.access(1, 16)).isEqualTo(Access.NONE);
        byte[] buffer = new byte[8];
        assertThat(memory.read(2, 3, 0, buffer, 0, 8)).isEqualTo(GuestMemory.NO_GRANT);
        assertThat(memory.write(1, 3, 0, buffer, 0, 8)).isEqualTo(GuestMemory.READ_ONLY);
        assertThat(memory.writeU32(1, 3, 0, 7)).isEqualTo(GuestMemory.READ_ONLY);
        assertThat(memory.page(3)).containsOnly(0);
    }

    @Test
    void aRangeMustLieInsideItsPage() {
        memory.grant(0, 0, Access.READ_WRITE);
        assertThat(memory.readU32(0, 0, 4092)).isZero();
        assertThat(memory.readU32(0, 0, 4093)).isEqualTo(GuestMemory.OUT_OF_PAGE);
        assertThat(memory.write(0, 0, -1, new byte[1], 0, 1)).isEqualTo(GuestMemory.OUT_OF_PAGE);
        assertThat(memory.write(0, 0, 4096, new byte[0], 0, 0)).isEqualTo(GuestMemory.OK);
    }

    @Test
    void u32FieldsAreLittleEndianAndUnsigned() {
        byte[] page = memory.grant(1, 0, Access.READ_WRITE);
        page[8] = 0x01;
        page[9] = 0x02;
        page[10] = 0x03;
        page[11] = (byte) 0x84; // 0x84030201: above 2^31, read as unsigned
        assertThat(memory.readU32(0, 1, 8)).isEqualTo(0x8403_0201L);
        assertThat(memory.writeU32(0, 1, 0, 0x0A0B0C0D)).isEqualTo(GuestMemory.OK);
        assertThat(new byte[] {page[0], page[1], page[2], page[3]}).containsExactly(0x0D, 0x0C, 0x0B, 0x0A);
    }

    @Test
    void revokingMovesTheEpochAndThePageKeepsItsBytes() {
        byte[] page = memory.grant(5, 2, Access.READ_WRITE);
        page[0] = 42;
        long epoch = memory.revocationEpoch();
        memory.revoke(5);
        assertThat(memory.revocationEpoch()).isEqualTo(epoch + 1);
        assertThat(memory.access(2, 5)).isEqualTo(Access.NONE);
        memory.revoke(5); // nothing left to revoke: the epoch stays
        assertThat(memory.revocationEpoch()).isEqualTo(epoch + 1);
        assertThat(memory.grant(5, 2, Access.READ_ONLY)).isSameAs(page).startsWith(42);
        assertThatThrownBy(() -> memory.grant(16, 0, Access.READ_ONLY)).hasMessageContaining("gref=16");
        assertThatThrownBy(() -> memory.grant(1, 0, Access.NONE)).hasMessageContaining("READ_ONLY or READ_WRITE");
    }
}
