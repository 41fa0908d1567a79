package io.milvuseks.milvus;

import com.pulumi.core.Output;
import com.pulumi.test.internal.PulumiTestInternal;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComputedLeavesTest {

    private static Object value(Object maybeOutput) {
        return maybeOutput instanceof Output<?> o ? PulumiTestInternal.extractOutputData(o).getValueNullable()
                : maybeOutput;
    }

    @Test
    @SuppressWarnings("unchecked")
    void markersBecomeOutputsAtTheirLeavesAndEverythingElseStaysPlain() {
        var template = new LinkedHashMap<String, Object>();
        template.put("bucketName", ComputedLeaves.BUCKET);
        template.put("uri", "s3://" + ComputedLeaves.BUCKET + "/milvus");
        template.put("list", List.of(ComputedLeaves.ROLE_ARN, "static"));
        template.put("nested", Map.of("replicas", 3, "enabled", false));
        var out = (Map<String, Object>) ComputedLeaves.substitute(template, Map.of(
                ComputedLeaves.BUCKET, Output.of("bkt"), ComputedLeaves.ROLE_ARN, Output.of("arn:aws:iam::1:role/r")));

        assertThat(out.get("bucketName")).isInstanceOf(Output.class);
        assertThat(value(out.get("bucketName"))).isEqualTo("bkt");
        assertThat(value(out.get("uri"))).isEqualTo("s3://bkt/milvus");
        var list = (List<Object>) out.get("list");
        assertThat(value(list.get(0))).isEqualTo("arn:aws:iam::1:role/r");
        assertThat(list.get(1)).isEqualTo("static");
        assertThat(out.get("nested")).isEqualTo(Map.of("replicas", 3, "enabled", false));
    }

    @Test
    void aMarkerInAKeyIsRefused() {
        assertThatThrownBy(() -> ComputedLeaves.substitute(Map.of(ComputedLeaves.BUCKET, 1),
                Map.of(ComputedLeaves.BUCKET, Output.of("b")))).isInstanceOf(IllegalStateException.class);
    }
}
