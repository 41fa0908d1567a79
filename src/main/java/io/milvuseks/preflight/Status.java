package io.milvuseks.preflight;

/** What a check found. {@code UNVERIFIABLE} is never a pass: the API refused or does not exist. */
public enum Status {
    OK("ok"), PROBLEM("problem"), UNVERIFIABLE("unverifiable");

    private final String word;

    Status(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
