package io.milvuseks.plan;

/** Markers the offline plan writes where a real deployment would have a value. */
public final class Placeholders {
    /** A secret input or output: never shown. */
    public static final String SECRET = "[secret]";
    /** A value the cloud computes at deploy time that the mock engine could not know. */
    public static final String COMPUTED = "[computed]";
    /** Prefix of every id, ARN and endpoint the mock engine makes up. */
    public static final String MOCK = "mock";
    /** The account id in made-up ARNs. */
    public static final String ACCOUNT = "000000000000";

    private Placeholders() {
    }
}
