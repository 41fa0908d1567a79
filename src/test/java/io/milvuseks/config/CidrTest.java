package io.milvuseks.config;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {

    @Property
    void formatAndParseRoundTrip(@ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long ip,
                                 @ForAll @IntRange(min = 0, max = 32) int prefix) {
        var base = ip & Cidr.mask(prefix);
        var cidr = new Cidr(base, prefix);
        assertThat(Cidr.parse(cidr.toString())).contains(cidr);
        assertThat(cidr.contains(cidr)).isTrue();
        assertThat(cidr.overlaps(cidr)).isTrue();
    }

    @Test
    void rejectsMalformedBlocks() {
        assertThat(Cidr.parse("10.0.0.0")).isEmpty();
        assertThat(Cidr.parse("10.0.0.256/24")).isEmpty();
        assertThat(Cidr.parse("10.0.0.0/33")).isEmpty();
        assertThat(Cidr.parse("10.0.0.1/16")).as("host bits set").isEmpty();
    }

    @Test
    void privateRangesAndContainment() {
        assertThat(Cidr.parse("10.40.0.0/16").orElseThrow().isPrivate()).isTrue();
        assertThat(Cidr.parse("172.32.0.0/16").orElseThrow().isPrivate()).isFalse();
        assertThat(Cidr.parse("192.168.0.0/16").orElseThrow().isPrivate()).isTrue();
        var vpc = Cidr.parse("10.40.0.0/16").orElseThrow();
        assertThat(vpc.contains(Cidr.parse("10.40.32.0/19").orElseThrow())).isTrue();
        assertThat(vpc.contains(Cidr.parse("10.41.0.0/19").orElseThrow())).isFalse();
        assertThat(Cidr.parse("10.40.0.0/19").orElseThrow().overlaps(Cidr.parse("10.40.31.0/24").orElseThrow()))
                .isTrue();
        assertThat(Cidr.parse("10.40.0.0/19").orElseThrow().overlaps(Cidr.parse("10.40.32.0/24").orElseThrow()))
                .isFalse();
    }
}
