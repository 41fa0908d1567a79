package io.milvuseks.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who owns the control-plane log group {@code /aws/eks/<cluster>/cluster}, the one name EKS writes to.
 *
 * <p>EKS's service role keeps writing while the cluster is deleted, after Pulumi has deleted the group, and so
 * re-creates it; the next {@code pulumi up} then fails to create it: ResourceAlreadyExistsException
 * (terraform-aws-eks #2763, #920). Pulumi cannot adopt an existing group without an import, and the name cannot
 * vary per incarnation without renaming the cluster (and so replacing it and its node groups). Hence:
 * <ul>
 *   <li>outside prod the stack does not declare the group: EKS creates it on its first line, it outlives
 *       {@code pulumi destroy}, and the next cluster of the same name writes into it, so destroy then up just
 *       works. Its retention is set once by hand (the command in {@link #instruction}); it stays on the group.</li>
 *   <li>in prod the stack owns it, so the 90-day retention is in code and reviewed. Prod is protected and is not
 *       destroyed in routine; if it is, {@link #instruction} says what to run before the next up.</li>
 * </ul>
 */
public record ControlPlaneLogs(String name, boolean managedByStack, int retentionDays, String instruction) {

    public static final int PROD_RETENTION_DAYS = 90;
    public static final int STAGING_RETENTION_DAYS = 14;

    public static ControlPlaneLogs of(String clusterName, boolean prod, String region) {
        var name = "/aws/eks/" + clusterName + "/cluster";
        if (prod) {
            return new ControlPlaneLogs(name, true, PROD_RETENTION_DAYS, "after a pulumi destroy, before the next "
                    + "pulumi up (EKS re-creates the group with late log lines while the cluster is deleted): "
                    + "aws logs delete-log-group --region " + region + " --log-group-name " + name);
        }
        return new ControlPlaneLogs(name, false, STAGING_RETENTION_DAYS, "once, after the first pulumi up (EKS "
                + "creates the group, without expiry, and it outlives pulumi destroy): aws logs put-retention-policy "
                + "--region " + region + " --log-group-name " + name + " --retention-in-days "
                + STAGING_RETENTION_DAYS);
    }

    /** The stack output {@code controlPlaneLogGroup}. */
    public Map<String, Object> output() {
        var map = new LinkedHashMap<String, Object>();
        map.put("name", name);
        map.put("managedBy", managedByStack ? "stack" : "eks");
        map.put("retentionDays", retentionDays);
        map.put("run", instruction);
        return map;
    }
}
