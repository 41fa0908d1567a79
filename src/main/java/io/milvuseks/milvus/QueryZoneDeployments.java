package io.milvuseks.milvus;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.apps.v1.Deployment;
import com.pulumi.kubernetes.apps.v1.DeploymentArgs;
import com.pulumi.kubernetes.apps.v1.inputs.DeploymentSpecArgs;
import com.pulumi.kubernetes.apps.v1.inputs.DeploymentStrategyArgs;
import com.pulumi.kubernetes.apps.v1.inputs.RollingUpdateDeploymentArgs;
import com.pulumi.kubernetes.core.v1.Service;
import com.pulumi.kubernetes.core.v1.ServiceArgs;
import com.pulumi.kubernetes.core.v1.inputs.AffinityArgs;
import com.pulumi.kubernetes.core.v1.inputs.ConfigMapVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerPortArgs;
import com.pulumi.kubernetes.core.v1.inputs.EmptyDirVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.HTTPGetActionArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodAffinityTermArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodAntiAffinityArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.ProbeArgs;
import com.pulumi.kubernetes.core.v1.inputs.ResourceRequirementsArgs;
import com.pulumi.kubernetes.core.v1.inputs.SecretKeySelectorArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServiceSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.TCPSocketActionArgs;
import com.pulumi.kubernetes.core.v1.inputs.TolerationArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.LabelSelectorArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.CustomTimeouts;
import com.pulumi.resources.Resource;
import io.milvuseks.zones.QueryZones;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * With 2+ replicas, the query and streaming pods: one Deployment per zone group and component, pinned to that
 * group's nodes (node label {@link QueryZones#GROUP_LABEL} or {@link QueryZones#DATA_GROUP_LABEL}, plus the query
 * taint's toleration), each pod labelled for its zone's Milvus resource group through
 * {@link QueryZones#SESSION_LABEL_ENV}. The pod is chart {@value QueryZones#POD_CHART_VERSION}'s, from the same
 * values ({@link QueryZonePods}); QueryZoneChartIT renders that chart with Helm and compares them field by field.
 *
 * <p>Why not the chart's {@code replicaResourceGroups}: its per-group query and streaming Deployments all take the
 * one {@code queryNode.nodeSelector}/{@code streamingNode.nodeSelector}, so none can be pinned to a zone. What it
 * sets in config.tpl beside the Deployments is taken over: strict streaming isolation (user.yaml,
 * {@link QueryZones#streamingConfig}); its {@code streaming.primaryResourceGroup} is left out on purpose (see there).
 *
 * <p>Each Deployment rolls one pod at a time with no surge ({@link Rollout#strategy}), gives a pod Milvus' graceful
 * stop before it is killed ({@link Rollout#TERMINATION_GRACE_SECONDS}), and a query Deployment waits
 * {@link Rollout#queryMinReadySeconds} after each new pod before stopping the next. The Deployments wait for each
 * other (dependsOn): the streaming zones one after the other, then the query zones, so {@code pulumi up} rolls one
 * zone at a time and a config or image change never has pods of every replica down at once. The PodDisruptionBudgets
 * ({@link Rollout#budgets}, one per component over all zones, maxUnavailable 1) do the same for drains.
 */
public final class QueryZoneDeployments extends ComponentResource {

    public static final String TYPE = "milvus-eks:milvus:QueryZoneDeployments";
    /**
     * The query pods' headless metrics Service. Its own name, not the chart's {@code milvus-querynode}: going back to
     * one replica turns the chart's query Deployment and that Service on again, and Helm creates it before Pulumi
     * deletes this one, so a shared name failed the upgrade (issue 23, item 3). The chart's ServiceMonitor selects
     * Services by labels (servicemonitor.yaml: milvus.matchLabels), not by name.
     */
    public static final String METRICS_SERVICE_SUFFIX = "-querynode-zones";

    private final List<Deployment> deployments;

    /**
     * @param zones        the query zone groups
     * @param dataZones    the data zone groups (same zones): one streaming pod per node of each
     * @param podValues    the release's values as handed to Helm (deploy-time inputs as Outputs at their own leaves,
     *                     {@link ComputedLeaves}): what the pod reads from them is known at preview
     * @param configValues the same values resolved, for the ConfigMap checksum (unknown at a first preview)
     * @param chartVersion the Milvus chart's version, in the checksum: a chart bump rolls the zone pods as the chart's
     * @param segmentMiB   segments a query node holds (the roll's gate, {@link Rollout#queryMinReadySeconds})
     */
    public QueryZoneDeployments(String name, QueryZones zones, List<QueryZones.Zone> dataZones, String release,
                                Output<String> namespace, Output<Map<String, Object>> podValues,
                                Output<Map<String, Object>> configValues, String chartVersion, long segmentMiB,
                                Provider provider, List<Resource> dependsOn, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var checksum = configValues.applyValue(v -> QueryZonePods.checksum(v, chartVersion));
        var out = new ArrayList<Deployment>();
        Resource previous = null;
        for (var zone : dataZones) {
            previous = deployment(name + "-streaming-" + zone.zone(), Component.STREAMING_NODE, zone, release,
                    namespace, podValues, checksum, Rollout.MIN_READY_SECONDS, STREAMING_POD_ROLL, provider,
                    dependsOn, previous);
            out.add((Deployment) previous);
        }
        int minReady = Rollout.queryMinReadySeconds(segmentMiB);
        var queryRoll = queryPodRoll(segmentMiB);
        for (var zone : zones.zones()) {
            previous = deployment(name + "-" + zone.zone(), Component.QUERY_NODE, zone, release, namespace,
                    podValues, checksum, minReady, queryRoll, provider, dependsOn, previous);
            out.add((Deployment) previous);
        }
        this.deployments = List.copyOf(out);
        metricsService(name, release, namespace, provider, dependsOn);
        registerOutputs(Map.of());
    }

    private Deployment deployment(String resourceName, Component c, QueryZones.Zone zone, String release,
                                  Output<String> namespace, Output<Map<String, Object>> podValues,
                                  Output<String> checksum, int minReadySeconds, Duration podRoll, Provider provider,
                                  List<Resource> dependsOn, Resource previous) {
        var pods = podValues.applyValue(v -> QueryZonePods.of(v, c, zone, release));
        var deps = new ArrayList<Resource>(dependsOn);
        if (previous != null) {
            deps.add(previous);
        }
        var labels = QueryZonePods.labels(release, c, zone);
        return new Deployment(resourceName, DeploymentArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(QueryZonePods.name(release, c, zone)).namespace(namespace)
                        .labels(labels).build())
                .spec(DeploymentSpecArgs.builder()
                        .replicas(zone.desired())
                        .minReadySeconds(minReadySeconds)
                        .strategy(DeploymentStrategyArgs.builder().type("RollingUpdate")
                                .rollingUpdate(RollingUpdateDeploymentArgs.builder()
                                        .maxUnavailable(1).maxSurge(0).build()).build())
                        .selector(LabelSelectorArgs.builder().matchLabels(labels).build())
                        .template(PodTemplateSpecArgs.builder()
                                .metadata(ObjectMetaArgs.builder().labels(labels)
                                        .annotations(checksum.applyValue(QueryZonePods::annotations)).build())
                                .spec(podSpec(pods, c, zone))
                                .build())
                        .build())
                .build(), CustomResourceOptions.builder().parent(this).provider(provider).dependsOn(deps)
                .customTimeouts(timeouts(zone, podRoll)).build());
    }

    /**
     * The chart's headless query metrics Service (querynode-svc.yaml, chart {@value QueryZones#POD_CHART_VERSION}),
     * which the chart does not render with {@code queryNode.enabled: false}: same labels, port and selector, under
     * its own name ({@link #METRICS_SERVICE_SUFFIX}), so Milvus' ServiceMonitor (it selects the release's Services
     * by the labels app.kubernetes.io/name and instance) still scrapes every zone's query pods. The streaming pods
     * need none: the chart's streamingnode Service stays (streaming is on) and selects them by component.
     */
    private void metricsService(String name, String release, Output<String> namespace, Provider provider,
                                List<Resource> dependsOn) {
        var labels = Rollout.podLabels(Component.QUERY_NODE, release);
        new Service(name + "-metrics", ServiceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(metricsServiceName(release)).namespace(namespace)
                        .labels(labels).build())
                .spec(ServiceSpecArgs.builder().type("ClusterIP").clusterIP("None")
                        .ports(ServicePortArgs.builder().name("metrics").protocol("TCP")
                                .port(QueryZonePods.METRICS_PORT).targetPort("metrics").build())
                        .selector(labels)
                        .build())
                .build(), CustomResourceOptions.builder().parent(this).provider(provider).dependsOn(dependsOn)
                .build());
    }

    /** {@code milvus-querynode-zones}: never a name the chart renders ({@link #METRICS_SERVICE_SUFFIX}). */
    public static String metricsServiceName(String release) {
        return MilvusValuesFactory.proxyServiceName(release) + METRICS_SERVICE_SUFFIX;
    }

    /**
     * The provider waits 10 minutes for a Deployment by default; a roll of one pod at a time takes a pod's roll per
     * pod. At least the Helm release's 30 minutes.
     */
    static CustomTimeouts timeouts(QueryZones.Zone zone, Duration podRoll) {
        var floor = Duration.ofSeconds(MilvusRelease.TIMEOUT_SECONDS);
        var roll = podRoll.multipliedBy(zone.desired());
        var update = roll.compareTo(floor) > 0 ? roll : floor;
        return CustomTimeouts.builder().create(floor).update(update).build();
    }

    /**
     * One query pod's roll: its graceful stop moves its segments out, the new pod starts (90 s before the first
     * readiness probe, a minute more for image and scheduling) and is filled again during minReadySeconds.
     * Assumption: moving out takes as long as loading in ({@link Rollout#LOAD_MIB_PER_SECOND}).
     */
    static Duration queryPodRoll(long segmentMiB) {
        long move = segmentMiB / Rollout.LOAD_MIB_PER_SECOND;
        return Duration.ofSeconds(move + 150 + Rollout.queryMinReadySeconds(segmentMiB));
    }

    /**
     * How long {@code pulumi up} may wait for the query zone Deployments when they all roll (a Milvus upgrade, a
     * changed config checksum): they wait on each other ({@code dependsOn}), so it is the sum of their update
     * timeouts. Zero with one replica (the chart's single Deployment rolls under the Helm release's wait).
     */
    public static Duration chainedRoll(QueryZones zones, long segmentMiB) {
        if (!zones.zoned()) {
            return Duration.ZERO;
        }
        var podRoll = queryPodRoll(segmentMiB);
        return zones.zones().stream().map(z -> timeouts(z, podRoll).getUpdate().orElseThrow())
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Assumption: a streaming pod hands its WAL channels and delegators over in a couple of minutes. */
    static final Duration STREAMING_POD_ROLL = Duration.ofMinutes(4);

    public List<Deployment> deployments() {
        return deployments;
    }

    private static PodSpecArgs podSpec(Output<QueryZonePods> pods, Component c, QueryZones.Zone zone) {
        var tolerations = Scheduling.tolerations(c.role()).stream().map(o -> {
            @SuppressWarnings("unchecked")
            var m = (Map<String, Object>) o;
            return TolerationArgs.builder().key((String) m.get("key")).operator((String) m.get("operator"))
                    .value((String) m.get("value")).effect((String) m.get("effect")).build();
        }).toList();
        var mounts = new ArrayList<VolumeMountArgs>(List.of(
                VolumeMountArgs.builder().name("milvus-config").mountPath("/milvus/configs/default.yaml")
                        .subPath("default.yaml").readOnly(true).build(),
                VolumeMountArgs.builder().name("milvus-config").mountPath("/milvus/configs/user.yaml")
                        .subPath("user.yaml").readOnly(true).build(),
                VolumeMountArgs.builder().name("tools").mountPath("/milvus/tools").build()));
        var volumes = new ArrayList<VolumeArgs>(List.of(
                VolumeArgs.builder().name("milvus-config").configMap(ConfigMapVolumeSourceArgs.builder()
                        .name(pods.applyValue(QueryZonePods::configMap)).build()).build(),
                VolumeArgs.builder().name("tools").emptyDir(EmptyDirVolumeSourceArgs.builder().build()).build()));
        if (c == Component.QUERY_NODE) {
            // queryNode.disk.enabled (true in the chart's values.yaml): the local disk for disk indexes and mmap
            mounts.add(VolumeMountArgs.builder().name("disk").mountPath("/var/lib/milvus/data").build());
            volumes.add(VolumeArgs.builder().name("disk").emptyDir(EmptyDirVolumeSourceArgs.builder().build())
                    .build());
        }
        var spec = PodSpecArgs.builder()
                .serviceAccountName(pods.applyValue(QueryZonePods::serviceAccount))
                .terminationGracePeriodSeconds(Rollout.TERMINATION_GRACE_SECONDS)
                .nodeSelector(QueryZonePods.nodeSelector(c, zone))
                .containers(ContainerArgs.builder()
                        .name(c.podLabel())
                        .image(pods.applyValue(QueryZonePods::image))
                        .imagePullPolicy(pods.applyValue(QueryZonePods::pullPolicy))
                        .args("milvus", "run", c.podLabel())
                        .env(pods.applyValue(p -> p.env().stream().map(QueryZoneDeployments::env).toList()))
                        .ports(ContainerPortArgs.builder().name(c.podLabel())
                                        .containerPort(c == Component.QUERY_NODE ? QueryZonePods.PORT
                                                : QueryZonePods.STREAMING_PORT).protocol("TCP").build(),
                                ContainerPortArgs.builder().name("metrics").containerPort(QueryZonePods.METRICS_PORT)
                                        .protocol("TCP").build())
                        // values.yaml livenessProbe / readinessProbe defaults, as the chart renders them
                        .livenessProbe(ProbeArgs.builder()
                                .tcpSocket(TCPSocketActionArgs.builder().port("metrics").build())
                                .initialDelaySeconds(90).periodSeconds(30).timeoutSeconds(5).successThreshold(1)
                                .failureThreshold(5).build())
                        .readinessProbe(ProbeArgs.builder()
                                .httpGet(HTTPGetActionArgs.builder().path("/healthz").port("metrics").build())
                                .initialDelaySeconds(90).periodSeconds(10).timeoutSeconds(5).successThreshold(1)
                                .failureThreshold(5).build())
                        .resources(ResourceRequirementsArgs.builder()
                                .requests(pods.applyValue(QueryZonePods::requests))
                                .limits(pods.applyValue(QueryZonePods::limits)).build())
                        .volumeMounts(mounts)
                        .build())
                .volumes(volumes);
        if (!tolerations.isEmpty()) {
            spec.tolerations(tolerations);
        }
        if (c == Component.STREAMING_NODE) {
            spec.affinity(pods.applyValue(p -> affinity(p.affinity())));
        }
        return spec.build();
    }

    /**
     * The values' affinity as typed args. The stack writes one shape only ({@link Scheduling#hostAntiAffinity});
     * another must be copied here, not dropped.
     */
    @SuppressWarnings("unchecked")
    static AffinityArgs affinity(Map<String, Object> affinity) {
        var b = AffinityArgs.builder();
        if (affinity.isEmpty()) {
            return b.build();
        }
        var anti = (Map<String, Object>) affinity.get("podAntiAffinity");
        if (anti == null || affinity.size() != 1 || anti.size() != 1) {
            throw new IllegalStateException("only a required podAntiAffinity is copied to the zone pods, not "
                    + affinity);
        }
        var terms = (List<Object>) anti.get("requiredDuringSchedulingIgnoredDuringExecution");
        return b.podAntiAffinity(PodAntiAffinityArgs.builder().requiredDuringSchedulingIgnoredDuringExecution(
                terms.stream().map(o -> {
                    var t = (Map<String, Object>) o;
                    var selector = (Map<String, Object>) t.get("labelSelector");
                    return PodAffinityTermArgs.builder().topologyKey((String) t.get("topologyKey"))
                            .labelSelector(LabelSelectorArgs.builder()
                                    .matchLabels((Map<String, String>) selector.get("matchLabels")).build())
                            .build();
                }).toList()).build()).build();
    }

    private static EnvVarArgs env(QueryZonePods.Env e) {
        var b = EnvVarArgs.builder().name(e.name());
        if (e.secretName() != null) {
            return b.valueFrom(EnvVarSourceArgs.builder().secretKeyRef(SecretKeySelectorArgs.builder()
                    .name(e.secretName()).key(e.secretKey()).build()).build()).build();
        }
        return b.value(e.value()).build();
    }
}
