package io.milvuseks.kube;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stand-in for the EBS CSI driver's external provisioner, so pods with volumes get bound too and the zone
 * constraint of a volume is exercised. With {@code volumeBindingMode: WaitForFirstConsumer} the scheduler picks a
 * node for the pod and writes it on the claim ({@code volume.kubernetes.io/selected-node}); the PV controller marks
 * the claim for the external provisioner ({@code volume.kubernetes.io/storage-provisioner: ebs.csi.aws.com}). This
 * then does what the provisioner and driver do: a PersistentVolume {@code pvc-<claim uid>} of the claim's size
 * (rounded up to GiB, as EBS sizes volumes), its access modes, the class's reclaim policy and fsType, bound to the
 * claim, with node affinity {@code topology.kubernetes.io/zone In [the node's zone]} — the key the driver puts on
 * its volumes (aws-ebs-csi-driver v1.45.0 pkg/driver/controller.go:964, WellKnownZoneTopologyKey). The PV
 * controller binds the two and the scheduler binds the pod.
 *
 * <p>What it cannot tell: EBS capacity, volume limits per instance, IOPS/throughput validity, encryption.
 */
final class FakeProvisioner implements AutoCloseable {

    static final String DRIVER = "ebs.csi.aws.com";

    private final KubeApi api;
    private final Thread thread;
    private final Set<String> done = new HashSet<>();
    private final Map<String, Integer> byZone = new TreeMap<>();
    private final List<String> errors = new ArrayList<>();
    private volatile boolean stop;

    FakeProvisioner(KubeApi api) {
        this.api = api;
        this.thread = new Thread(this::loop, "kube-tier-provisioner");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (!stop) {
            try {
                provisionPending();
                Thread.sleep(500);
            } catch (InterruptedException ex) {
                return;
            } catch (RuntimeException ex) {
                if (!stop) {
                    synchronized (this) {
                        errors.add(ex.getMessage());
                    }
                }
            }
        }
    }

    private void provisionPending() {
        for (var pvc : api.list("/api/v1/persistentvolumeclaims")) {
            var uid = Maps.str(pvc, "metadata", "uid");
            var node = Maps.str(pvc, "metadata", "annotations", "volume.kubernetes.io/selected-node");
            var provisioner = Maps.str(pvc, "metadata", "annotations", "volume.kubernetes.io/storage-provisioner");
            if (node == null || !DRIVER.equals(provisioner) || Maps.str(pvc, "spec", "volumeName") != null
                    || done.contains(uid)) {
                continue;
            }
            var sc = api.get("/apis/storage.k8s.io/v1/storageclasses/"
                    + KubeApi.enc(Maps.str(pvc, "spec", "storageClassName"))).body();
            var zone = Maps.str(api.get("/api/v1/nodes/" + KubeApi.enc(node)).body(),
                    "metadata", "labels", "topology.kubernetes.io/zone");
            var reply = api.create("/api/v1/persistentvolumes", volume(pvc, sc, zone));
            if (!reply.ok() && reply.code() != 409) {
                throw new IllegalStateException("PV for " + Maps.id(pvc) + ": " + reply.message());
            }
            synchronized (this) {
                done.add(uid);
                byZone.merge(zone, 1, Integer::sum);
            }
        }
    }

    static Map<String, Object> volume(Map<String, Object> pvc, Map<String, Object> sc, String zone) {
        long bytes = Quantity.bytes(Maps.at(pvc, "spec", "resources", "requests", "storage"));
        long gib = (bytes + (1L << 30) - 1) >> 30;
        var spec = new LinkedHashMap<String, Object>();
        spec.put("capacity", Map.of("storage", gib + "Gi"));
        spec.put("accessModes", Maps.list(pvc, "spec", "accessModes"));
        spec.put("persistentVolumeReclaimPolicy", sc.getOrDefault("reclaimPolicy", "Delete"));
        spec.put("storageClassName", Maps.str(pvc, "spec", "storageClassName"));
        spec.put("volumeMode", Maps.str(pvc, "spec", "volumeMode") == null ? "Filesystem"
                : Maps.str(pvc, "spec", "volumeMode"));
        spec.put("claimRef", Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "namespace", Maps.str(pvc, "metadata", "namespace"), "name", Maps.str(pvc, "metadata", "name"),
                "uid", Maps.str(pvc, "metadata", "uid")));
        var fsType = Maps.str(sc, "parameters", "csi.storage.k8s.io/fstype");
        spec.put("csi", Map.of("driver", DRIVER, "fsType", fsType == null ? "ext4" : fsType,
                "volumeHandle", "vol-" + Maps.str(pvc, "metadata", "uid").replace("-", "").substring(0, 17)));
        spec.put("nodeAffinity", Map.of("required", Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions",
                List.of(Map.of("key", "topology.kubernetes.io/zone", "operator", "In", "values", List.of(zone))))))));
        var pv = new LinkedHashMap<String, Object>();
        pv.put("apiVersion", "v1");
        pv.put("kind", "PersistentVolume");
        pv.put("metadata", Map.of("name", "pvc-" + Maps.str(pvc, "metadata", "uid"),
                "annotations", Map.of("pv.kubernetes.io/provisioned-by", DRIVER)));
        pv.put("spec", spec);
        return pv;
    }

    /** Volumes made, by zone. */
    synchronized Map<String, Integer> byZone() {
        return new TreeMap<>(byZone);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join(5000);
    }
}
