package io.milvuseks.plan;

import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ordering a reviewer can check offline: what the Kubernetes layer waits for, and through which provider. */
class PlanDependenciesTest {

    private static final Plan PROD = Stacks.plan("prod");

    @Test
    void everyKubernetesResourceGoesThroughTheClustersProviderWhichWaitsForTheNodeGroups() {
        var providers = PROD.ofType("pulumi:providers:kubernetes");
        assertThat(providers).hasSize(1);
        var k8s = providers.get(0);
        var kubernetes = PROD.resources().stream().filter(r -> r.custom() && r.type().startsWith("kubernetes:"))
                .toList();
        assertThat(kubernetes).isNotEmpty()
                .allSatisfy(r -> assertThat(r.provider()).as(r.name()).isEqualTo(k8s.name()));
        assertThat(k8s.propertyDependencies().get("kubeconfig")).as("kubeconfig from the cluster's endpoint")
                .isNotEmpty();
        var groups = PROD.ofType("aws:eks/nodeGroup:NodeGroup").stream().map(PlannedResource::name).toList();
        assertThat(groups).isNotEmpty();
        assertThat(k8s.dependsOn()).containsAll(groups);
        // AWS resources use the default provider
        assertThat(PROD.ofType("aws:eks/cluster:Cluster")).allSatisfy(r -> assertThat(r.provider()).isNull());
    }

    @Test
    void theMilvusReleaseWaitsForItsBucketRoleAndBrokers() {
        var release = PROD.ofType("kubernetes:helm.sh/v3:Release").stream()
                .filter(r -> "milvus".equals(r.inputs().get("chart"))).findFirst().orElseThrow();
        var values = release.propertyDependencies().get("values");
        assertThat(values).as("the values are built from the bucket, the role and the brokers").isNotEmpty();
        assertThat(release.dependsOn()).containsAll(values);
        var msk = PROD.ofType("aws:msk/cluster:Cluster").get(0).name();
        var role = PROD.ofType("aws:iam/role:Role").stream().map(PlannedResource::name)
                .filter(n -> n.contains("milvus")).toList();
        assertThat(release.dependsOn()).contains(msk);
        assertThat(role).anySatisfy(r -> assertThat(release.dependsOn()).contains(r));
        assertThat(PROD.resources()).allSatisfy(r -> assertThat(r.dependsOn()).as(r.name())
                .allSatisfy(d -> assertThat(PROD.resources()).anySatisfy(o -> assertThat(o.name()).isEqualTo(d))));
    }

    @Test
    void namesAreNotUniqueAcrossTypesSoANatGatewayNamesItsOwnElasticIp() {
        // a consumer resolves a dependency by name and, where two types share it, by the type it expects
        var nat = PROD.ofType("aws:ec2/natGateway:NatGateway").get(0);
        assertThat(nat.dependsOn()).contains(nat.name());
        assertThat(nat.propertyDependencies().get("allocationId")).containsExactly(nat.name());
        assertThat(PROD.find("aws:ec2/eip:Eip", nat.name())).isPresent();
    }
}
