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
import com.pulumi.kubernetes.core.v1.inputs.ConfigMapVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServiceSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerPortArgs;
import com.pulumi.kubernetes.core.v1.inputs.EmptyDirVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.HTTPGetActionArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.ProbeArgs;
import com.pulumi.kubernetes.core.v1.inputs.ResourceRequirementsArgs;
import com.pulumi.kubernetes.core.v1.inputs.SecretKeySelectorArgs;
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
import io.milvuseks.config.NodeRole;
import io.milvuseks.zones.QueryZones;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * With 2+ replicas, the query pods: one Deployment per zone group, pinned to that group's nodes (node label
 * {@link QueryZones#GROUP_LABEL} plus the query taint's toleration), each pod labelled for its Milvus resource group
 * through {@link QueryZones#SESSION_LABEL_ENV}. The pod is the chart 5.0.19 querynode-deployment.yaml's, from the
 * same values ({@link QueryZonePods}).
 *
 * <p>Why not the chart's {@code replicaResourceGroups}: its per-group Deployments all take the one
 * {@code queryNode.nodeSelector}/{@code affinity}, so none can be pinned to a zone; and it also splits the streaming
 * nodes per group and turns on {@code streaming.strictResourceGroupIsolation} (config.tpl), which changes how the
 * WAL and the delegators are placed on the data pool. Here the streaming nodes are untouched.
 *
 * <p>Each Deployment rolls one pod at a time with no surge ({@link Rollout#strategy}), and each waits for the one
 * before it (dependsOn): {@code pulumi up} rolls one zone, waits for its pods to be Ready, then the next, so a
 * config or image change never has a pod of every replica down at once. The one query PodDisruptionBudget
 * ({@link Rollout#budgets}, all query pods, maxUnavailable 1) does the same for drains.
 */
public final class QueryZoneDeployments extends ComponentResource {

    public static final String TYPE = "milvus-eks:milvus:QueryZoneDeployments";

    private final List<Deployment> deployments;

    /**
     * @param podValues    the release's values as handed to Helm (deploy-time inputs as Outputs at their own leaves,
     *                     {@link ComputedLeaves}): what the pod reads from them is known at preview
     * @param configValues the same values resolved, for the ConfigMap checksum (unknown at a first preview)
     * @param chartVersion the Milvus chart's version, in the checksum: a chart bump rolls the zone pods as the chart's
     */
    public QueryZoneDeployments(String name, QueryZones zones, String release, Output<String> namespace,
                                Output<Map<String, Object>> podValues, Output<Map<String, Object>> configValues,
                                String chartVersion, Provider provider, List<Resource> dependsOn,
                                ComponentResourceOptions options) {
        super(TYPE, name, options);
        var checksum = configValues.applyValue(v -> QueryZonePods.checksum(v, chartVersion));
        var out = new ArrayList<Deployment>();
        Resource previous = null;
        for (var zone : zones.zones()) {
            var pods = podValues.applyValue(v -> QueryZonePods.of(v, zone, release));
            var deps = new ArrayList<Resource>(dependsOn);
            if (previous != null) {
                deps.add(previous);
            }
            var labels = QueryZonePods.labels(release, zone);
            var d = new Deployment(name + "-" + zone.zone(), DeploymentArgs.builder()
                    .metadata(ObjectMetaArgs.builder().name(QueryZonePods.name(release, zone)).namespace(namespace)
                            .labels(labels).build())
                    .spec(DeploymentSpecArgs.builder()
                            .replicas(zone.desired())
                            .strategy(DeploymentStrategyArgs.builder().type("RollingUpdate")
                                    .rollingUpdate(RollingUpdateDeploymentArgs.builder()
                                            .maxUnavailable(1).maxSurge(0).build()).build())
                            .selector(LabelSelectorArgs.builder().matchLabels(labels).build())
                            .template(PodTemplateSpecArgs.builder()
                                    .metadata(ObjectMetaArgs.builder().labels(labels)
                                            .annotations(checksum.applyValue(QueryZonePods::annotations)).build())
                                    .spec(podSpec(pods, zone))
                                    .build())
                            .build())
                    .build(), CustomResourceOptions.builder().parent(this).provider(provider).dependsOn(deps)
                    .customTimeouts(timeouts(zone)).build());
            out.add(d);
            previous = d;
        }
        this.deployments = List.copyOf(out);
        metricsService(name, release, namespace, provider, dependsOn);
        registerOutputs(Map.of());
    }

    /**
     * The chart's headless query metrics Service (querynode-svc.yaml, 5.0.19), which the chart no longer renders
     * with {@code queryNode.enabled: false}: same name, labels, port and selector, so Milvus' ServiceMonitor (it
     * selects the release's Services by name and instance) still scrapes every zone's query pods.
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

    /** {@code milvus.querynode.fullname}: the release's full name and "-querynode". */
    static String metricsServiceName(String release) {
        return MilvusValuesFactory.proxyServiceName(release) + "-querynode";
    }

    /**
     * The provider waits 10 minutes for a Deployment by default; a roll of one pod at a time takes a few minutes a
     * pod (stop, schedule, 90 s before the first readiness probe). Assumption: 4 minutes a pod, at least the Helm
     * release's 30 minutes.
     */
    static CustomTimeouts timeouts(QueryZones.Zone zone) {
        var floor = Duration.ofSeconds(MilvusRelease.TIMEOUT_SECONDS);
        var roll = POD_ROLL.multipliedBy(zone.desired());
        var update = roll.compareTo(floor) > 0 ? roll : floor;
        return CustomTimeouts.builder().create(floor).update(update).build();
    }

    static final Duration POD_ROLL = Duration.ofMinutes(4);

    public List<Deployment> deployments() {
        return deployments;
    }

    private static PodSpecArgs podSpec(Output<QueryZonePods> pods, QueryZones.Zone zone) {
        var t = Scheduling.tolerations(NodeRole.QUERY);
        var tolerations = t.stream().map(o -> {
            @SuppressWarnings("unchecked")
            var m = (Map<String, Object>) o;
            return TolerationArgs.builder().key((String) m.get("key")).operator((String) m.get("operator"))
                    .value((String) m.get("value")).effect((String) m.get("effect")).build();
        }).toList();
        return PodSpecArgs.builder()
                .serviceAccountName(pods.applyValue(QueryZonePods::serviceAccount))
                .nodeSelector(QueryZonePods.nodeSelector(zone))
                .tolerations(tolerations)
                .containers(ContainerArgs.builder()
                        .name("querynode")
                        .image(pods.applyValue(QueryZonePods::image))
                        .imagePullPolicy(pods.applyValue(QueryZonePods::pullPolicy))
                        .args("milvus", "run", "querynode")
                        .env(pods.applyValue(p -> p.env().stream().map(QueryZoneDeployments::env).toList()))
                        .ports(ContainerPortArgs.builder().name("querynode").containerPort(QueryZonePods.PORT)
                                        .protocol("TCP").build(),
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
                        .volumeMounts(
                                VolumeMountArgs.builder().name("milvus-config").mountPath("/milvus/configs/default.yaml")
                                        .subPath("default.yaml").readOnly(true).build(),
                                VolumeMountArgs.builder().name("milvus-config").mountPath("/milvus/configs/user.yaml")
                                        .subPath("user.yaml").readOnly(true).build(),
                                VolumeMountArgs.builder().name("tools").mountPath("/milvus/tools").build(),
                                VolumeMountArgs.builder().name("disk").mountPath("/var/lib/milvus/data").build())
                        .build())
                .volumes(
                        VolumeArgs.builder().name("milvus-config").configMap(ConfigMapVolumeSourceArgs.builder()
                                .name(pods.applyValue(QueryZonePods::configMap)).build()).build(),
                        VolumeArgs.builder().name("tools").emptyDir(EmptyDirVolumeSourceArgs.builder().build()).build(),
                        VolumeArgs.builder().name("disk").emptyDir(EmptyDirVolumeSourceArgs.builder().build()).build())
                .build();
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
