package io.milvuseks.kube.netpol;

import io.milvuseks.config.Cidr;
import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.ProxyExposure;
import io.milvuseks.config.StackSettings;
import io.milvuseks.kube.netpol.Flow.End;
import io.milvuseks.kube.netpol.Flow.Ports;
import io.milvuseks.monitoring.Monitoring;
import io.milvuseks.naming.Naming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections a stack needs and the ones it must not have, derived from its settings. Every workload is named by
 * the labels its chart or the stack gives its pods, written out here from the sources (not taken from
 * {@code milvus.NetworkRules}, so a wrong label there cannot agree with itself):
 * <ul>
 *   <li>Milvus (milvus-helm 5.0.19 _helpers.tpl milvus.matchLabels + {@code component}), etcd (bitnami etcd 8.12.0
 *       common.labels.matchLabels), Pulsar (pulsar 3.3.0 pulsar.template.labels + {@code component}, name override
 *       {@code pulsarv3});</li>
 *   <li>the Pulsar init Jobs, whose pod templates carry no labels at all (bookkeeper-cluster-initialize.yaml,
 *       pulsar-cluster-initialize.yaml): their pods have only what the API server adds to a Job's template,
 *       {@code batch.kubernetes.io/job-name} = the Job's name (pkg/registry/batch/job/strategy.go
 *       generateSelector);</li>
 *   <li>Prometheus: the labels prometheus-operator v0.93 puts on the pods of Prometheus {@code kps-prometheus}
 *       (pkg/prometheus/server/operator.go makeSelectorLabels; the object's name is kube-prometheus-stack's
 *       prometheus.crname with fullnameOverride {@code kps}); Grafana (grafana 12.11.1 grafana.selectorLabels);</li>
 *   <li>the stack's own: the backup CronJob's and restore Job's pods (backup.BackupJob, restore.RestoreJob), the
 *       etcd maintenance jobs (milvus.EtcdMaintenance).</li>
 * </ul>
 */
public final class Flows {

    static final String RELEASE = Naming.MILVUS_RELEASE;
    static final String MONITORING = Monitoring.NAMESPACE;
    static final String PULSAR = RELEASE + "-pulsarv3";
    /** MSK's SASL/SCRAM listener over TLS (MSK developer guide, "Port information"). */
    static final int MSK_SCRAM_PORT = 9096;

    private Flows() {
    }

