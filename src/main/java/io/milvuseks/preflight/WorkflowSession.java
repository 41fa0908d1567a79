package io.milvuseks.preflight;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The role session CI asks for when it applies a stack: {@code role-duration-seconds} of the
 * configure-aws-credentials step in the {@code deploy.yml} job that runs {@code pulumi up} for that stack. The
 * workflow file is the one source: STS refuses an AssumeRole whose DurationSeconds exceeds the role's
 * MaxSessionDuration, so preflight requires the role to allow at least what the workflow requests (not a figure of
 * its own that could drift from it).
 */
public final class WorkflowSession {

    /** Where the deploy workflow lives, relative to the project directory. */
    public static final Path DEPLOY_WORKFLOW = Path.of(".github", "workflows", "deploy.yml");
    static final String CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";
    static final String PULUMI_ACTION = "pulumi/actions";

    /** The job {@code job} of {@code file} requests sessions of {@code seconds}. */
    public record Requested(String file, String job, int seconds) {
    }

    private WorkflowSession() {
    }

    /**
     * What the deploy workflow under {@code projectDir} requests for {@code stack}: empty when there is no such file,
     * or no job of it runs {@code pulumi up} for the stack (a stack CI does not deploy), or that job requests no
     * duration (configure-aws-credentials then asks for 1 h).
     */
    public static Optional<Requested> forStack(Path projectDir, String stack) {
        var file = projectDir.resolve(DEPLOY_WORKFLOW);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setSchema(new CoreSchema()).build())
                    .loadFromString(Files.readString(file));
        } catch (IOException | YamlEngineException ex) {
            return Optional.empty();
        }
        if (!(doc instanceof Map<?, ?> top) || !(top.get("jobs") instanceof Map<?, ?> jobs)) {
            return Optional.empty();
        }
        for (var entry : jobs.entrySet()) {
            if (!(entry.getValue() instanceof Map<?, ?> job) || !(job.get("steps") instanceof List<?> steps)) {
                continue;
            }
            if (steps.stream().noneMatch(s -> upsStack(s, stack))) {
                continue;
            }
            for (var step : steps) {
                if (uses(step, CREDENTIALS_ACTION) && with(step).get("role-duration-seconds") != null) {
                    var value = String.valueOf(with(step).get("role-duration-seconds")).trim();
                    if (value.matches("\\d{1,6}")) {
                        return Optional.of(new Requested(DEPLOY_WORKFLOW.toString(), String.valueOf(entry.getKey()),
                                Integer.parseInt(value)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A pulumi/actions step with {@code command: up} and {@code stack-name: <org>/<stack>}. */
    private static boolean upsStack(Object step, String stack) {
        if (!uses(step, PULUMI_ACTION)) {
            return false;
        }
        var with = with(step);
        var name = String.valueOf(with.get("stack-name"));
        return "up".equals(String.valueOf(with.get("command"))) && (name.equals(stack) || name.endsWith("/" + stack));
    }

    private static boolean uses(Object step, String action) {
        return step instanceof Map<?, ?> m && m.get("uses") instanceof String u && u.startsWith(action + "@");
    }

    private static Map<?, ?> with(Object step) {
        return step instanceof Map<?, ?> m && m.get("with") instanceof Map<?, ?> w ? w : Map.of();
    }
}
