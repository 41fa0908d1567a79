package io.milvuseks.config;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** availabilityZones: zone ids or names, never mixed; ids EKS or MSK refuse are refused before any resource. */
class ZoneConfigTest {

    private static final String KEY = "milvus-eks:availabilityZones";

    private static InvalidConfigException rejected(String stack, String zonesJson) {
        var ex = catchThrowableOfType(InvalidConfigException.class,
                () -> Stacks.settings(stack, Map.of("availabilityZones", zonesJson)));
        assertThat(ex).as(zonesJson + " should be rejected").isNotNull();
        return ex;
    }

    @Test
    void idsAndNamesBothParse() {
        var byId = Stacks.settings("prod", Map.of("availabilityZones", "[\"use1-az6\",\"use1-az1\",\"use1-az2\"]"));
        assertThat(byId.network().zonesById()).isTrue();
        var byName = Stacks.settings("prod", Map.of("availabilityZones", "[\"us-east-1a\",\"us-east-1b\",\"us-east-1c\"]"));
        assertThat(byName.network().zonesById()).isFalse();
        assertThat(byName.network().availabilityZones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
    }

    @Test
    void mskStackRefusesUse1Az3ForBothEksAndMsk() {
        var ex = rejected("prod", "[\"use1-az1\",\"use1-az2\",\"use1-az3\"]");
        assertThat(ex.problems()).filteredOn(p -> p.key().equals(KEY)).extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("MSK refuses zone use1-az3").contains("BrokerNodeGroupInfo")
                        .contains("accepted: zone ids other than use1-az3"))
                .anySatisfy(m -> assertThat(m).startsWith("EKS refuses zone use1-az3").contains("network-reqs"));
        assertThat(ex.problems()).allSatisfy(p -> assertThat(p.toString()).startsWith("config error: ")
                .doesNotContain("\n"));
    }

    @Test
    void withoutMskOnlyEksRefusals() {
        var ex = rejected("staging", "[\"use1-az1\",\"use1-az3\"]");
        assertThat(ex.problems()).extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("EKS refuses zone use1-az3"))
                .noneSatisfy(m -> assertThat(m).startsWith("MSK"));
    }

    @Test
    void mixedFormsAndForeignIdsAreRefused() {
        assertThat(rejected("prod", "[\"use1-az1\",\"us-east-1b\",\"use1-az4\"]").problems())
                .anySatisfy(p -> assertThat(p.message()).startsWith("mixes zone ids and zone names")
                        .contains("accepted: zone ids such as use1-az1"));
        assertThat(rejected("prod", "[\"usw2-az1\",\"usw2-az2\",\"usw2-az3\"]").problems())
                .anySatisfy(p -> assertThat(p.message()).startsWith("'usw2-az1' is not a zone of us-east-1"));
        assertThat(rejected("prod", "[\"use1-az1\",\"use1-az1\",\"use1-az2\"]").problems())
                .anySatisfy(p -> assertThat(p.message()).contains("distinct"));
    }
}
