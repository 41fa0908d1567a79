package io.milvuseks.preflight;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The AWS calls preflight makes (AWS SDK for Java v2, the caller's default credentials), each turned into a
 * {@link Probe}: an answer, or why there is none. Read-only: Describe/Get calls only.
 */
public final class AwsAccount implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Ec2Client ec2;
    private final EksClient eks;
    private final IamClient iam;
    private final SecretsManagerClient secrets;
    private final ServiceQuotasClient quotas;
    private final EcrClient ecr;

    public AwsAccount(String region, Optional<URI> endpoint) {
        var r = Region.of(region);
        var override = ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build();
        var credentials = DefaultCredentialsProvider.builder().build();
        var ec2b = Ec2Client.builder().region(r).credentialsProvider(credentials).overrideConfiguration(override);
        var eksb = EksClient.builder().region(r).credentialsProvider(credentials).overrideConfiguration(override);
        // IAM is global: its endpoint is signed for aws-global whatever the stack's region.
        var iamb = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials)
                .overrideConfiguration(override);
        var smb = SecretsManagerClient.builder().region(r).credentialsProvider(credentials)
                .overrideConfiguration(override);
        var sqb = ServiceQuotasClient.builder().region(r).credentialsProvider(credentials)
                .overrideConfiguration(override);
        var ecrb = EcrClient.builder().region(r).credentialsProvider(credentials).overrideConfiguration(override);
        endpoint.ifPresent(uri -> {
            ec2b.endpointOverride(uri);
            eksb.endpointOverride(uri);
            iamb.endpointOverride(uri);
            smb.endpointOverride(uri);
            sqb.endpointOverride(uri);
            ecrb.endpointOverride(uri);
        });
        ec2 = ec2b.build();
        eks = eksb.build();
        iam = iamb.build();
        secrets = smb.build();
        quotas = sqb.build();
        ecr = ecrb.build();
    }

    /** The region's zones as this account sees them: name → id. */
    public Probe<Map<String, String>> zones() {
        return call(() -> {
            var out = new LinkedHashMap<String, String>();
            ec2.describeAvailabilityZones(DescribeAvailabilityZonesRequest.builder().build()).availabilityZones()
                    .forEach(z -> out.put(z.zoneName(), z.zoneId()));
            return out;
        });
    }

    /** "type@zoneId" for each of {@code types} offered in each of {@code zoneIds}. */
    public Probe<Set<String>> offerings(Collection<String> types, Collection<String> zoneIds) {
        return call(() -> {
            var out = new HashSet<String>();
            var request = DescribeInstanceTypeOfferingsRequest.builder()
                    .locationType(LocationType.AVAILABILITY_ZONE_ID)
                    .filters(Filter.builder().name("instance-type").values(types).build(),
                            Filter.builder().name("location").values(zoneIds).build())
                    .build();
            ec2.describeInstanceTypeOfferingsPaginator(request).instanceTypeOfferings()
                    .forEach(o -> out.add(o.instanceTypeAsString() + "@" + o.location()));
            return out;
        });
    }

    /** The applied EC2 quota, or the AWS default where the account has no applied value. */
    public Probe<Double> ec2Quota(String quotaCode) {
        return quota("ec2", quotaCode);
    }

    /** The applied quota, or the AWS default where the account has no applied value. */
    public Probe<Double> quota(String serviceCode, String quotaCode) {
        var applied = call(() -> quotas.getServiceQuota(b -> b.serviceCode(serviceCode).quotaCode(quotaCode)).quota()
                .value());
        if (applied instanceof Probe.Refused<Double> r && r.why().startsWith("NoSuchResourceException")) {
            var fallback = call(() -> quotas.getAWSDefaultServiceQuota(b -> b.serviceCode(serviceCode)
                    .quotaCode(quotaCode)).quota().value());
            return fallback instanceof Probe.Refused<Double> f
                    ? Probe.refused("GetServiceQuota: " + r.why() + "; GetAWSDefaultServiceQuota: " + f.why())
                    : fallback;
        }
        return applied;
    }

    /** Elastic IP addresses allocated in the region (DescribeAddresses, domain vpc). */
    public Probe<Integer> elasticIps() {
        return call(() -> (int) ec2.describeAddresses(b -> b.filters(Filter.builder().name("domain").values("vpc")
                .build())).addresses().size());
    }

    public Probe<Integer> vpcs() {
        return call(() -> (int) ec2.describeVpcsPaginator(b -> { }).vpcs().stream().count());
    }

    public Probe<Integer> internetGateways() {
        return call(() -> (int) ec2.describeInternetGatewaysPaginator(b -> { }).internetGateways().stream().count());
    }

    /**
     * NAT gateways per zone, keyed by zone id and by zone name alike: those pending, available or deleting, which the
     * quota counts ("includes NAT gateways in the pending, active, or deleting state", Amazon VPC quotas).
     */
    public Probe<Map<String, Integer>> natGatewaysByZone() {
        return call(() -> {
            var subnets = ec2.describeNatGatewaysPaginator(b -> b.filter(Filter.builder().name("state")
                            .values("pending", "available", "deleting").build())).natGateways().stream()
                    .map(n -> n.subnetId()).toList();
            var out = new LinkedHashMap<String, Integer>();
            if (subnets.isEmpty()) {
                return out;
            }
            var zoneOf = new LinkedHashMap<String, software.amazon.awssdk.services.ec2.model.Subnet>();
            ec2.describeSubnetsPaginator(b -> b.subnetIds(new HashSet<>(subnets))).subnets()
                    .forEach(sn -> zoneOf.put(sn.subnetId(), sn));
            for (var id : subnets) {
                var sn = zoneOf.get(id);
                if (sn != null) {
                    out.merge(sn.availabilityZoneId(), 1, Integer::sum);
                    out.merge(sn.availabilityZone(), 1, Integer::sum);
                }
            }
            return out;
        });
    }

    /** GiB of the region's gp3 volumes (DescribeVolumes, volume-type gp3). */
    public Probe<Long> gp3GiB() {
        return call(() -> ec2.describeVolumesPaginator(b -> b.filters(Filter.builder().name("volume-type")
                .values("gp3").build())).volumes().stream().mapToLong(v -> v.size() == null ? 0 : v.size()).sum());
    }

    /** The versions EKS offers of {@code addon} for {@code kubernetesVersion} (DescribeAddonVersions). */
    public Probe<Set<String>> addonVersions(String kubernetesVersion, String addon) {
        return call(() -> {
            var out = new HashSet<String>();
            eks.describeAddonVersionsPaginator(b -> b.kubernetesVersion(kubernetesVersion).addonName(addon)).addons()
                    .forEach(a -> a.addonVersions().forEach(v -> out.add(v.addonVersion())));
            return out;
        });
    }

    /** EKS's support status of a Kubernetes version (DescribeClusterVersions); empty when EKS does not list it. */
    public Probe<Optional<QuotaChecks.VersionSupport>> versionSupport(String kubernetesVersion) {
        return call(() -> eks.describeClusterVersions(b -> b.clusterVersions(kubernetesVersion)).clusterVersions()
                .stream().filter(v -> kubernetesVersion.equals(v.clusterVersion())).findFirst()
                .map(v -> new QuotaChecks.VersionSupport(v.versionStatusAsString(),
                        v.endOfStandardSupportDate() == null ? null : v.endOfStandardSupportDate().toString(),
                        v.endOfExtendedSupportDate() == null ? null : v.endOfExtendedSupportDate().toString())));
    }

    /** The registry's pull-through cache rules (DescribePullThroughCacheRules). */
    public Probe<List<RegistryChecks.ExistingRule>> cacheRules() {
        return call(() -> ecr.describePullThroughCacheRulesPaginator(b -> { }).pullThroughCacheRules().stream()
                .map(r -> new RegistryChecks.ExistingRule(r.ecrRepositoryPrefix(), r.upstreamRegistryUrl(),
                        r.credentialArn())).toList());
    }

    /** The registry's repository creation templates (DescribeRepositoryCreationTemplates). */
    public Probe<List<RegistryChecks.ExistingTemplate>> creationTemplates() {
        return call(() -> ecr.describeRepositoryCreationTemplatesPaginator(b -> { }).repositoryCreationTemplates()
                .stream().map(t -> new RegistryChecks.ExistingTemplate(t.prefix(), t.description())).toList());
    }

    public Probe<Integer> maxSessionSeconds(String roleName) {
        return call(() -> iam.getRole(b -> b.roleName(roleName)).role().maxSessionDuration());
    }

    public Probe<Boolean> secretExists(String name) {
        return call(() -> {
            try {
                secrets.describeSecret(b -> b.secretId(name));
                return true;
            } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException ex) {
                return false;
            }
        });
    }

    /** Secrets whose name starts with {@code prefix} (ListSecrets' name filter is a prefix match, any case). */
    public Probe<List<Checks.StoredSecret>> secretsNamed(String prefix) {
        return call(() -> secrets.listSecretsPaginator(b -> b.filters(f -> f.key(FilterNameStringType.NAME)
                        .values(prefix))).stream().flatMap(page -> page.secretList().stream())
                .map(e -> new Checks.StoredSecret(e.name(), e.createdDate(), e.kmsKeyId())).toList());
    }

    public Probe<Checks.ClusterState> cluster(String name) {
        return call(() -> {
            try {
                return Checks.ClusterState.at(eks.describeCluster(b -> b.name(name)).cluster().endpoint());
            } catch (ResourceNotFoundException ex) {
                return Checks.ClusterState.absent();
            }
        });
    }

    /** Opens a TCP connection to the endpoint's port (443 for https); empty when it answered, else why not. */
    public static Optional<String> unreachable(String endpoint, Duration timeout) {
        try {
            var uri = URI.create(endpoint);
            int port = uri.getPort() > 0 ? uri.getPort() : 443;
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            }
            return Optional.empty();
        } catch (Exception ex) {
            return Optional.of(ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
        }
    }

    private static <T> Probe<T> call(Supplier<T> call) {
        try {
            return Probe.answer(call.get());
        } catch (AwsServiceException ex) {
            var details = ex.awsErrorDetails();
            var code = details == null ? null : details.errorCode();
            var message = details == null ? ex.getMessage() : details.errorMessage();
            return Probe.refused((code == null ? "HTTP " + ex.statusCode() : code)
                    + (message == null || message.isBlank() ? "" : ": " + firstLine(message)));
        } catch (SdkException ex) {
            return Probe.refused(firstLine(String.valueOf(ex.getMessage())));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        var line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    @Override
    public void close() {
        ec2.close();
        eks.close();
        iam.close();
        secrets.close();
        quotas.close();
        ecr.close();
    }
}
