package io.milvuseks.registry;

/** The AWS partition of a region: ARNs and service host names differ in China and GovCloud. */
public enum Partition {
    AWS("aws", "amazonaws.com"),
    AWS_CN("aws-cn", "amazonaws.com.cn"),
    AWS_US_GOV("aws-us-gov", "amazonaws.com");

    private final String arn;
    private final String dnsSuffix;

    Partition(String arn, String dnsSuffix) {
        this.arn = arn;
        this.dnsSuffix = dnsSuffix;
    }

    public static Partition of(String region) {
        if (region.startsWith("cn-")) {
            return AWS_CN;
        }
        return region.contains("-gov-") ? AWS_US_GOV : AWS;
    }

    /** The ARN partition segment. */
    public String arn() {
        return arn;
    }

    public String dnsSuffix() {
        return dnsSuffix;
    }
}
