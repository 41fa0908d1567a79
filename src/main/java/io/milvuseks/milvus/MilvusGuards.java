package io.milvuseks.milvus;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.Service;
import com.pulumi.kubernetes.core.v1.ServiceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServiceSpecArgs;
import com.pulumi.kubernetes.meta.v1.inputs.LabelSelectorArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.networking.v1.NetworkPolicy;
import com.pulumi.kubernetes.networking.v1.NetworkPolicyArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyIngressRuleArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyPeerArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyPortArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicySpecArgs;
import com.pulumi.kubernetes.policy.v1.PodDisruptionBudget;
import com.pulumi.kubernetes.policy.v1.PodDisruptionBudgetArgs;
import com.pulumi.kubernetes.policy.v1.inputs.PodDisruptionBudgetSpecArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.milvuseks.config.ProxyExposure;
import io.milvuseks.config.StackSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What keeps Milvus available and closed next to the chart: PodDisruptionBudgets ({@link Rollout#budgets}),
 * NetworkPolicies ({@link NetworkRules}) and, with {@code proxyService: internalNlb}, the internal NLB Service that
 * carries the client port only.
 */
public final class MilvusGuards extends ComponentResource {

    public static final String TYPE = "milvus-eks:milvus:MilvusGuards";
    /** The internal NLB's Service; the chart's own proxy Service stays ClusterIP (it carries port 9091). */
    public static final String NLB_SERVICE_SUFFIX = "-nlb";

    private final Optional<Output<String>> nlbHostname;

    public MilvusGuards(String name, StackSettings s, String release, Output<String> namespace, Provider provider,
                        List<Resource> dependsOn, ComponentResourceOptions options) {
        super(TYPE, name, options);
        for (var b : Rollout.budgets(release)) {
            new PodDisruptionBudget(name + "-pdb-" + b.name(), PodDisruptionBudgetArgs.builder()
                    .metadata(meta(b.name(), namespace))
                    .spec(PodDisruptionBudgetSpecArgs.builder().maxUnavailable(b.maxUnavailable())
                            .selector(LabelSelectorArgs.builder().matchLabels(b.selector()).build()).build())
                    .build(), opts(provider, dependsOn));
        }
        for (var r : NetworkRules.rules(s, release)) {
            new NetworkPolicy(name + "-netpol-" + r.name(), NetworkPolicyArgs.builder()
                    .metadata(meta(r.name(), namespace))
                    .spec(NetworkPolicySpecArgs.builder()
                            .podSelector(LabelSelectorArgs.builder().matchLabels(r.selector()).build())
                            .policyTypes("Ingress")
                            .ingress(r.ingress().stream().map(MilvusGuards::ingress).toList())
                            .build())
                    .build(), opts(provider, dependsOn));
        }
        if (s.milvus().proxyService() == ProxyExposure.INTERNAL_NLB) {
            var svcName = MilvusValuesFactory.proxyServiceName(release) + NLB_SERVICE_SUFFIX;
            var svc = new Service(name + "-proxy-nlb", ServiceArgs.builder()
                    .metadata(ObjectMetaArgs.builder().name(svcName).namespace(namespace)
                            .annotations(MilvusValuesFactory.nlbAnnotations()).build())
                    .spec(ServiceSpecArgs.builder()
                            .type("LoadBalancer")
                            .selector(Rollout.podLabels(Component.PROXY, release))
                            .loadBalancerSourceRanges(List.of(s.network().vpcCidr()))
                            .ports(ServicePortArgs.builder().name("milvus").protocol("TCP")
                                    .port(MilvusValuesFactory.PROXY_PORT).targetPort("milvus").build())
                            .build())
                    .build(), opts(provider, dependsOn));
            this.nlbHostname = Optional.of(svc.status().applyValue(st -> st
                    .flatMap(x -> x.loadBalancer()).map(lb -> lb.ingress()).filter(l -> !l.isEmpty())
                    .flatMap(l -> l.get(0).hostname()).orElse("")));
        } else {
            this.nlbHostname = Optional.empty();
        }
        registerOutputs(Map.of());
    }

    /** The internal NLB's DNS name (internalNlb only). */
    public Optional<Output<String>> nlbHostname() {
        return nlbHostname;
    }

    private static NetworkPolicyIngressRuleArgs ingress(NetworkRules.Ingress in) {
        var b = NetworkPolicyIngressRuleArgs.builder();
        if (!in.from().isEmpty()) {
            b.from(in.from().stream().map(MilvusGuards::peer).toList());
        }
        if (!in.ports().isEmpty()) {
            b.ports(in.ports().stream()
                    .map(p -> NetworkPolicyPortArgs.builder().protocol("TCP").port(p).build()).toList());
        }
        return b.build();
    }

    private static NetworkPolicyPeerArgs peer(NetworkRules.Peer p) {
        var b = NetworkPolicyPeerArgs.builder();
        p.pods().ifPresent(l -> b.podSelector(LabelSelectorArgs.builder().matchLabels(l).build()));
        p.namespaces().ifPresent(l -> b.namespaceSelector(LabelSelectorArgs.builder().matchLabels(l).build()));
        return b.build();
    }

    private static ObjectMetaArgs meta(String name, Output<String> namespace) {
        return ObjectMetaArgs.builder().name(name).namespace(namespace)
                .labels(Map.of("app.kubernetes.io/part-of", "milvus")).build();
    }

    private CustomResourceOptions opts(Provider provider, List<Resource> dependsOn) {
        return CustomResourceOptions.builder().parent(this).provider(provider).dependsOn(dependsOn).build();
    }
}
