package io.milvuseks.config;

import com.google.gson.JsonElement;
import io.milvuseks.config.ConfigReader.BadValue;
import io.milvuseks.config.ConfigReader.Obj;
import io.milvuseks.zones.ZoneIds;
import io.milvuseks.zones.ZoneRestrictions;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The VPC and its availability zones: availabilityZones, vpcCidr, existingVpc. */
final class NetworkSection {

    private final ConfigReader reader;
    /** False once availabilityZones is reported: checks against the zone count would only repeat that problem. */
    private boolean zonesValid = true;

    NetworkSection(ConfigReader reader) {
        this.reader = reader;
    }

    /** Whether {@link #network} found the zone list sound (msk checks its broker count against it). */
    boolean zonesValid() {
        return zonesValid;
    }

    NetworkSettings network(Environment env, String region) {
        var azKey = reader.full(ConfigKey.AVAILABILITY_ZONES);
        List<String> azs = reader.stringList(ConfigKey.AVAILABILITY_ZONES, List.of());
        int before = reader.problems().size();
        if (reader.raw().get(azKey).isEmpty()) {
            reader.problem(azKey, "is required; accepted: " + ConfigKey.AVAILABILITY_ZONES.accepted());
        } else {
            int need = env.isProd() ? 3 : 2;
            if (azs.size() < need || azs.size() > 3) {
                reader.problem(azKey, "lists " + azs.size() + " zones; accepted: "
                        + (env.isProd() ? "exactly 3 distinct zones in prod" : "2 or 3 distinct zones"));
            } else if (new HashSet<>(azs).size() != azs.size()) {
                reader.problem(azKey, "lists a zone twice; accepted: distinct zones");
            }
            if (region != null) {
                zoneForms(azKey, region, azs);
            }
        }
        zonesValid = reader.problems().size() == before;
        var cidr = reader.scalar(ConfigKey.VPC_CIDR, "10.0.0.0/16", s -> {
            var parsed = Cidr.parse(s).orElseThrow(() -> new BadValue("'" + s + "' is not an IPv4 CIDR"));
            if (parsed.prefix() < 16 || parsed.prefix() > 20) {
                throw new BadValue("/" + parsed.prefix() + " is out of range");
            }
            // With the VPC CNI every pod and each node's warm ENI take VPC addresses: a prod pool of 100+ nodes
            // needs the /20 private subnets a /17 gives.
            if (env.isProd() && parsed.prefix() > 17) {
                throw new BadValue("/" + parsed.prefix() + " is too small for prod (pods take VPC addresses); prod "
                        + "needs /16 or /17");
            }
            if (!parsed.isPrivate()) {
                throw new BadValue(s + " is not in a private (RFC 1918) range");
            }
            return parsed.toString();
        }).orElse("10.0.0.0/16");
        Optional<ExistingVpc> existing = reader.json(ConfigKey.EXISTING_VPC).flatMap(el -> existingVpc(el, azs.size()));
        return new NetworkSettings(cidr, azs, existing);
    }

    /** Zones are all ids of the region (use1-az1: the same place in every account) or all names (us-east-1a). */
    private void zoneForms(String azKey, String region, List<String> azs) {
        var example = ZoneIds.regionCode(region).map(c -> c + "-az1").orElse("<region code>-az1");
        var accepted = "; accepted: zone ids such as " + example + " (the same place in every account) or names "
                + "such as " + region + "a, not mixed";
        long ids = azs.stream().filter(ZoneIds::isId).count();
        for (var az : azs) {
            if (ZoneIds.isId(az) ? !ZoneIds.isIdOf(region, az) : !ZoneIds.isNameOf(region, az)) {
                reader.problem(azKey, "'" + az + "' is not a zone of " + region + accepted);
            }
        }
        if (ids > 0 && ids < azs.size()) {
            reader.problem(azKey, "mixes zone ids and zone names" + accepted);
        }
    }

    /** Zone ids EKS (always) or MSK (with messageQueue msk) refuse; names are resolved and checked by preflight. */
    void refusedZones(NetworkSettings network, MessageQueue queue) {
        if (!network.zonesById()) {
            return;
        }
        var services = ZoneRestrictions.servicesFor(queue == MessageQueue.MSK);
        for (var az : network.availabilityZones()) {
            for (var refusal : ZoneRestrictions.refusals(az, services)) {
                reader.problem(reader.full(ConfigKey.AVAILABILITY_ZONES),
                        refusal.service().label() + " refuses zone " + az + " ("
                        + refusal.source() + "); accepted: zone ids other than "
                        + String.join(", ", ZoneRestrictions.refusedIds(services)));
            }
        }
    }

    private Optional<ExistingVpc> existingVpc(JsonElement el, int azCount) {
        var obj = reader.new Obj(reader.full(ConfigKey.EXISTING_VPC), el,
                Set.of("vpcId", "privateSubnetIds", "publicSubnetIds"));
        if (!obj.ok()) {
            return Optional.empty();
        }
        String vpcId = obj.string("vpcId", null, Pattern.compile("vpc-[0-9a-f]{8,17}"), "vpc-<hex id>");
        var priv = obj.strings("privateSubnetIds");
        var pub = obj.strings("publicSubnetIds");
        for (var entry : Map.of("privateSubnetIds", priv, "publicSubnetIds", pub).entrySet()) {
            if (entry.getValue().size() != azCount) {
                reader.problem(obj.path(entry.getKey()), "lists " + entry.getValue().size()
                        + " subnets; accepted: one subnet-<id> per availability zone (" + azCount + ")");
            }
            for (var id : entry.getValue()) {
                if (!id.matches("subnet-[0-9a-f]{8,17}")) {
                    reader.problem(obj.path(entry.getKey()),
                            "'" + id + "' is not a subnet id; accepted: subnet-<hex id>");
                }
            }
        }
        return vpcId == null ? Optional.empty() : Optional.of(new ExistingVpc(vpcId, priv, pub));
    }
}
