package io.milvuseks.milvus;

import io.milvuseks.config.MessageQueue;
import io.milvuseks.config.StackSettings;

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
 *       API, the WebUI and config views: milvus#50763, #52052, #40267) only from pods of this namespace and from
 *       namespaces labelled {@value #SCRAPER_LABEL}=true (where Prometheus runs).</li>
 *   <li>Milvus components reach each other on any port; etcd only from Milvus pods, its peers and the stack's etcd
 *       maintenance jobs; in-cluster Pulsar only from Milvus pods and Pulsar's own pods.</li>
 * </ul>
 * Kubelet probes (readiness on 9091) are node-to-pod traffic, which the VPC CNI's policy agent always admits
 * (EKS user guide, "Restrict Pod network traffic": considerations). Enforcement needs the vpc-cni add-on with
 * {@code enableNetworkPolicy: "true"}; without it these objects exist but nothing enforces them.
 */
public final class NetworkRules {

    public static final int METRICS_PORT = 9091;
    public static final int ETCD_CLIENT_PORT = 2379;
    public static final int ETCD_PEER_PORT = 2380;
    /** Label a monitoring namespace carries to scrape Milvus' metrics port. */
    public static final String SCRAPER_LABEL = "milvus-eks.io/metrics-scraper";
    /** Pod label of the stack's etcd defrag and snapshot jobs ({@link EtcdMaintenance}). */
    public static final String MAINTENANCE_LABEL = "milvus-eks.io/etcd-maintenance";

    private NetworkRules() {
    }

    /** A peer: pods matching {@code pods} in namespaces matching {@code namespaces} (empty = this namespace). */
    public record Peer(Optional<Map<String, String>> pods, Optional<Map<String, String>> namespaces) {
        static Peer pods(Map<String, String> labels) {
            return new Peer(Optional.of(labels), Optional.empty());
        }

        static Peer namespaces(Map<String, String> labels) {
            return new Peer(Optional.empty(), Optional.of(labels));
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

    public static List<Rule> rules(StackSettings s, String release) {
        var milvus = Peer.pods(milvusPods(release));
        var rules = new ArrayList<Rule>();
        rules.add(new Rule(release + "-default-deny-ingress", Map.of(), List.of()));
        rules.add(new Rule(release + "-milvus-internal", milvusPods(release),
                List.of(new Ingress(List.of(milvus), List.of()))));
        rules.add(new Rule(release + "-proxy-clients", Rollout.podLabels(Component.PROXY, release),
                List.of(new Ingress(List.of(), List.of(MilvusValuesFactory.PROXY_PORT)))));
        rules.add(new Rule(release + "-metrics", milvusPods(release), List.of(new Ingress(
                List.of(Peer.pods(Map.of()), Peer.namespaces(Map.of(SCRAPER_LABEL, "true"))),
                List.of(METRICS_PORT)))));
        var etcd = Peer.pods(etcdPods(release));
        rules.add(new Rule(release + "-etcd", etcdPods(release), List.of(
                new Ingress(List.of(milvus, Peer.pods(Map.of(MAINTENANCE_LABEL, "true"))),
                        List.of(ETCD_CLIENT_PORT)),
                new Ingress(List.of(etcd), List.of(ETCD_CLIENT_PORT, ETCD_PEER_PORT)))));
        if (s.messageQueue() == MessageQueue.PULSAR) {
            rules.add(new Rule(release + "-pulsar", pulsarPods(release), List.of(
                    new Ingress(List.of(milvus, Peer.pods(pulsarPods(release))), List.of()))));
        }
        return rules;
    }
}
