package io.netchannel.model.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.netchannel.api.Access;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** MEM-2, MEM-3, MEM-5, MEM-6: what a grant lets the device do. */
class GrantRulesTest {

    @Test
    void required_MEM2_MEM3_accessTable() {
        assertThat(GrantRules.mayRead(Access.NONE)).isFalse();
        assertThat(GrantRules.mayRead(Access.READ_ONLY)).isTrue();
        assertThat(GrantRules.mayRead(Access.READ_WRITE)).isTrue();
        assertThat(GrantRules.mayWrite(Access.NONE)).isFalse();
        assertThat(GrantRules.mayWrite(Access.READ_ONLY)).isFalse();
        assertThat(GrantRules.mayWrite(Access.READ_WRITE)).isTrue();
        assertThat(GrantRules.mayHoldRing(Access.READ_ONLY)).isFalse();
        assertThat(GrantRules.mayHoldRing(Access.READ_WRITE)).isTrue();
    }

    @Test
    void required_MEM5_pageBoundsAtTheEdges() {
        assertThat(GrantRules.insidePage(0, 4096)).isTrue();
        assertThat(GrantRules.insidePage(4096, 0)).isTrue();
        assertThat(GrantRules.insidePage(4095, 2)).isFalse();
        assertThat(GrantRules.insidePage(4097, 0)).isFalse();
        assertThat(GrantRules.insidePage(-1, 1)).isFalse();
        assertThat(GrantRules.insidePage(65535, 65535)).isFalse();
    }

    @Property
    void required_MEM5_insideMeansEveryByteIsInThePage(@ForAll @IntRange(min = 0, max = 65535) int offset,
                                                        @ForAll @IntRange(min = 1, max = 65535) int length) {
        boolean everyByte = offset + length - 1 < 4096;
        assertThat(GrantRules.insidePage(offset, length)).isEqualTo(everyByte);
    }

    @Test
    void required_MEM6_ringGrantsMustBeTwoDistinctReadWritePages() {
        assertThat(GrantRules.ringGrantProblem(1, Access.READ_WRITE, 2, Access.READ_WRITE)).isEmpty();
        assertThat(GrantRules.ringGrantProblem(1, Access.READ_ONLY, 2, Access.READ_WRITE)).isPresent();
        assertThat(GrantRules.ringGrantProblem(1, Access.READ_WRITE, 2, Access.NONE)).isPresent();
        assertThat(GrantRules.ringGrantProblem(3, Access.READ_WRITE, 3, Access.READ_WRITE)).isPresent();
    }
}
