package io.milvuseks;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the short offline commands ({@code plan}, {@code capacity}) in a child JVM tuned for a run of seconds.
 *
 * <p>Why: a plan executes about 5,500 methods a few hundred times each, most of them in the Pulumi Java SDK, which
 * formats every RegisterResource request as protobuf text for a debug log whether or not it is logged
 * ({@code DeploymentImpl.RegisterResource}, pulumi-java 1.36.1) and stringifies its in-flight task map on every
 * pass of its task loop ({@code DeploymentImpl.DefaultRunner.checkForTasks}). HotSpot's C2 compiler then spends more
 * CPU optimising those methods than the run spends executing them: prod's plan took about 5.5 s of CPU with the
 * default tiered compilation and about 2.5 s with C1 only ({@code -XX:TieredStopAtLevel=1}; measured with
 * {@code .ci/bench-plan.sh}). A jar cannot set JVM flags for {@code java -jar}, so the command relaunches itself
 * once with them; {@code MILVUS_EKS_SAME_JVM=1} (set for the child) keeps it in the first JVM.
 */
final class ShortRunJvm {

    static final String SAME_JVM = "MILVUS_EKS_SAME_JVM";
    private static final Set<String> SHORT_COMMANDS = Set.of("plan", "capacity");
    private static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-Xshare:auto");

    private ShortRunJvm() {
    }

    /** The child's exit code, or empty when this JVM should run the command itself. */
    static Optional<Integer> relaunch(String[] args) {
        if (args.length == 0 || !SHORT_COMMANDS.contains(args[0]) || "1".equals(System.getenv(SAME_JVM))) {
            return Optional.empty();
        }
        var java = ProcessHandle.current().info().command();
        var jar = ownJar();
        if (java.isEmpty() || jar.isEmpty()) {
            return Optional.empty();
        }
        var command = new ArrayList<String>();
        command.add(java.get());
        command.addAll(FLAGS);
        command.add("-cp");
        command.add(jar.get());
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        var pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put(SAME_JVM, "1");
        try {
            var child = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
            return Optional.of(child.waitFor());
        } catch (java.io.IOException e) {
            return Optional.empty(); // cannot start a JVM: run here, only slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }

    private static Optional<String> ownJar() {
        try {
            var location = Main.class.getProtectionDomain().getCodeSource().getLocation();
            var path = Path.of(location.toURI());
            return path.toString().endsWith(".jar") ? Optional.of(path.toString()) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
