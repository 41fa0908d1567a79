package io.milvuseks.cli;

import io.milvuseks.collection.MilvusFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --outputs FILE|-} option of bootstrap, verify and restore: `pulumi stack output --json`, read whole. */
final class StackOutputsFile {

    private StackOutputsFile() {
    }

    /** The file's text, or standard input's for {@code -}; a failure names the file. */
    static String read(String outputs) {
        try {
            return outputs.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(outputs));
        } catch (IOException ex) {
            throw new MilvusFailure("cannot read stack outputs from " + outputs + ": " + ex.getMessage());
        }
    }
}
