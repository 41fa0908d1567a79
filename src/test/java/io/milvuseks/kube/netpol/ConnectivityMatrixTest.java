package io.milvuseks.kube.netpol;

import io.milvuseks.kube.netpol.ConnectivityMatrix.Report.Status;
import io.milvuseks.kube.netpol.Flow.End;
import io.milvuseks.kube.netpol.Flow.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.milvuseks.kube.netpol.K.pairs;
import static io.milvuseks.kube.netpol.K.pod;
import static io.milvuseks.kube.netpol.K.policy;
import static io.milvuseks.kube.netpol.K.port;
import static io.milvuseks.kube.netpol.K.selector;
import static io.milvuseks.kube.netpol.K.spec;
import static io.milvuseks.kube.netpol.K.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The matrix over a small hand-built cluster: outcomes, vacuous flows, optional flows, probes, the report. */
class ConnectivityMatrixTest {

    final Map<String, Object> db0 = probed(pod("data", "db-0", pairs("app", "db"), "sql:5432", "health:8086"));
    final Map<String, Object> db1 = probed(pod("data", "db-1", pairs("app", "db"), "sql:5432", "health:8086"));
    final Map<String, Object> api = pod("data", "api-7f", pairs("app", "api"));
    final Map<String, Object> scraper = pod("mon", "scraper-0", pairs("app", "scraper"));

    final Snapshot snapshot = new Snapshot(
            List.of(K.namespace("data"), K.namespace("mon"), K.namespace("default")),
            List.of(db0, db1, api, scraper),
            List.of(policy("data", "deny", spec("podSelector", Map.of(), "policyTypes", List.of("Ingress"))),
                    policy("data", "db", spec("podSelector", selector("app", "db"), "ingress", List.of(
                            Map.of("from", List.of(Map.of("podSelector", selector("app", "api")))),
                            Map.of("from", List.of(Map.of("podSelector", selector("app", "db"))),
                                    "ports", List.of(port(5432))))))));

