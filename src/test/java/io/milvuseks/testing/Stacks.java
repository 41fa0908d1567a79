package io.milvuseks.testing;

import io.milvuseks.App;
import io.milvuseks.config.ProjectFile;
import io.milvuseks.config.RawConfig;
import io.milvuseks.config.SettingsParser;
import io.milvuseks.config.StackFile;
import io.milvuseks.config.StackSettings;
import io.milvuseks.plan.OfflineEngine;
import io.milvuseks.plan.Plan;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/** The project's real stack files, loaded for tests, optionally with keys overridden. */
public final class Stacks {

    public static final Path PROJECT_DIR = Path.of(".").toAbsolutePath().normalize();
    public static final String PROJECT = ProjectFile.projectName(PROJECT_DIR);

    private Stacks() {
    }

    /** Pulumi.&lt;stack&gt;.yaml as the engine would receive it. */
    public static RawConfig raw(String stack) {
        return StackFile.read(StackFile.pathFor(PROJECT_DIR, stack), PROJECT, stack);
    }

    /**
     * The stack file with some keys replaced (bare keys get the project namespace; a null value removes the key;
     * values are in wire form: JSON text for lists and objects).
     */
    public static RawConfig raw(String stack, Map<String, String> overrides) {
        var base = raw(stack);
        var values = new HashMap<>(base.values());
        var secrets = new HashSet<>(base.secretKeys());
        overrides.forEach((k, v) -> {
            var key = k.contains(":") ? k : PROJECT + ":" + k;
            if (v == null) {
                values.remove(key);
                secrets.remove(key);
            } else {
                values.put(key, v);
            }
        });
        return new RawConfig(base.project(), base.stack(), values, secrets, true);
    }

    public static StackSettings settings(String stack) {
        return SettingsParser.parse(raw(stack));
    }

    public static StackSettings settings(String stack, Map<String, String> overrides) {
        return SettingsParser.parse(raw(stack, overrides));
    }

    /** Runs the real program under the mock engine and returns what it registered; fails on any program error. */
    public static Plan plan(RawConfig raw) {
        var run = OfflineEngine.run(raw, App::stack);
        if (run.failed()) {
            throw new AssertionError("program failed: " + String.join("\n", run.errorLines()));
        }
        return run.plan(raw.stack());
    }

    public static Plan plan(String stack) {
        return plan(raw(stack));
    }
}
