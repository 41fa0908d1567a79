package io.milvuseks.milvus;

import com.google.gson.GsonBuilder;
import io.milvuseks.kube.KubeTools;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a pinned chart archive with the real helm binary, as {@code helm template} would for {@code pulumi up}'s
 * release: {@code helm template <release> <chart.tgz> -n <namespace> -f values.json --kube-version 1.33
 * --api-versions monitoring.coreos.com/v1}, and parses the YAML stream. Small on purpose; the Kubernetes test tier
 * has the general plan-to-manifests renderer.
 *
 * <p>helm is the kube tier's ({@link KubeTools}: built once by .ci/kube-tools.sh, which the tier calls; with
 * {@code CI=true} never skipped), the archives the tier's charts directory ({@code MILVUS_EKS_CHARTS}, else the
 * nearest {@code shared/charts} above the project). With {@code CI=true} a missing archive fails the test; elsewhere
 * it is skipped with one line.
 */
public final class HelmTemplate {

    public static final String KUBE_VERSION = "1.33";

    private final Path helm;
    private final Path charts;

    private HelmTemplate(Path helm, Path charts) {
        this.helm = helm;
        this.charts = charts;
    }

    /** The helm and charts of this machine, or a skip (a failure with CI=true) naming what is missing. */
    public static HelmTemplate require(String chartArchive) {
        var charts = io.milvuseks.kube.HelmTemplate.chartsDir(Stacks.PROJECT_DIR);
        if (charts == null || !Files.isRegularFile(charts.resolve(chartArchive))) {
            var missing = "no chart archive " + chartArchive + " in " + (charts == null
                    ? "a shared/charts directory above the project (or MILVUS_EKS_CHARTS)" : charts);
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort("skipped: " + missing);
        }
        return new HelmTemplate(KubeTools.tool("helm"), charts);
    }

    /** Every object {@code helm template} renders for these values, in the order it prints them. */
    public List<Map<String, Object>> render(String chartArchive, String release, String namespace,
                                            Map<String, Object> values) {
        try {
            var dir = Files.createTempDirectory("helm-template");
            try {
                var valuesFile = dir.resolve("values.json");
                Files.writeString(valuesFile, new GsonBuilder().serializeNulls().create().toJson(values));
                var pb = new ProcessBuilder(helm.toString(), "template", release,
                        charts.resolve(chartArchive).toString(), "-n", namespace, "-f", valuesFile.toString(),
                        "--kube-version", KUBE_VERSION, "--api-versions", "monitoring.coreos.com/v1");
                // helm's cache, config and data under the temporary directory: nothing written to $HOME
                pb.environment().put("HELM_CACHE_HOME", dir.resolve("cache").toString());
                pb.environment().put("HELM_CONFIG_HOME", dir.resolve("config").toString());
                pb.environment().put("HELM_DATA_HOME", dir.resolve("data").toString());
                var out = dir.resolve("out.yaml");
                var err = dir.resolve("err.txt");
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                var p = pb.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("helm template did not finish in 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("helm template failed: " + Files.readString(err));
                }
                var options = new LoaderOptions();
                options.setCodePointLimit(64 * 1024 * 1024);
                var docs = new ArrayList<Map<String, Object>>();
                for (var doc : new Yaml(options).loadAll(Files.readString(out, StandardCharsets.UTF_8))) {
                    if (doc instanceof Map<?, ?> m) {
                        @SuppressWarnings("unchecked")
                        var obj = (Map<String, Object>) m;
                        docs.add(obj);
                    }
                }
                return docs;
            } finally {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new AssertionError("helm template: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The object of {@code kind} named {@code name}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))
                        && name.equals(((Map<String, Object>) o.get("metadata")).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("the chart rendered no " + kind + " " + name));
    }
}
