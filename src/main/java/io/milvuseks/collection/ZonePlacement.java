package io.milvuseks.collection;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DescribeReplicasReq;
import io.milvus.v2.service.resourcegroup.request.DescribeResourceGroupReq;
import io.milvus.v2.service.resourcegroup.request.ListResourceGroupsReq;
import io.milvuseks.config.CollectionSpec;
import io.milvuseks.zones.QueryZones;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Bootstrap's part for 2+ replicas: the zone resource groups ({@link ResourceGroups}) before the load, and after it
 * the check that each replica sits in a different one. With no groups (one replica) both do nothing.
 */
final class ZonePlacement {

    private final MilvusClientV2 client;
    private final PrintWriter out;
    private final PrintWriter progress;
    private final Duration stepTimeout;
    private final boolean dryRun;
    private final ResourceGroups groups;

    ZonePlacement(MilvusClientV2 client, PrintWriter out, PrintWriter progress, Duration stepTimeout, boolean dryRun,
                  ResourceGroups groups) {
        this.client = client;
        this.out = out;
        this.progress = progress;
        this.stepTimeout = stepTimeout;
        this.dryRun = dryRun;
        this.groups = groups;
    }

    /**
     * Creates the zone resource groups that are absent and corrects the config of those that differ (counts and
     * filter only: updateResourceGroups moves no data), so a count the stack changed is the group's again after the
     * next bootstrap. Idempotent; never drops a group. A server without resource
     * groups (Milvus Lite answers UNIMPLEMENTED) cannot keep a replica per zone, so that is a failure.
     */
    void ensure() {
        if (groups.isEmpty()) {
            return;
        }
        List<String> existing;
        try {
            existing = client.listResourceGroups(ListResourceGroupsReq.builder().build()).getGroupNames();
        } catch (RuntimeException ex) {
            if (MilvusErrors.kind(ex) == MilvusErrors.Kind.UNIMPLEMENTED) {
                throw new MilvusFailure("this server has no resource groups (listResourceGroups is unimplemented, "
                        + "as in Milvus Lite), and the " + groups.groups().size() + " replicas go one per zone "
                        + "resource group " + groups.names() + "; use a Milvus cluster, or collection.replicas 1");
            }
            throw new MilvusFailure(MilvusErrors.describe("listing resource groups", ex));
        }
        for (var g : groups.groups()) {
            var what = "resource group " + g.name() + " (" + g.nodes() + " query nodes, at most " + g.max()
                    + ", labelled " + QueryZones.SESSION_LABEL + "=" + g.name() + ")";
            if (!existing.contains(g.name())) {
                if (dryRun) {
                    out.println("would create " + what);
                    continue;
                }
                progress.println("creating " + what);
                Bootstrapper.call("creating " + what, () -> {
                    client.createResourceGroup(ResourceGroups.create(g));
                    return null;
                });
                continue;
            }
            var server = Bootstrapper.call("describing resource group " + g.name(), () -> client.describeResourceGroup(
                    DescribeResourceGroupReq.builder().groupName(g.name()).build())).getConfig();
            if (ResourceGroups.sameConfig(server, g)) {
                continue;
            }
            if (dryRun) {
                out.println("would update " + what);
                continue;
            }
            progress.println("updating " + what);
            Bootstrapper.call("updating " + what, () -> {
                client.updateResourceGroups(ResourceGroups.update(g));
                return null;
            });
        }
        if (!dryRun) {
            awaitNodes();
        }
    }

    /**
     * Milvus moves query nodes into a new group in the background (querycoord's resource observer), and a load
     * into a group short of nodes is refused or spreads thin: wait until each group holds its nodes.
     */
    private void awaitNodes() {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        for (var g : groups.groups()) {
            for (int attempt = 1; ; attempt++) {
                var desc = Bootstrapper.call("describing resource group " + g.name(), () -> client.describeResourceGroup(
                        DescribeResourceGroupReq.builder().groupName(g.name()).build()));
                int have = desc.getNumberOfAvailableNode() == null ? 0 : desc.getNumberOfAvailableNode();
                if (have >= g.nodes()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new MilvusFailure("resource group " + g.name() + " has " + have + " of " + g.nodes()
                            + " query nodes after " + stepTimeout.toSeconds() + "s: are its zone's query pods "
                            + "running (kubectl get pods -l " + QueryZones.GROUP_LABEL + ")?");
                }
                if (attempt % 10 == 0) {
                    progress.println("  resource group " + g.name() + ": " + have + "/" + g.nodes() + " query nodes");
                }
                Bootstrapper.pause(Duration.ofMillis(Math.min(2000, 200L * attempt)));
            }
        }
    }

    /**
     * With zone resource groups: each loaded replica in a different one of them (describeReplicas). A server that
     * does not answer describeReplicas is said to be unchecked, not passed.
     */
    int check(CollectionSpec spec) {
        if (groups.isEmpty()) {
            return Bootstrapper.OK;
        }
        List<String> replicaGroups;
        try {
            replicaGroups = client.describeReplicas(DescribeReplicasReq.builder().databaseName(spec.database())
                    .collectionName(spec.name()).build()).getReplicas().stream()
                    .map(r -> r.getResourceGroupName()).toList();
        } catch (RuntimeException ex) {
            if (MilvusErrors.kind(ex) == MilvusErrors.Kind.UNIMPLEMENTED) {
                out.println("not compared (this server does not report them): replica placement");
                return Bootstrapper.OK;
            }
            throw new MilvusFailure(MilvusErrors.describe("describing replicas of " + spec.name(), ex));
        }
        var problems = groups.placementProblems(replicaGroups);
        if (problems.isEmpty()) {
            out.println("replicas: one in each zone resource group " + groups.names());
            return Bootstrapper.OK;
        }
        out.println("drift: replica placement of " + spec.database() + "." + spec.name() + " (nothing was changed):");
        problems.forEach(p -> out.println("  " + p));
        out.println("Operator step, online: client.transferReplica(sourceGroup, targetGroup, " + spec.name()
                + ", 1) until each zone resource group holds one replica; then run bootstrap again.");
        return Bootstrapper.DRIFT;
    }
}
