package io.milvuseks.helm;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;

/**
 * The settings every Helm release of this stack shares; callers add their values (and any extra, like Milvus'
 * {@code waitForJobs}).
 *
 * <ul>
 *   <li>Not atomic: a failed install is inspected, not rolled back; {@code cleanupOnFail} removes what a failed
 *       upgrade created.</li>
 *   <li>The namespace is the stack's to create (a Namespace resource, or an existing one), not Helm's.</li>
 *   <li>Ten revisions of history: enough to roll back by hand, without filling the release Secrets.</li>
 * </ul>
 */
public final class ChartRelease {

    public static final int MAX_HISTORY = 10;

    private ChartRelease() {
    }

    /** A pinned chart from {@code repo}, released as {@code name} into {@code namespace}. */
    public static ReleaseArgs.Builder pinned(String name, String repo, String chart, String version,
                                             Output<String> namespace, int timeoutSeconds) {
        return ReleaseArgs.builder()
                .name(name)
                .chart(chart)
                .version(version)
                .repositoryOpts(RepositoryOptsArgs.builder().repo(repo).build())
                .namespace(namespace)
                .createNamespace(false)
                .atomic(false)
                .cleanupOnFail(true)
                .timeout(timeoutSeconds)
                .maxHistory(MAX_HISTORY);
    }
}
