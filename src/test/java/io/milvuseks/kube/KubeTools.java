package io.milvuseks.kube;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The binaries the tier runs (etcd, kube-apiserver, kube-scheduler, kube-controller-manager, helm), built once from
 * the Go module proxy by {@code .ci/kube-tools.sh} into a versioned cache. A first build takes minutes; it is
 * printed as it goes. With {@code CI=true} a failed build fails the tier (never a skip); locally, with neither the
 * binaries nor {@code go} on PATH, the tier is skipped with one line.
 */
public final class KubeTools {

    private static Path bin;

    private KubeTools() {
    }

    public static synchronized Path bin() {
        if (bin != null) {
            return bin;
        }
        var script = Stacks.PROJECT_DIR.resolve(".ci/kube-tools.sh");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean cached = run(script, "--check").exit == 0;
        if (!cached && !ci && !onPath("go")) {
            Assumptions.abort("skipped: the kube tier's binaries are not built and go is not on PATH; "
                    + "`bash .ci/kube-tools.sh` builds them (fetching Go from the module proxy if needed)");
        }
        if (!cached) {
            System.out.println("kube tier: building etcd, kube-apiserver, kube-scheduler, kube-controller-manager "
                    + "and helm once (.ci/kube-tools.sh; minutes on a first run)");
        }
        long t0 = System.nanoTime();
        var build = run(script);
        if (build.exit != 0) {
            var why = ".ci/kube-tools.sh failed (exit " + build.exit + "):\n" + build.output;
            if (ci) {
                Assertions.fail("CI=true: the kube tier needs its binaries: " + why);
            }
            Assumptions.abort("skipped: " + why);
        }
        if (!cached) {
            System.out.printf("kube tier: tools built in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }
        var line = build.output.lines().filter(l -> l.startsWith("KUBE_TOOLS=")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(".ci/kube-tools.sh printed no KUBE_TOOLS= line"));
        bin = Path.of(line.substring("KUBE_TOOLS=".length())).resolve("bin");
        return bin;
    }

    public static Path tool(String name) {
        return bin().resolve(name);
    }

    private record Result(int exit, String output) {
    }

    /** Runs the script, echoing its stderr (build progress) to the test output; stdout is returned. */
    private static Result run(Path script, String... args) {
        var cmd = new java.util.ArrayList<String>();
        cmd.add("bash");
        cmd.add(script.toString());
        cmd.addAll(java.util.List.of(args));
        try {
            var p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException ex) {
            return new Result(127, ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    private static boolean onPath(String command) {
        var path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (var d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
