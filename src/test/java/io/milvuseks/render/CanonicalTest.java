package io.milvuseks.render;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rendered documents keep their keys sorted at every level, so a second run of the program renders the same bytes
 * ({@code Map.of}'s order changes between JVMs, which one test JVM cannot see: hence the check of the order itself).
 */
class CanonicalTest {

    static List<String> unsorted(Object node, String path, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            var keys = m.keySet().stream().map(String::valueOf).toList();
            if (!keys.equals(keys.stream().sorted().toList())) {
                out.add(path + " " + keys);
            }
            m.forEach((k, v) -> unsorted(v, path + "." + k, out));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                unsorted(l.get(i), path + "[" + i + "]", out);
            }
        }
        return out;
    }

    @Test
    void sortsMapsAtEveryLevelAndKeepsListOrder() {
        var sorted = Canonical.sorted(Map.of("b", List.of(Map.of("z", 1, "a", 2), "x"), "a", Map.of("d", 1, "c", 2)));
        assertThat(unsorted(sorted, "", new ArrayList<>())).isEmpty();
        assertThat(((Map<?, ?>) sorted).get("b")).isEqualTo(List.of(Map.of("a", 2, "z", 1), "x"));
        var unordered = new LinkedHashMap<String, Object>();
        unordered.put("b", 1);
        unordered.put("a", 2);
        assertThat(unsorted(unordered, "", new ArrayList<>())).as("the check sees an unsorted map").isNotEmpty();
    }

    @Test
    void stableKeepsAnOrderedMapsOrderAndSortsTheRest() {
        var statement = new java.util.LinkedHashMap<String, Object>();
        statement.put("Sid", "S");
        statement.put("Effect", "Allow");
        statement.put("Condition", Map.of("StringEquals", Map.of("b", 1, "a", 2), "ArnLike", Map.of("x", 3)));
        var out = (Map<?, ?>) Canonical.stable(statement);
        assertThat(new ArrayList<Object>(out.keySet())).containsExactly("Sid", "Effect", "Condition");
        var condition = (Map<?, ?>) out.get("Condition");
        assertThat(new ArrayList<Object>(condition.keySet())).containsExactly("ArnLike", "StringEquals");
        var equals = (Map<?, ?>) condition.get("StringEquals");
        assertThat(new ArrayList<Object>(equals.keySet())).containsExactly("a", "b");
    }

    /** The access-log bucket policy's Condition is a two-key Map.of: its JSON must not depend on the JVM. */
    @Test
    void aPolicyWithAMapOfConditionRendersInOneOrder() {
        var json = io.milvuseks.storage.IamPolicies.logBucketPolicy("arn:aws:s3:::logs", "arn:aws:s3:::data",
                "123456789012", "data/");
        assertThat(json).contains("\"Condition\":{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:s3:::data\"},"
                + "\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}");
    }

    @Test
    void theDashboardAndBackupConfigRenderSorted() {
        var plan = Stacks.plan("prod");
        var dashboard = plan.ofType("kubernetes:core/v1:ConfigMap").stream()
                .filter(c -> c.name().endsWith("milvus-dashboard")).findFirst().orElseThrow();
        var json = (String) ((Map<?, ?>) dashboard.inputs().get("data")).get("milvus-eks.json");
        Object parsed = new Gson().fromJson(json, new TypeToken<LinkedHashMap<String, Object>>() { }.getType());
        assertThat(unsorted(parsed, "dashboard", new ArrayList<>())).isEmpty();

        var backup = plan.ofType("kubernetes:core/v1:ConfigMap").stream()
                .filter(c -> c.name().endsWith("backup-job-config")).findFirst().orElseThrow();
        var yaml = (String) ((Map<?, ?>) backup.inputs().get("data")).get("backup.yaml");
        assertThat(unsorted(new Yaml().load(yaml), "backup.yaml", new ArrayList<>())).isEmpty();
    }
}
