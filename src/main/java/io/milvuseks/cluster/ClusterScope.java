package io.milvuseks.cluster;

import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Map;

/**
 * What every part of the cluster declares with: the {@link EksCluster} component as parent (so the split into
 * files changes no URN), its names and tags.
 */
record ClusterScope(ComponentResource parent, EksClusterArgs args) {

    String n(String part) {
        return args.naming().name(part);
    }

    Map<String, String> tags(String part) {
        return args.naming().tags(n(part));
    }

    CustomResourceOptions.Builder options() {
        return CustomResourceOptions.builder().parent(parent);
    }

    CustomResourceOptions child() {
        return options().build();
    }
}
