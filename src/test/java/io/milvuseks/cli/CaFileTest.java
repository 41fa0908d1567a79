package io.milvuseks.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The CA bundle bootstrap trusts: the operator's file as given, or the stack output in a private temp file. */
class CaFileTest {

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @Test
    void theStackOutputIsWrittenPrivatelyAndRemovedOnClose() throws Exception {
        Path written;
        try (var ca = CaFile.of(null, PEM)) {
            written = ca.path();
            assertThat(Files.readString(written)).isEqualTo(PEM);
            assertThat(Files.getPosixFilePermissions(written))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        assertThat(written).doesNotExist();
    }

    @Test
    void anOperatorsFileWinsAndIsLeftAlone() throws Exception {
        var mine = Files.createTempFile("mine-", ".pem");
        try (var ca = CaFile.of(mine, PEM)) {
            assertThat(ca.path()).isEqualTo(mine);
        }
        assertThat(mine).exists();
        Files.delete(mine);
        try (var none = CaFile.of(null, null)) {
            assertThat(none.path()).isNull();
        }
    }
}
