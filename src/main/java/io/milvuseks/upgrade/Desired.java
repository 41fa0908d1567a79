package io.milvuseks.upgrade;

/**
 * What this apply would run, as the rules see it.
 *
 * @param project       Pulumi project name, for the {@code project:key} in each line
 * @param environment   staging | prod
 * @param messageQueue  wire name (msk, pulsar, woodpecker)
 */
public record Desired(String project, String environment, String messageQueue, String milvusImageTag, String milvusChartVersion) {
}
