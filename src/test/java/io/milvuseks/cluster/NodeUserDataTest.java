package io.milvuseks.cluster;

import io.milvuseks.capacity.Assumptions;
import io.milvuseks.capacity.CapacityPlanner;
import io.milvuseks.instances.InstanceCatalog;
import io.milvuseks.instances.InstanceType;
import io.milvuseks.milvus.NodeAllocatable;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The launch template's NodeConfig states what EKS will apply, and the memory model subtracts exactly that. */
@SuppressWarnings("unchecked")
class NodeUserDataTest {

    private static Map<String, Object> spec(InstanceType type) {
        Map<String, Object> doc = new Yaml().load(NodeUserData.nodeConfig(type));
        return (Map<String, Object>) doc.get("spec");
    }

    @Test
    void maxPodsIsTheEniLimitUnderTheManagedNodeGroupCap() {
        // eni-max-pods.txt: m6i.xlarge 58, m6in.4xlarge 234, i4i.8xlarge 234; EKS caps < 30 vCPU at 110, else 250
        assertThat(InstanceCatalog.requireEc2("m6i.xlarge").maxPods()).isEqualTo(58);
        assertThat(InstanceCatalog.requireEc2("m6in.4xlarge").maxPods()).isEqualTo(110);
        assertThat(InstanceCatalog.requireEc2("m6in.8xlarge").maxPods()).isEqualTo(234);
        for (var type : InstanceCatalog.ec2Types()) {
            int cap = type.vcpu() < 30 ? 110 : 250;
            assertThat(type.maxPods()).as(type.name()).isEqualTo(Math.min(type.eniMaxPods(), cap));
            // the ENI formula's values for these families: (ENIs x (IPs - 1)) + 2 is 58 or 234 here
            assertThat(type.eniMaxPods()).as(type.name()).isIn(58, 234);
        }
    }

    @Test
    void everyTypePinsTheMaxPodsAndKubeReservedTheMemoryModelSubtracts() {
        for (var type : InstanceCatalog.ec2Types()) {
            var kubelet = (Map<String, Object>) ((Map<String, Object>) spec(type).get("kubelet")).get("config");
            assertThat(kubelet.get("maxPods")).as(type.name()).isEqualTo(type.maxPods());
            var reserved = (Map<String, Object>) kubelet.get("kubeReserved");
            int mib = Integer.parseInt(((String) reserved.get("memory")).replace("Mi", ""));
            assertThat(mib).as(type.name()).isEqualTo(255 + 11 * type.maxPods());
            assertThat((long) mib).isEqualTo(Assumptions.kubeReservedMib(type));
            // pod memory = 97 % of nominal less that kube-reserved and 100 MiB eviction (allocatable), less a 3 %
            // margin of nominal (issue 21 finding 6) and 1 GiB of DaemonSets
            assertThat(NodeAllocatable.of(type).memoryMiB()).as(type.name())
                    .isEqualTo((int) Math.floor(type.memoryGiB() * 1024 * 0.94 - mib - 100 - 1024));
            assertThat(CapacityPlanner.podMemory(type)).isEqualTo(NodeAllocatable.of(type).memoryMiB() * Assumptions.MIB);
        }
    }

    @Test
    void instanceStoreNvmeIsStripedAndMountedOnlyWhereItExists() {
        for (var type : InstanceCatalog.ec2Types()) {
            var instance = (Map<String, Object>) spec(type).get("instance");
            if (type.hasLocalNvme()) {
                assertThat(instance).as(type.name()).isNotNull();
                assertThat((Map<String, Object>) instance.get("localStorage")).containsEntry("strategy", "RAID0");
            } else {
                assertThat(instance).as(type.name()).isNull();
            }
        }
        assertThat(NodeUserData.mime(InstanceCatalog.requireEc2("i4i.8xlarge")))
                .contains("Content-Type: application/node.eks.aws").contains("strategy: RAID0");
    }
}
