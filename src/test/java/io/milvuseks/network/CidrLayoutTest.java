package io.milvuseks.network;

import io.milvuseks.config.Cidr;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrLayoutTest {

    /** Any RFC 1918 block from /16 to /22 (the stack accepts /16../20; the layout works down to /22). */
    @Provide
    Arbitrary<Cidr> vpcs() {
        var tens = Combinators.combine(Arbitraries.integers().between(16, 22), Arbitraries.longs()
                .between(0, (1L << 24) - 1)).as((prefix, host) -> block(0x0A000000L, host, prefix));
        var oneSevenTwo = Combinators.combine(Arbitraries.integers().between(16, 22), Arbitraries.longs()
                .between(0, (1L << 20) - 1)).as((prefix, host) -> block(0xAC100000L, host, prefix));
        var oneNineTwo = Arbitraries.integers().between(16, 22).map(prefix -> block(0xC0A80000L, 0, prefix));
        return Arbitraries.oneOf(tens, oneSevenTwo, oneNineTwo);
    }

    private static Cidr block(long net, long host, int prefix) {
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Cidr((net + host) & mask, prefix);
    }

    @Property
    void subnetsAreInsideTheVpcAndDisjoint(@ForAll("vpcs") Cidr vpc, @ForAll @IntRange(min = 1, max = 4) int zones) {
        var layout = CidrLayout.of(vpc, zones);
        var all = layout.all();
        assertThat(all).hasSize(2 * zones).allSatisfy(s -> assertThat(vpc.contains(s)).as(s + " in " + vpc).isTrue());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                assertThat(all.get(i).overlaps(all.get(j))).as(all.get(i) + " vs " + all.get(j)).isFalse();
            }
        }
    }

    @Property
    void privateSubnetsGetTheBulkAndPublicOnesStayUsable(@ForAll("vpcs") Cidr vpc,
                                                         @ForAll @IntRange(min = 1, max = 4) int zones) {
        var layout = CidrLayout.of(vpc, zones);
        assertThat(layout.privateSubnets()).allSatisfy(s -> assertThat(s.size()).isEqualTo(vpc.size() / 8));
        assertThat(layout.publicSubnets()).allSatisfy(s -> {
            assertThat(s.size()).isEqualTo(vpc.size() / 64);
            assertThat(s.prefix()).isLessThanOrEqualTo(28);
        });
    }

    @Property
    void leavesRoomToGrow(@ForAll("vpcs") Cidr vpc, @ForAll @IntRange(min = 1, max = 4) int zones) {
        // Three eighths are never allocated, whatever the zone count.
        assertThat(CidrLayout.of(vpc, zones).freeAddresses()).isGreaterThanOrEqualTo(vpc.size() * 3 / 8);
    }

    @Property
    void addingAZoneNeverRenumbersExistingSubnets(@ForAll("vpcs") Cidr vpc,
                                                   @ForAll @IntRange(min = 1, max = 3) int zones) {
        var before = CidrLayout.of(vpc, zones);
        var after = CidrLayout.of(vpc, zones + 1);
        assertThat(after.privateSubnets().subList(0, zones)).isEqualTo(before.privateSubnets());
        assertThat(after.publicSubnets().subList(0, zones)).isEqualTo(before.publicSubnets());
    }

    @Example
    void slash16GivesSlash19PrivateAndSlash22Public() {
        var layout = CidrLayout.of(Cidr.parse("10.40.0.0/16").orElseThrow(), 3);
        assertThat(layout.privateSubnets()).map(Cidr::toString)
                .containsExactly("10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19");
        assertThat(layout.publicSubnets()).map(Cidr::toString)
                .containsExactly("10.40.128.0/22", "10.40.132.0/22", "10.40.136.0/22");
    }

    @Example
    void refusesTooManyZonesOrATooSmallVpc() {
        var vpc = Cidr.parse("10.0.0.0/16").orElseThrow();
        assertThatThrownBy(() -> CidrLayout.of(vpc, 5)).hasMessageContaining("zones");
        assertThatThrownBy(() -> CidrLayout.of(vpc, 0)).hasMessageContaining("zones");
        assertThatThrownBy(() -> CidrLayout.of(Cidr.parse("10.0.0.0/24").orElseThrow(), 3))
                .hasMessageContaining("too small");
        assertThat(List.of(CidrLayout.of(Cidr.parse("10.0.0.0/22").orElseThrow(), 4).publicSubnets().get(3).prefix()))
                .containsExactly(28);
    }
}