    static Map<String, Object> probed(Map<String, Object> pod) {
        @SuppressWarnings("unchecked")
        var container = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) pod.get("spec"))
                .get("containers")).get(0);
        var withProbes = new java.util.LinkedHashMap<>(container);
        withProbes.put("readinessProbe", Map.of("httpGet", Map.of("path", "/ready", "port", "health")));
        withProbes.put("livenessProbe", Map.of("tcpSocket", Map.of("port", 5432)));
        return with(pod, "spec.containers", List.of(withProbes));
    }

    static End.Pods pods(String what, String ns, String... labels) {
        return new End.Pods(what, ns, pairs(labels));
    }

    @Test
    void eachFlowIsCheckedOverEveryPairOfItsPods() {
        var dbs = pods("db", "data", "app", "db");
        var report = ConnectivityMatrix.check(snapshot, List.of(
                Flow.allow("api -> db", pods("api", "data", "app", "api"), dbs, Ports.tcp(5432)),
                Flow.allow("db replication", dbs, dbs, Ports.tcp(5432)),
                Flow.deny("db -> db on another port", dbs, dbs, Ports.tcp(8086)),
                Flow.deny("scraper -> db", pods("scraper", "mon", "app", "scraper"), dbs, Ports.tcp(5432))));
        assertThat(report.passed()).as(report.text()).isTrue();
        assertThat(report.lines().get(0).detail()).startsWith("allowed, 1 source(s) x 2 destination(s), 2 checked")
                .contains("ingress rule 1 of data/db");
        // a pod to itself is skipped: db-0 -> db-1 and db-1 -> db-0
        assertThat(report.lines().get(1).detail()).contains("2 checked");
        assertThat(report.lines().get(3).detail()).startsWith("denied")
                .contains("isolated by [data/deny, data/db]");
    }

    @Test
    void aFlowTheSnapshotContradictsFailsWithTheDecidingPolicies() {
        var report = ConnectivityMatrix.check(snapshot, List.of(
                Flow.allow("scraper -> db health", pods("scraper", "mon", "app", "scraper"),
                        pods("db", "data", "app", "db"), Ports.named("health"))));
        assertThat(report.passed()).isFalse();
        var line = report.failures().get(0);
        assertThat(line.status()).isEqualTo(Status.FAIL);
        assertThat(line.detail()).isEqualTo("2 of 2 denied, e.g. mon/scraper-0 -> data/db-0:health denied (ingress of "
                + "data/db-0 isolated by [data/deny, data/db]; none admits mon/scraper-0 on 8086)");
        assertThat(line.toString()).startsWith("FAIL ALLOW scraper -> db health: scraper (mon {app=scraper}) -> "
                + "db (data {app=db}) :health  2 of 2 denied");
    }

    @Test
    void anEndThatMatchesNoPodFailsUnlessTheFlowIsOptional() {
        var typo = Flow.allow("api -> db", pods("api", "data", "app", "apl"), pods("db", "data", "app", "db"),
                Ports.tcp(5432));
        var denyTypo = Flow.deny("default -> dbs", new End.AnyPod("a pod", "default", Map.of()),
                pods("db", "data", "app", "dbs"), Ports.tcp(5432));
        var report = ConnectivityMatrix.check(snapshot, List.of(typo, denyTypo,
                typo.optionalBecause("api runs on demand"),
                Flow.deny("nowhere -> db", new End.AnyPod("a pod", "nowhere", Map.of()),
                        pods("db", "data", "app", "db"), Ports.tcp(5432))));
        assertThat(report.lines()).extracting(ConnectivityMatrix.Report.Line::status)
                .containsExactly(Status.FAIL, Status.FAIL, Status.SKIP, Status.FAIL);
        assertThat(report.lines().get(0).detail()).isEqualTo("no pod matches the source api (data {app=apl})");
        assertThat(report.lines().get(1).detail()).isEqualTo("no pod matches the destination db (data {app=dbs})");
        assertThat(report.lines().get(2).detail()).startsWith("optional (api runs on demand): no pod matches");
        assertThat(report.lines().get(3).detail()).isEqualTo("namespace nowhere is not in the snapshot");
    }

    @Test
    void aFlowWithNoPairToEvaluateFails() {
        var single = new Snapshot(snapshot.namespaces(), List.of(db0), snapshot.networkPolicies());
        var dbs = pods("db", "data", "app", "db");
        var report = ConnectivityMatrix.check(single, List.of(Flow.allow("db peers", dbs, dbs, Ports.tcp(5432)),
                Flow.allow("probes", new End.Kubelet(), pods("api", "data", "app", "api"), new Ports.Probed())));
        assertThat(report.failures()).extracting(ConnectivityMatrix.Report.Line::detail).containsExactly(
                "no connection to evaluate (one pod, itself)",
                "no pod matches the destination api (data {app=api})");
        var noProbes = new Snapshot(snapshot.namespaces(), List.of(api), snapshot.networkPolicies());
        assertThat(ConnectivityMatrix.check(noProbes, List.of(Flow.allow("probes", new End.Kubelet(),
                pods("api", "data", "app", "api"), new Ports.Probed()))).failures().get(0).detail())
                .isEqualTo("no connection to evaluate (no pod has a network probe)");
    }

    @Test
    void probedPortsAreEachPodsOwnResolvedAgainstItsContainer() {
        var report = ConnectivityMatrix.check(snapshot, List.of(Flow.allow("probes", new End.Kubelet(),
                pods("every pod", "data"), new Ports.Probed())));
        assertThat(report.passed()).isTrue();
        // db-0 and db-1, each on 8086 (readiness, by name) and 5432 (liveness); api has none
        assertThat(report.lines().get(0).detail()).contains("4 checked").contains("from the pod's own node");
        var bad = with(pod("data", "bad", pairs("app", "bad")), "spec.containers", List.of(Map.of("name", "m",
                "readinessProbe", Map.of("httpGet", Map.of("port", "nope")))));
        var withBad = new Snapshot(snapshot.namespaces(), List.of(bad), List.of());
        assertThatThrownBy(() -> ConnectivityMatrix.check(withBad, List.of(Flow.allow("probes",
                new End.Kubelet(), pods("every pod", "data"), new Ports.Probed()))))
                .hasMessageContaining("data/bad: probe port 'nope' is no port of its container");
    }

    @Test
    void aSnapshotFileAsTheKubeTierWritesIt(@TempDir Path dir) throws Exception {
        var file = dir.resolve("staging-snapshot.json");
        Files.writeString(file, new com.google.gson.Gson().toJson(Map.of("namespaces", snapshot.namespaces(),
                "pods", snapshot.pods(), "networkPolicies", snapshot.networkPolicies())));
        var read = Snapshot.read(file);
        var flow = Flow.allow("api -> db", pods("api", "data", "app", "api"), pods("db", "data", "app", "db"),
                Ports.named("sql"));
        // numbers come back as doubles from JSON: ports still resolve
        assertThat(ConnectivityMatrix.check(read, List.of(flow)).passed()).isTrue();
        Files.writeString(file, "{\"namespaces\": [], \"pods\": []}");
        assertThatThrownBy(() -> Snapshot.read(file)).hasMessageContaining("has no \"networkPolicies\" list");
    }
}
