package io.milvuseks.zones;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Zone ids where a service this stack uses refuses to run, in one table. Zone ids, not names: a name is a different
 * physical zone per account, so only ids can be listed. Used by the config parser (zones given by id) and by
 * {@code preflight} (zones given by name, resolved to ids with the account's credentials).
 */
public final class ZoneRestrictions {

    /** The services whose zone limits matter here. */
    public enum Service {
        EKS("EKS"), MSK("MSK");

        private final String label;

        Service(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** {@code service} refuses subnets in {@code zoneId}; {@code source} is where AWS says so. */
    public record Refusal(String zoneId, Service service, String source) {
    }

    private static final String EKS_SOURCE = "EKS user guide, network-reqs#network-requirements-subnets";
    private static final String MSK_SOURCE = "MSK API reference, BrokerNodeGroupInfo.ClientSubnets "
            + "(\"Client subnets can't occupy the Availability Zone with ID use1-az3\")";

    public static final List<Refusal> REFUSALS = List.of(
            // EKS: the control plane cannot place its network interfaces in these zones
            // (UnsupportedAvailabilityZoneException at CreateCluster).
            new Refusal("use1-az3", Service.EKS, EKS_SOURCE),
            new Refusal("usw1-az2", Service.EKS, EKS_SOURCE),
            new Refusal("cac1-az3", Service.EKS, EKS_SOURCE),
            new Refusal("use1-az3", Service.MSK, MSK_SOURCE));

    private ZoneRestrictions() {
    }

    /** The refusals of {@code zoneId} by any of {@code services}. */
    public static List<Refusal> refusals(String zoneId, Set<Service> services) {
        return REFUSALS.stream().filter(r -> r.zoneId().equals(zoneId) && services.contains(r.service())).toList();
    }

    /** The services the stack runs in its zones: EKS always, MSK when it is the message queue. */
    public static Set<Service> servicesFor(boolean msk) {
        return msk ? EnumSet.of(Service.EKS, Service.MSK) : EnumSet.of(Service.EKS);
    }

    /** The ids {@code services} refuse, for the "accepted:" part of a message. */
    public static List<String> refusedIds(Set<Service> services) {
        return REFUSALS.stream().filter(r -> services.contains(r.service())).map(Refusal::zoneId).distinct().toList();
    }
}
