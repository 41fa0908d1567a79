package io.milvuseks.config;

/** Where the nodes pull every image the stack deploys from. Never Docker Hub directly (anonymous pull limits). */
public enum ImageSource implements WireEnum {
    /** An ECR pull-through cache rule for Docker Hub in this account and region, created by the stack. */
    ECR_PULL_THROUGH_CACHE("ecrPullThroughCache"),
    /** A registry the operator runs, holding Docker Hub's images under the same paths. */
    PRIVATE("private");

    private final String wire;

    ImageSource(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
