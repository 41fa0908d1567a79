package io.milvuseks.autoscaling;

import io.milvuseks.render.Canonical;
import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The autoscaler's IAM policy: kubernetes/autoscaler cloudprovider/aws/README.md "Full Cluster Autoscaler Features
 * Policy", with the two writing actions narrowed by tag condition (the README's recommendation) to the data group's
 * Auto Scaling group: the tags EKS puts on a managed node group's ASG, {@code k8s.io/cluster-autoscaler/<cluster>}
 * = owned and {@code eks:nodegroup-name}. eks:DescribeNodegroup (labels and taints for a group at 0 nodes) is
 * limited to the data group's ARN. The describe actions have no resource-level permissions, hence "*".
 */
public final class AutoscalerPolicies {

    static final List<String> DESCRIBE = List.of(
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations",
            "autoscaling:DescribeScalingActivities",
            "ec2:DescribeImages",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements");
    static final List<String> SCALE = List.of(
            "autoscaling:SetDesiredCapacity",
            "autoscaling:TerminateInstanceInAutoScalingGroup");

    private AutoscalerPolicies() {
    }

    /** The tag EKS sets to {@code owned} on the ASGs of the cluster's managed node groups. */
    public static String clusterTag(String clusterName) {
        return "k8s.io/cluster-autoscaler/" + clusterName;
    }

    public static String policy(String clusterName, String dataNodeGroupName, String dataNodeGroupArn) {
        return policy(clusterName, List.of(dataNodeGroupName), List.of(dataNodeGroupArn));
    }

    /**
     * With 2+ replicas the data pool is one group per zone (cluster.NodeGroups): the condition and the describe
     * statement list each (a condition key with several values matches any of them: IAM user guide,
     * reference_policies_multi-value-conditions); one group keeps the single values.
     */
    public static String policy(String clusterName, List<String> dataNodeGroupNames, List<String> dataNodeGroupArns) {
        if (dataNodeGroupNames.isEmpty() || dataNodeGroupNames.size() != dataNodeGroupArns.size()) {
            throw new IllegalArgumentException("one ARN per data group: " + dataNodeGroupNames + " / "
                    + dataNodeGroupArns);
        }
        var equals = new LinkedHashMap<String, Object>();
        equals.put("aws:ResourceTag/" + clusterTag(clusterName), "owned");
        equals.put("aws:ResourceTag/" + AutoscalerValues.NODEGROUP_TAG, one(dataNodeGroupNames));
        var scale = statement("ScaleTheDataGroupOnly", SCALE, "*");
        scale.put("Condition", Map.of("StringEquals", equals));
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", List.of(
                statement("DiscoverGroupsAndInstanceTypes", DESCRIBE, "*"),
                statement("ReadTheDataGroup", List.of("eks:DescribeNodegroup"), one(dataNodeGroupArns)),
                scale));
        return new GsonBuilder().disableHtmlEscaping().create().toJson(Canonical.stable(doc));
    }

    private static Object one(List<String> values) {
        return values.size() == 1 ? values.get(0) : List.copyOf(values);
    }

    private static Map<String, Object> statement(String sid, List<String> actions, Object resource) {
        var s = new LinkedHashMap<String, Object>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Action", actions);
        s.put("Resource", resource);
        return s;
    }
}
