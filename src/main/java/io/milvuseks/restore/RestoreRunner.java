package io.milvuseks.restore;

import java.io.PrintWriter;

/**
 * Runs milvus-backup's restore and returns when it has finished; throws
 * {@link io.milvuseks.collection.MilvusFailure} (one line) when it did not succeed. The real one is
 * {@link KubernetesRestoreRunner}; the integration test plays milvus-backup's part with one of its own.
 */
@FunctionalInterface
public interface RestoreRunner {

    /**
     * @param dryRun print what would run (the Job manifest) and change nothing
     */
    void run(RestoreJob.Request request, boolean dryRun, PrintWriter out, PrintWriter progress);
}
