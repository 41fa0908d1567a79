package io.milvuseks.instances;

/**
 * The CPU architecture of an instance type: what its AMI and every container image scheduled on it must be built for.
 * Graviton types (the families with a {@code g} after the generation digit: r7g, m7gd, r8gn, i8g, ...) are arm64.
 */
public enum Arch {
    X86_64("amd64"),
    ARM64("arm64");

    private final String oci;

    Arch(String oci) {
        this.oci = oci;
    }

    /** The OCI platform architecture of images that run on it ({@code linux/amd64}, {@code linux/arm64}). */
    public String oci() {
        return oci;
    }
}
