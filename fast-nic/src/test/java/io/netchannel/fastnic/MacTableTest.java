package io.netchannel.fastnic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacTableTest {

    @Test
    void findsEveryKeyItHoldsAndMissesOthersWhenFull() {
        MacTable table = new MacTable(512);
        for (int i = 0; i < 512; i++) {
            table.put(MacTable.key(0, 0x0200_0000_0000L + i), i);
        }
        assertThat(table.size()).isEqualTo(512);
        for (int i = 0; i < 512; i++) {
            assertThat(table.get(MacTable.key(0, 0x0200_0000_0000L + i))).isEqualTo(i);
        }
        assertThat(table.get(MacTable.key(0, 0x0200_0000_0000L + 512))).isEqualTo(MacTable.MISSING);
        assertThat(table.get(MacTable.key(1, 0x0200_0000_0000L))).as("another VLAN is another key").isEqualTo(MacTable.MISSING);
        assertThatThrownBy(() -> table.put(MacTable.key(0, 1), 1)).isInstanceOf(IllegalStateException.class);

        table.clear();
        assertThat(table.get(MacTable.key(0, 0x0200_0000_0000L))).isEqualTo(MacTable.MISSING);
        assertThat(table.size()).isZero();
    }

    @Test
    void keyLeavesRoomForTheVlanAboveTheMac() {
        assertThat(MacTable.key(4095, 0xFFFF_FFFF_FFFFL)).isEqualTo(0x0FFF_FFFF_FFFF_FFFFL);
    }
}
