package io.milvuseks.zones;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ZoneIdsTest {

    @ParameterizedTest
    @CsvSource({"us-east-1,use1", "us-west-2,usw2", "eu-central-1,euc1", "ap-southeast-2,apse2",
            "ap-northeast-1,apne1", "eu-north-1,eun1", "us-gov-west-1,usgw1", "ca-central-1,cac1", "il-central-1,ilc1"})
    void regionCodesFollowAwsZoneIds(String region, String code) {
        assertThat(ZoneIds.regionCode(region)).contains(code);
    }

    @Test
    void idsAndNamesAreToldApart() {
        assertThat(ZoneIds.isId("use1-az1")).isTrue();
        assertThat(ZoneIds.isId("us-east-1a")).isFalse();
        assertThat(ZoneIds.isIdOf("us-east-1", "use1-az6")).isTrue();
        assertThat(ZoneIds.isIdOf("us-east-1", "usw2-az1")).isFalse();
        assertThat(ZoneIds.isIdOf("us-east-1", "use1-azX")).isFalse();
        assertThat(ZoneIds.isNameOf("us-east-1", "us-east-1f")).isTrue();
        assertThat(ZoneIds.isNameOf("us-east-1", "us-east-11")).isFalse();
        // an unknown region word: any well-formed id, never a crash
        assertThat(ZoneIds.regionCode("xx-middle-1")).isEmpty();
        assertThat(ZoneIds.isIdOf("xx-middle-1", "xxm1-az1")).isTrue();
    }

    @Test
    void theRefusalTableHoldsEksAndMskLimitsWithSources() {
        var msk = ZoneRestrictions.servicesFor(true);
        var eksOnly = ZoneRestrictions.servicesFor(false);
        assertThat(ZoneRestrictions.refusals("use1-az3", msk)).extracting(ZoneRestrictions.Refusal::service)
                .containsExactlyInAnyOrder(ZoneRestrictions.Service.EKS, ZoneRestrictions.Service.MSK);
        assertThat(ZoneRestrictions.refusals("use1-az3", eksOnly)).singleElement()
                .extracting(ZoneRestrictions.Refusal::service).isEqualTo(ZoneRestrictions.Service.EKS);
        assertThat(ZoneRestrictions.refusals("use1-az1", msk)).isEmpty();
        assertThat(ZoneRestrictions.refusedIds(eksOnly)).containsExactly("use1-az3", "usw1-az2", "cac1-az3");
        assertThat(ZoneRestrictions.REFUSALS).allSatisfy(r -> {
            assertThat(ZoneIds.isId(r.zoneId())).isTrue();
            assertThat(r.source()).isNotBlank();
        });
    }
}
