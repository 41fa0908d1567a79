package io.milvuseks.milvus;

import io.milvuseks.helm.ChartRelease;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.naming.Naming;
import io.milvuseks.registry.ChartImages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Milvus on the cluster: its namespace, the Secret with its passwords, the milvus-helm release, and next to it
 * the disruption budgets, network policies and NLB ({@link MilvusGuards}) and etcd upkeep ({@link EtcdMaintenance}).
 */
public final class MilvusRelease extends ComponentResource {

    public static final String TYPE = "milvus-eks:milvus:MilvusRelease";
    public static final String CHART = "milvus";
    public static final String CHART_REPO = "https://zilliztech.github.io/milvus-helm";
    /**
     * A billion-scale first install pulls images on dozens of nodes, binds etcd/bookie volumes and waits for every
     * query node to pass readiness (90 s initial delay); 30 minutes leaves room without hiding a stuck install.
     */
    public static final int TIMEOUT_SECONDS = 1800;

    private final Output<String> namespace;
    private final Output<String> proxyService;
    private final Output<Map<String, Object>> values;
    private final Optional<Output<String>> caPem;
    private final Optional<String> tlsServerName;

    public MilvusRelease(String name, MilvusReleaseArgs args, ComponentResourceOptions options) {
        super(TYPE, name, options);
        var s = args.settings();
        var nsName = s.milvus().namespace();

        // etcd's (and Pulsar's) PVCs live here. Prod keeps and protects it: deleting it would delete the claims (the
        // gp3 class still keeps prod's volumes, reclaim Retain). Staging deletes it with the stack, so the claims go
        // and their volumes with them (reclaim Delete); a kept namespace would leave them behind, billed.
        var ns = new Namespace(name + "-namespace", NamespaceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(nsName)
                        .labels(Map.of("app.kubernetes.io/part-of", "milvus")).build())
                .build(), childOptions(args).retainOnDelete(s.prod()).protect(s.prod()).build());
        this.namespace = ns.metadata().applyValue(m -> m.name().orElse(nsName));

        var secretData = args.rootPassword().applyValue(p -> Map.of(Credentials.ROOT_PASSWORD_KEY, p));
        if (args.kafkaScramPassword().isPresent()) {
            secretData = Output.tuple(secretData, args.kafkaScramPassword().get()).applyValue(t -> {
                var m = new LinkedHashMap<>(t.t1);
                m.put(Credentials.KAFKA_PASSWORD_KEY, t.t2);
                return Map.copyOf(m);
            });
        }
        var credentials = new Secret(name + "-credentials", SecretArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(Credentials.SECRET_NAME).namespace(namespace).build())
                .type("Opaque")
                .stringData(secretData.asSecret())
                .build(), childOptions(args).build());

        Output<Optional<String>> brokers = args.kafkaBrokers()
                .map(b -> b.applyValue(Optional::of))
                .orElse(Output.of(Optional.empty()));
        this.values = Output.tuple(args.bucketName(), args.milvusRoleArn(), brokers, args.imageValues()).applyValue(t ->
                ChartImages.overlay(MilvusValuesFactory.build(s, args.sizing(), new DeployInputs(t.t1, t.t2, t.t3))
                        .toMap(), t.t4));
        // The release gets the same values with the three deploy-time inputs as Outputs at their own leaves, so a
        // first preview knows every static value (see ComputedLeaves); the image references (known at preview: the
        // account comes from an invoke) are laid over them.
        var releaseValues = Output.tuple(ComputedLeaves.values(s, args.sizing(), args.bucketName(),
                args.milvusRoleArn(), args.kafkaBrokers()), args.imageValues())
                .applyValue(t -> ChartImages.overlay(t.t1, t.t2));

        var deps = new ArrayList<Resource>(args.dependsOn());
        deps.add(ns);
        deps.add(credentials);
        var tlsPlan = ProxyTlsPlan.of(nsName, Naming.MILVUS_RELEASE);
        Optional<ProxyTls> tls = Optional.empty();
        if (s.milvus().proxyTls()) {
            tls = Optional.of(new ProxyTls(name + "-tls", tlsPlan, namespace, args.provider(), args.mirror(),
                    List.of(ns), ComponentResourceOptions.builder().parent(this).build()));
            deps.add(tls.get().certificates());
        }
        var release = new Release(name, ChartRelease.pinned(Naming.MILVUS_RELEASE, CHART_REPO, CHART,
                        s.milvus().chartVersion(), namespace, TIMEOUT_SECONDS)
                .waitForJobs(true)
                .values(releaseValues)
                .build(), CustomResourceOptions.builder().parent(this).provider(args.provider()).dependsOn(deps)
                .build());

        var children = ComponentResourceOptions.builder().parent(this).build();
        var queryZones = MilvusValuesFactory.queryZones(s, args.sizing());
        if (queryZones.zoned()) {
            // the query and streaming pods, one Deployment per zone group, once the chart's ConfigMap exists
            new QueryZoneDeployments(name + "-query-zones", queryZones, MilvusValuesFactory.dataZones(s,
                    args.sizing()), Naming.MILVUS_RELEASE, namespace, releaseValues, values,
                    s.milvus().chartVersion(), querySegmentMiB(args.sizing()), args.provider(), List.of(release),
                    children);
        }
        new MilvusGuards(name + "-guards", s, Naming.MILVUS_RELEASE, namespace, args.provider(), List.of(ns),
                children);
        new EtcdMaintenance(name + "-etcd-maintenance", s, Naming.MILVUS_RELEASE, namespace, args.bucketName(),
                args.mirror(), args.provider(), List.of(ns, release), children);

        this.caPem = tls.map(t -> t.readCa(namespace, release));
        this.tlsServerName = tls.map(t -> tlsPlan.serverName());
        this.proxyService = Output.of(MilvusValuesFactory.proxyServiceName(Naming.MILVUS_RELEASE));
        registerOutputs(Map.of("namespace", namespace, "proxyService", proxyService));
    }

    /** Segments a query node holds: the share of its pod's memory the capacity plan fills. */
    public static long querySegmentMiB(MilvusSizing sizing) {
        return (long) (sizing.of(Component.QUERY_NODE).memoryRequestMiB()
                * io.milvuseks.capacity.Assumptions.QUERY_SEGMENT_SHARE);
    }

    private CustomResourceOptions.Builder childOptions(MilvusReleaseArgs args) {
        return CustomResourceOptions.builder().parent(this).provider(args.provider()).dependsOn(args.dependsOn());
    }

    public Output<String> namespace() {
        return namespace;
    }

    /** The Service clients connect to on {@link MilvusValuesFactory#PROXY_PORT}. */
    public Output<String> proxyService() {
        return proxyService;
    }

    /** With proxyTls: the CA certificate (PEM, public) that signed the proxy's certificate. */
    public Optional<Output<String>> caPem() {
        return caPem;
    }

    /** With proxyTls: the name in the proxy's certificate that clients verify ({@link ProxyTlsPlan#serverName}). */
    public Optional<String> tlsServerName() {
        return tlsServerName;
    }

    public Output<Map<String, Object>> values() {
        return values;
    }
}
