package io.milvuseks.kube;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Renders one Helm release of the plan with the real helm binary, as {@code helm install} would before sending the
 * objects: {@code helm template <name> <chart> --namespace <ns> --kube-version <cluster's> [--include-crds]
 * --skip-tests -f <the plan's values> --api-versions <CRD groups the release can see>}. Hooks are kept (install
 * runs them); {@code helm test} pods are not.
 *
 * <p>Charts: a chart without {@code repositoryOpts} is a directory of this project ({@code charts/...}). Others are
 * the archive {@code <chart>-<version>.tgz} from the charts directory — {@code MILVUS_EKS_CHARTS}, else the nearest
 * {@code shared/charts} above the project (CI keeps it beside the clone) — or, when the archive is not there,
 * {@code helm pull <chart> --repo <repositoryOpts.repo> --version <version>}, which needs internet.
 *
 * <p>Each rendered document is kept as helm printed it: the API server parses it (YAML 1.1, as helm's own client
 * does: {@code 0644} is octal), so a duplicate key is the server's strict-validation error, not ours. A {@code List}
 * is split into its items, as helm's client does.
 */
public final class HelmTemplate {

    /** One rendered document: its YAML text (null for a List's item) and its parsed form (for its identity). */
    record Doc(String yaml, Map<String, Object> object) {
    }

    private HelmTemplate() {
    }

    static List<Doc> render(Map<String, Object> release, String kubeVersion, Collection<String> apiVersions,
                            Path projectDir, Path workDir) throws IOException, InterruptedException {
        var name = Maps.str(release, "name");
        var chart = chartPath(release, projectDir, workDir);
        var values = workDir.resolve("values-" + name + ".json");
        Files.createDirectories(workDir);
        Files.writeString(values, KubeApi.GSON.toJson(PlanManifests.withoutSecrets(Maps.map(release, "values"))));
        var cmd = new ArrayList<>(List.of(KubeTools.tool("helm").toString(), "template", name, chart.toString(),
                "--namespace", Maps.str(release, "namespace"), "--kube-version", kubeVersion, "--skip-tests",
                "-f", values.toString()));
        if (!Boolean.TRUE.equals(release.get("skipCrds"))) {
            cmd.add("--include-crds");
        }
        for (var v : apiVersions) {
            cmd.add("--api-versions");
            cmd.add(v);
        }
        var out = helm(cmd, workDir);
        return split(out);
    }

    static List<Doc> split(String multiDoc) {
        var docs = new ArrayList<Doc>();
        var load = new Load(LoadSettings.builder().setAllowDuplicateKeys(true).build());
        for (var text : multiDoc.split("(?m)^---\\s*$")) {
            if (text.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            var parsed = load.loadFromString(text);
            if (!(parsed instanceof Map<?, ?> m)) {
                continue;
            }
            var object = Maps.copyMap(castMap(m));
            if ("List".equals(object.get("kind"))) {
                Maps.maps(object, "items").forEach(item -> docs.add(new Doc(null, item)));
            } else {
                docs.add(new Doc(text, object));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    private static Path chartPath(Map<String, Object> release, Path projectDir, Path workDir)
            throws IOException, InterruptedException {
        var chart = Maps.str(release, "chart");
        var repo = Maps.str(release, "repositoryOpts", "repo");
        if (repo == null) {
            return projectDir.resolve(chart);
        }
        var version = Maps.str(release, "version");
        var archive = chart + "-" + version + ".tgz";
        var dir = chartsDir(projectDir);
        if (dir != null && Files.exists(dir.resolve(archive))) {
            return dir.resolve(archive);
        }
        var pulled = workDir.resolve("charts");
        if (Files.exists(pulled.resolve(archive))) {
            return pulled.resolve(archive);
        }
        Files.createDirectories(pulled);
        try {
            helm(List.of(KubeTools.tool("helm").toString(), "pull", chart, "--repo", repo, "--version", version,
                    "--destination", pulled.toString()), workDir);
        } catch (IllegalStateException ex) {
            throw new IllegalStateException("chart " + archive + " is neither in the charts directory ("
                    + (dir == null ? "none found: set MILVUS_EKS_CHARTS" : dir) + ") nor pullable from " + repo
                    + ": " + ex.getMessage(), ex);
        }
        return pulled.resolve(archive);
    }

    /** MILVUS_EKS_CHARTS, else the nearest {@code shared/charts} in a parent of the project (null: none). */
    public static Path chartsDir(Path projectDir) {
        var env = System.getenv("MILVUS_EKS_CHARTS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        for (var p = projectDir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared/charts"))) {
                return p.resolve("shared/charts");
            }
        }
        return null;
    }

    private static String helm(List<String> cmd, Path workDir) throws IOException, InterruptedException {
        var err = workDir.resolve("helm.err");
        var p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd.subList(1, Math.min(4, cmd.size()))) + " failed: "
                    + Files.readString(err).strip());
        }
        return out;
    }
}
