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

    /** The union size against counting addresses one by one, inside 10.0.0.0/20 so brute force stays cheap. */
    @Property(tries = 200)
    void unionSizeCountsEveryAddressOnce(@ForAll @net.jqwik.api.constraints.Size(max = 6)
                                         java.util.List<@IntRange(min = 0, max = 4095) Integer> offsets,
                                         @ForAll @IntRange(min = 20, max = 32) int prefix) {
        var base = Cidr.parse("10.0.0.0/20").orElseThrow().base();
        var blocks = new java.util.ArrayList<Cidr>();
        var seen = new java.util.HashSet<Long>();
        for (int i = 0; i < offsets.size(); i++) {
            int p = prefix + (i % 3 == 0 ? 0 : Math.min(32 - prefix, i)); // mix of sizes
            var block = new Cidr((base + offsets.get(i)) & Cidr.mask(p), p);
            blocks.add(block);
            for (long a = block.base(); a <= block.last(); a++) {
                seen.add(a);
            }
        }
        assertThat(Cidr.unionSize(blocks)).isEqualTo(seen.size());
    }

    @Test
    void twoHalvesOfTheInternetAreTheWholeInternet() {
        assertThat(Cidr.unionSize(java.util.List.of(Cidr.parse("0.0.0.0/1").orElseThrow(),
                Cidr.parse("128.0.0.0/1").orElseThrow()))).isEqualTo(1L << 32);
    }
}
