package io.milvuseks.cli;

import io.milvuseks.collection.MilvusFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackOutputsFileTest {

    @Test
    void readsTheFileWholeAndAMissingOneIsOneLineNamingIt(@TempDir Path dir) throws Exception {
        var file = dir.resolve("outputs.json");
        Files.writeString(file, "{\"searchParams\": {\"ef\": 100}}\n");
        assertThat(StackOutputsFile.read(file.toString())).isEqualTo("{\"searchParams\": {\"ef\": 100}}\n");
        var missing = dir.resolve("nope.json").toString();
        assertThatThrownBy(() -> StackOutputsFile.read(missing)).isInstanceOf(MilvusFailure.class)
                .hasMessageStartingWith("cannot read stack outputs from " + missing + ": ")
                .message().doesNotContain("\n");
    }
}