    public static List<Flow> of(StackSettings s) {
        var ns = s.milvus().namespace();
        var out = new ArrayList<Flow>();
        var proxy = milvus(ns, "proxy");
        var etcd = new End.Pods("etcd", ns, Map.of("app.kubernetes.io/name", "etcd",
                "app.kubernetes.io/instance", RELEASE));
        var components = List.of("proxy", "mixcoord", "querynode", "datanode", "streamingnode");

        // Milvus itself
        out.add(Flow.allow("proxy -> query node gRPC", proxy, milvus(ns, "querynode"), Ports.named("querynode")));
        out.add(Flow.allow("proxy -> streaming node gRPC", proxy, milvus(ns, "streamingnode"),
                Ports.named("streamingnode")));
        out.add(Flow.allow("mix coordinator -> data node gRPC", milvus(ns, "mixcoord"), milvus(ns, "datanode"),
                Ports.named("datanode")));
        for (var c : components) {
            out.add(Flow.allow(c + " -> etcd", milvus(ns, c), etcd, Ports.tcp(2379)));
        }
        if (s.milvus().etcdReplicas() > 1) {
            out.add(Flow.allow("etcd peers", etcd, etcd, Ports.tcp(2380)));
        }
        out.add(Flow.allow("etcd maintenance jobs -> etcd", new End.Pods("etcd maintenance job", ns,
                Map.of("milvus-eks.io/etcd-maintenance", "true")), etcd, Ports.tcp(2379)));

        // clients
        out.add(Flow.allow("bootstrap/verify -> proxy (port-forward)", new End.PortForward(), proxy,
                Ports.tcp(19530)));
        out.add(Flow.allow("in-cluster client in default -> proxy", anyPod("default"), proxy, Ports.tcp(19530)));
        var vpcClient = new End.Address("a client in the VPC", vpcAddress(s, 10));
        if (s.milvus().proxyService() == ProxyExposure.INTERNAL_NLB) {
            // the NLB preserves the client's address (or kube-proxy's SNAT gives a node's): a VPC address either way
            out.add(Flow.allow("internal NLB client -> proxy", vpcClient, proxy, Ports.tcp(19530)));
        }
        out.add(Flow.deny("VPC address -> proxy metrics/management", vpcClient, proxy, Ports.tcp(9091)));

        monitoring(s, ns, etcd, components, out);
        queue(s, ns, etcd, out);
        if (s.backup().enabled()) {
            var backup = new End.Pods("backup CronJob", ns, Map.of("app.kubernetes.io/name", "milvus-backup"));
            out.add(Flow.allow("backup -> proxy", backup, proxy, Ports.tcp(19530)));
            out.add(Flow.allow("backup -> proxy GC pause (management API)", backup, proxy, Ports.tcp(9091)));
            out.add(Flow.allow("restore -> proxy", new End.Pods("restore Job", ns, Map.of(
                    "app.kubernetes.io/name", "milvus-backup", "app.kubernetes.io/component", "restore")), proxy,
                    Ports.tcp(19530)).optionalBecause("a restore Job exists only while `restore` runs"));
        }

        // what must stay closed from other namespaces
        for (var c : components) {
            out.add(Flow.deny("default -> " + c + " metrics/management", anyPod("default"), milvus(ns, c),
                    Ports.tcp(9091)));
        }
        out.add(Flow.deny("kube-system -> proxy metrics/management", anyPod("kube-system"), proxy, Ports.tcp(9091)));
        out.add(Flow.deny("default -> query node gRPC", anyPod("default"), milvus(ns, "querynode"),
                Ports.named("querynode")));
        out.add(Flow.deny("default -> etcd", anyPod("default"), etcd, Ports.tcp(2379)));
        out.add(Flow.deny("non-Milvus pod of " + ns + " -> etcd", anyPod(ns), etcd, Ports.tcp(2379)));

        // kubelet probes, whatever port each pod's probes use
        out.add(Flow.allow("kubelet probes in " + ns, new End.Kubelet(), new End.Pods("every pod", ns, Map.of()),
                new Ports.Probed()));
        return List.copyOf(out);
    }

    private static void monitoring(StackSettings s, String ns, End etcd, List<String> components, List<Flow> out) {
        if (!s.monitoring().enabled()) {
            return;
        }
        var prometheus = new End.Pods("Prometheus", MONITORING, Map.of("app.kubernetes.io/name", "prometheus",
                "operator.prometheus.io/name", "kps-prometheus"));
        var grafana = new End.Pods("Grafana", MONITORING, Map.of("app.kubernetes.io/name", "grafana"));
        if (s.milvus().serviceMonitor()) {
            for (var c : components) {
                out.add(Flow.allow("Prometheus -> " + c + " metrics", prometheus, milvus(ns, c), Ports.tcp(9091)));
            }
        }
        out.add(Flow.allow("Prometheus -> etcd metrics", prometheus, etcd, Ports.tcp(2379)));
        out.add(Flow.deny("Grafana -> etcd", grafana, etcd, Ports.tcp(2379)));
        out.add(Flow.deny("Grafana -> proxy management", grafana, milvus(ns, "proxy"), Ports.tcp(9091)));
        out.add(Flow.deny("other pod of monitoring -> etcd", anyPod(MONITORING), etcd, Ports.tcp(2379)));
        out.add(Flow.allow("kubelet probes in " + MONITORING, new End.Kubelet(),
                new End.Pods("every pod", MONITORING, Map.of()), new Ports.Probed()));
    }

