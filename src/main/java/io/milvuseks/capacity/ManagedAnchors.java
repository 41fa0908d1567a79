package io.milvuseks.capacity;

import java.util.List;

/**
 * What users compare a self-hosted cluster against: Zilliz Cloud Dedicated, per million 768-d vectors per month,
 * from its cost-optimization guide (docs.zilliz.com/docs/cost-optimization, "Deployment methods at a glance", read
 * 2026-12-02). Those are per CU and one replica, like our figure per replica. Scaled to another dimension by dim/768:
 * a vector of half the bytes fits twice as many in a CU, so it costs half per million, as Zilliz's own capacity table roughly does (1.5 M 768-d,
 * 2.25 M 512-d, 4.5 M 256-d vectors per performance-optimized CU; docs.zilliz.com/docs/cu-types-explained).
 */
public final class ManagedAnchors {

    public static final String SOURCE = "docs.zilliz.com/docs/cost-optimization (Zilliz Cloud Dedicated, read "
            + "2026-12-02), per M 768-d vectors/month, scaled by dim/768";

    /** One tier: its name, $/M 768-d vectors/month, and what it serves. */
    public record Anchor(String tier, double usdPerMillion768, String serves) {
        public double usdPerMillion(int dim) {
            return usdPerMillion768 * dim / 768.0;
        }
    }

    public static final List<Anchor> TIERS = List.of(
            new Anchor("performance-optimized", 65, "1.5 M/CU, sub-10 ms"),
            new Anchor("capacity-optimized", 20, "5 M/CU, tens of ms"),
            new Anchor("tiered-storage", 7, "20 M/CU, hundreds of ms"));

    private ManagedAnchors() {
    }
}
