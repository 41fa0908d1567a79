package io.milvuseks.config;

import java.util.List;

/**
 * The Apache Kafka versions Amazon MSK creates provisioned (standard broker) clusters with, as the CreateCluster
 * {@code KafkaVersion} strings: the MSK developer guide's "Supported Apache Kafka versions" table (read 2026-12-07),
 * without the versions past their end of support date (3.6.0 ended 2026-06-01: "MSK will phase out support for
 * newly created clusters that use Kafka versions with published end of support dates", and runs clusters on them up
 * to the recommended version after the date), in the spelling CreateCluster takes ({@code .kraft}: KRaft metadata
 * mode; from 4.0 KRaft only; 4.2.x is offered on Express brokers only, which the stack does not use).
 */
public final class MskVersions {

    public static final List<String> SUPPORTED = List.of("3.7.x", "3.7.x.kraft", "3.8.x", "3.8.x.kraft", "3.9.x",
            "3.9.x.kraft", "4.0.x.kraft", "4.1.x.kraft");
    /** MSK's "Recommended" version in that table. */
    public static final String RECOMMENDED = "3.8.x";
    static final String SOURCE = "MSK developer guide, supported-kafka-versions, read 2026-12-07";

    private MskVersions() {
    }

    public static boolean supported(String version) {
        return SUPPORTED.contains(version);
    }
}
