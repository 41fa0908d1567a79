package io.milvuseks.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The project name from {@code Pulumi.yaml}: the namespace of the stack's config keys. */
public final class ProjectFile {

    public static final String DEFAULT_PROJECT = "milvus-eks";

    private ProjectFile() {
    }

    public static String projectName(Path projectDir) {
        var file = projectDir.resolve("Pulumi.yaml");
        if (!Files.isRegularFile(file)) {
            return DEFAULT_PROJECT;
        }
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (doc instanceof Map<?, ?> m && m.get("name") instanceof String name && !name.isBlank()) {
                return name;
            }
        } catch (IOException | RuntimeException ex) {
            throw new StackFile.UnreadableStackFile("cannot read " + file + ": " + ex.getMessage());
        }
        return DEFAULT_PROJECT;
    }
}
