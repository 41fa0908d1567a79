package io.milvuseks.upgrade;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MilvusVersionTest {

    @Property
    void aTagAndAChartVersionReadBackAsTheSameVersion(@ForAll @IntRange(max = 99) int major,
                                                      @ForAll @IntRange(max = 99) int minor,
                                                      @ForAll @IntRange(max = 999) int patch) {
        var v = new MilvusVersion(major, minor, patch);
        assertThat(MilvusVersion.parse(v.tag())).contains(v);
        assertThat(MilvusVersion.parse(v.toString())).contains(v);
        assertThat(MilvusVersion.parse(v.tag() + "-gpu")).contains(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "2.6", "v2.6.x", "", "2.6.15.1", "master-20250101-abc"})
    void whatIsNotAVersionIsEmpty(String text) {
        assertThat(MilvusVersion.parse(text)).isEmpty();
    }
}