    private static void queue(StackSettings s, String ns, End etcd, List<Flow> out) {
        if (s.messageQueue() == MessageQueue.MSK) {
            // outside the cluster: only the source's egress could stop it, and the stack declares none
            out.add(Flow.allow("streaming node -> MSK broker", milvus(ns, "streamingnode"),
                    new End.Address("an MSK broker in the VPC", vpcAddress(s, 20)), Ports.tcp(MSK_SCRAM_PORT)));
        }
        if (s.messageQueue() != MessageQueue.PULSAR) {
            return;
        }
        var zookeeper = pulsar(ns, "zookeeper");
        var bookie = pulsar(ns, "bookie");
        var broker = pulsar(ns, "broker");
        var pulsarProxy = pulsar(ns, "proxy");
        for (var c : List.of("streamingnode", "proxy")) {
            out.add(Flow.allow(c + " -> Pulsar proxy", milvus(ns, c), pulsarProxy, Ports.tcp(6650)));
        }
        out.add(Flow.allow("Pulsar proxy -> broker", pulsarProxy, broker, Ports.tcp(6650)));
        out.add(Flow.allow("broker -> bookie", broker, bookie, Ports.tcp(3181)));
        out.add(Flow.allow("broker -> ZooKeeper", broker, zookeeper, Ports.tcp(2181)));
        out.add(Flow.allow("bookie -> ZooKeeper", bookie, zookeeper, Ports.tcp(2181)));
        out.add(Flow.allow("autorecovery -> ZooKeeper", pulsar(ns, "recovery"), zookeeper, Ports.tcp(2181)));
        var bookieInit = job(ns, "bookie-init Job", PULSAR + "-bookie-init");
        var pulsarInit = job(ns, "pulsar-init Job", PULSAR + "-pulsar-init");
        out.add(Flow.allow("bookie-init -> ZooKeeper", bookieInit, zookeeper, Ports.tcp(2181)));
        out.add(Flow.allow("pulsar-init -> ZooKeeper", pulsarInit, zookeeper, Ports.tcp(2181)));
        out.add(Flow.deny("bookie-init -> broker", bookieInit, broker, Ports.tcp(6650)));
        out.add(Flow.deny("default -> Pulsar proxy", anyPod("default"), pulsarProxy, Ports.tcp(6650)));
        out.add(Flow.deny("default -> ZooKeeper", anyPod("default"), zookeeper, Ports.tcp(2181)));
        out.add(Flow.deny("kube-system -> bookie", anyPod("kube-system"), bookie, Ports.tcp(3181)));
        out.add(Flow.deny("etcd maintenance job -> Pulsar proxy", new End.Pods("etcd maintenance job", ns,
                Map.of("milvus-eks.io/etcd-maintenance", "true")), pulsarProxy, Ports.tcp(6650)));
        out.add(Flow.deny("Pulsar broker -> etcd", broker, etcd, Ports.tcp(2379)));
    }

    static End.Pods milvus(String ns, String component) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("app.kubernetes.io/name", "milvus");
        labels.put("app.kubernetes.io/instance", RELEASE);
        labels.put("component", component);
        return new End.Pods("milvus " + component, ns, labels);
    }

    static End.Pods pulsar(String ns, String component) {
        return new End.Pods("Pulsar " + component, ns, Map.of("app", "pulsarv3", "release", RELEASE,
                "component", component));
    }

    static End.Pods job(String ns, String what, String jobName) {
        return new End.Pods(what, ns, Map.of("batch.kubernetes.io/job-name", jobName));
    }

    static End.AnyPod anyPod(String namespace) {
        return new End.AnyPod("a pod", namespace, Map.of("app", "intruder"));
    }

    /** An address inside the stack's VPC that the snapshot gives no pod (host {@code n} of the VPC's last /24). */
    static String vpcAddress(StackSettings s, int n) {
        var cidr = Cidr.parse(s.network().vpcCidr()).orElseThrow();
        long ip = cidr.last() - 255 + n;
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }
}
