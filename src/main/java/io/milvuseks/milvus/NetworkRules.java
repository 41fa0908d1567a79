package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.StackSettings;
import io.milvuseks.monitoring.Monitoring;
import io.milvuseks.monitoring.MonitoringValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Milvus namespace's NetworkPolicies (ingress only), as plain data: a default deny, then what may reach what.
 *
 * <ul>
 *   <li>From outside the namespace only the proxy's client port {@value MilvusValuesFactory#PROXY_PORT}.</li>
 *   <li>Port {@value #METRICS_PORT} (metrics, but in Milvus 2.6 also the unauthenticated {@code /management}
 *       API, the WebUI and config views: milvus#50763, #52052, #40267) only from pods of this namespace and, with
 *       monitoring on, from the stack's Prometheus pods in namespace {@value Monitoring#NAMESPACE}.</li>
 *   <li>Milvus components reach each other on any port; etcd only from Milvus pods, its peers, the stack's etcd
 *       maintenance jobs and (its PodMonitor) the stack's Prometheus; in-cluster Pulsar only from Milvus pods and
 *       Pulsar's own pods, and ZooKeeper's client port from the chart's two init Jobs.</li>
 * </ul>
 * The monitoring namespace is matched by {@value #NAMESPACE_NAME_LABEL}, which the API server sets on every
 * namespace to its name and keeps immutable (Kubernetes "Well-Known Labels": kubernetes.io/metadata.name, GA in
 * 1.22): no label to forget when the namespace is created (a custom label left off the namespace was why Prometheus
 * could not scrape), none another namespace can carry to be let in; and always with the Prometheus pod labels, so
 * Grafana, Alertmanager and the rest of that namespace get nothing.
 *
 * <p>Kubelet probes (readiness on 9091) are traffic from the pod's own node, which Kubernetes always allows and the
 * VPC CNI's policy agent puts in every pod's map (aws-network-policy-agent fw_rule_processor.go: "Traffic from the
 * local node should always be allowed"). Enforcement needs the vpc-cni add-on with {@code enableNetworkPolicy:
 * "true"}; without it these objects exist but nothing enforces them.
 */
public final class NetworkRules {

    public static final int METRICS_PORT = 9091;
    public static final int ETCD_CLIENT_PORT = 2379;
    public static final int ETCD_PEER_PORT = 2380;
    public static final int ZOOKEEPER_CLIENT_PORT = 2181;
    /** Set by the API server on every Namespace to its name; immutable. */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    /**
     * Set by the API server on a Job's pod template to the Job's name (pkg/registry/batch/job/strategy.go
     * generateSelector): the only label the Pulsar chart's init Jobs' pods have.
     */
    public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    /** Pod label of the stack's etcd defrag and snapshot jobs ({@link EtcdMaintenance}). */
    public static final String MAINTENANCE_LABEL = "milvus-eks.io/etcd-maintenance";

    private NetworkRules() {
    }

    /** A peer: pods matching {@code pods} in namespaces matching {@code namespaces} (empty = this namespace). */
    public record Peer(Optional<Map<String, String>> pods, Optional<Map<String, String>> namespaces) {
        static Peer pods(Map<String, String> labels) {
            return new Peer(Optional.of(labels), Optional.empty());
        }

        /** Pods matching {@code pods} in namespaces matching {@code namespaces} (both must hold). */
        static Peer podsIn(Map<String, String> pods, Map<String, String> namespaces) {
            return new Peer(Optional.of(pods), Optional.of(namespaces));
        }
    }

    /** One ingress rule: from any of {@code from} (none = anywhere) to any of {@code ports} (none = all ports). */
    public record Ingress(List<Peer> from, List<Integer> ports) {
    }

    /** A NetworkPolicy on the pods matching {@code selector} (empty = every pod of the namespace). */
    public record Rule(String name, Map<String, String> selector, List<Ingress> ingress) {
    }

    public static Map<String, String> milvusPods(String release) {
        var m = new LinkedHashMap<String, String>();
        m.put("app.kubernetes.io/name", "milvus");
        m.put("app.kubernetes.io/instance", release);
        return m;
    }

    /** bitnami etcd common.labels.matchLabels. */
    public static Map<String, String> etcdPods(String release) {
        var m = new LinkedHashMap<String, String>();
        m.put("app.kubernetes.io/name", "etcd");
        m.put("app.kubernetes.io/instance", release);
        return m;
    }

    /** pulsar chart 3.3.0 pulsar.matchLabels with the milvus chart's nameOverride "pulsarv3". */
    public static Map<String, String> pulsarPods(String release) {
        var m = new LinkedHashMap<String, String>();
        m.put("app", "pulsarv3");
        m.put("release", release);
        return m;
    }

    /** pulsar chart 3.3.0 pulsar.fullname: the release name and the name override, which the release lacks. */
    public static String pulsarFullname(String release) {
        return release.contains("pulsarv3") ? release : release + "-pulsarv3";
    }

    /** ZooKeeper's pods: the pulsar pods with zookeeper.component "zookeeper". */
    public static Map<String, String> zookeeperPods(String release) {
        var m = pulsarPods(release);
        m.put("component", "zookeeper");
        return m;
    }

    /**
     * The Pulsar chart's init Jobs, bookie-init ({@code bookkeeper shell initnewcluster}) and pulsar-init
     * ({@code pulsar initialize-cluster-metadata}): both only talk to ZooKeeper (bookkeeper-cluster-initialize.yaml,
     * pulsar-cluster-initialize.yaml). Their pod templates have no labels, so each is matched by its Job name.
     */
    public static List<String> pulsarInitJobs(String release) {
        var fullname = pulsarFullname(release);
        return List.of(fullname + "-bookie-init", fullname + "-pulsar-init");
    }

    /**
     * The stack's Prometheus pods: the labels prometheus-operator (v0.93, kube-prometheus-stack 88.5.3's) puts on the
     * pods of a Prometheus object (pkg/prometheus/server/operator.go makeSelectorLabels), whose name the chart makes
     * {@code <fullname>-prometheus} (_helpers.tpl prometheus.crname).
     */
    public static Map<String, String> prometheusPods() {
        var m = new LinkedHashMap<String, String>();
        m.put("app.kubernetes.io/name", "prometheus");
        m.put("operator.prometheus.io/name", MonitoringValues.FULLNAME + "-prometheus");
        return m;
    }

    public static List<Rule> rules(StackSettings s, String release) {
        var milvus = Peer.pods(milvusPods(release));
        var prometheus = s.monitoring().enabled()
                ? Optional.of(Peer.podsIn(prometheusPods(), Map.of(NAMESPACE_NAME_LABEL, Monitoring.NAMESPACE)))
                : Optional.<Peer>empty();
        var rules = new ArrayList<Rule>();
        rules.add(new Rule(release + "-default-deny-ingress", Map.of(), List.of()));
        rules.add(new Rule(release + "-milvus-internal", milvusPods(release),
                List.of(new Ingress(List.of(milvus), List.of()))));
        rules.add(new Rule(release + "-proxy-clients", Rollout.podLabels(Component.PROXY, release),
                List.of(new Ingress(List.of(), List.of(MilvusValuesFactory.PROXY_PORT)))));
        var scrapers = new ArrayList<>(List.of(Peer.pods(Map.of())));
        prometheus.ifPresent(scrapers::add);
        rules.add(new Rule(release + "-metrics", milvusPods(release), List.of(new Ingress(
                List.copyOf(scrapers), List.of(METRICS_PORT)))));
        var etcd = Peer.pods(etcdPods(release));
        var etcdClients = new ArrayList<>(List.of(milvus, Peer.pods(Map.of(MAINTENANCE_LABEL, "true"))));
        prometheus.ifPresent(etcdClients::add); // the etcd PodMonitor scrapes /metrics on the client port
        rules.add(new Rule(release + "-etcd", etcdPods(release), List.of(
                new Ingress(List.copyOf(etcdClients), List.of(ETCD_CLIENT_PORT)),
                new Ingress(List.of(etcd), List.of(ETCD_CLIENT_PORT, ETCD_PEER_PORT)))));
        if (s.messageQueue() == MessageQueue.PULSAR) {
            rules.add(new Rule(release + "-pulsar", pulsarPods(release), List.of(
                    new Ingress(List.of(milvus, Peer.pods(pulsarPods(release))), List.of()))));
            rules.add(new Rule(release + "-pulsar-init", zookeeperPods(release), List.of(new Ingress(
                    pulsarInitJobs(release).stream().map(job -> Peer.pods(Map.of(JOB_NAME_LABEL, job))).toList(),
                    List.of(ZOOKEEPER_CLIENT_PORT)))));
        }
        return rules;
    }
}
