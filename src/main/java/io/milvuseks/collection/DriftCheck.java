package io.milvuseks.collection;

import io.milvuseks.config.CollectionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Compares an existing collection with the spec. Only what the server reports faithfully is compared (see
 * {@link ServerTraits}); the rest is listed as unchecked. Nothing here changes the server.
 */
public final class DriftCheck {

    /**
     * @param drifts         differences that need a new collection (operator's call)
     * @param missingIndexes spec indexes absent on an unloaded collection: safe to create (an interrupted bootstrap)
     * @param needsLoad      the collection is not loaded: safe to load
     * @param unchecked      what this server does not report, so was not compared
     */
    public record Result(List<Drift> drifts, List<String> missingIndexes, boolean needsLoad, List<String> unchecked) {
        public boolean inSync() {
            return drifts.isEmpty() && missingIndexes.isEmpty() && !needsLoad;
        }
    }

    private DriftCheck() {
    }

    public static Result compare(CollectionSpec spec, ObservedCollection server, ServerTraits traits) {
        var drifts = new ArrayList<Drift>();
        var unchecked = new ArrayList<String>();
        compareFields(spec, server, drifts);
        if (server.dynamicField()) {
            drifts.add(new Drift("schema.dynamicField", "false", "true"));
        }
        if (traits.reportsShards()) {
            same(drifts, "shards", spec.shards(), server.shards());
        } else {
            unchecked.add("shards (server describes every collection with 1 shard)");
        }
        if (traits.reportsConsistency()) {
            same(drifts, "consistencyLevel", spec.consistencyLevel().name(), server.consistency());
        } else {
            unchecked.add("consistencyLevel (server describes every collection as STRONG)");
        }
        if (spec.hasPartitionKey()) {
            if (traits.reportsPartitionCount()) {
                same(drifts, "partitions", (long) spec.partitions(), server.numPartitions());
            } else {
                unchecked.add("partition count (server always makes 16 partition-key partitions)");
            }
        }
        boolean mmap = Boolean.parseBoolean(server.properties().getOrDefault(SpecRequests.MMAP_PROPERTY, "false"));
        same(drifts, "mmap", spec.mmap(), mmap);

        var missing = new ArrayList<String>();
        compareIndexes(spec, server, drifts, missing, unchecked);
        if (!missing.isEmpty() && server.loaded()) {
            // An index cannot be added under a loaded collection without releasing it: that is the operator's call.
            missing.forEach(f -> drifts.add(new Drift("index." + f, "present", "none (collection is loaded)")));
            missing.clear();
        }
        if (server.loaded()) {
            if (server.replicas() == null) {
                unchecked.add("replicas (server does not implement describeReplicas)");
            } else {
                same(drifts, "replicas", spec.replicas(), server.replicas());
            }
        }
        return new Result(List.copyOf(drifts), List.copyOf(missing), !server.loaded(), List.copyOf(unchecked));
    }

    private static void compareFields(CollectionSpec spec, ObservedCollection server, List<Drift> drifts) {
        var expected = new LinkedHashMap<String, FieldShape>();
        SpecRequests.schema(spec).getFieldSchemaList().forEach(f -> expected.put(f.getName(), FieldShape.of(f)));
        var actual = new LinkedHashMap<String, FieldShape>();
        server.fields().forEach(f -> actual.put(f.name(), f));
        for (var e : expected.values()) {
            var a = actual.get(e.name());
            var p = "field." + e.name();
            if (a == null) {
                drifts.add(new Drift(p, e.type(), "missing"));
                continue;
            }
            same(drifts, p + ".type", e.type(), a.type());
            same(drifts, p + ".dim", e.dim(), a.dim());
            same(drifts, p + ".maxLength", e.maxLength(), a.maxLength());
            same(drifts, p + ".primaryKey", e.primaryKey(), a.primaryKey());
            same(drifts, p + ".autoId", e.autoId(), a.autoId());
            same(drifts, p + ".partitionKey", e.partitionKey(), a.partitionKey());
        }
        actual.keySet().stream().filter(n -> !expected.containsKey(n))
                .forEach(n -> drifts.add(new Drift("field." + n, "absent", actual.get(n).type())));
    }

    private static void compareIndexes(CollectionSpec spec, ObservedCollection server, List<Drift> drifts,
                                       List<String> missing, List<String> unchecked) {
        var actual = new LinkedHashMap<String, IndexShape>();
        server.indexes().forEach(i -> actual.put(i.field(), i));
        boolean paramsUnreported = false;
        for (var param : SpecRequests.indexParams(spec)) {
            var e = IndexShape.of(param);
            var a = actual.remove(e.field());
            var p = "index." + e.field();
            if (a == null) {
                missing.add(e.field());
                continue;
            }
            same(drifts, p + ".type", e.type(), a.type());
            if (e.metric() != null) {
                same(drifts, p + ".metric", e.metric(), a.metric());
            }
            if (e.type().equals(a.type())) {
                for (var bp : e.params().entrySet()) {
                    var got = a.params().get(bp.getKey());
                    if (got == null) {
                        paramsUnreported = true;
                    } else {
                        same(drifts, p + "." + bp.getKey(), bp.getValue(), got);
                    }
                }
            }
        }
        actual.values().forEach(a -> drifts.add(new Drift("index." + a.field(), "none", a.type())));
        if (paramsUnreported) {
            unchecked.add("index build params (server does not echo them in describeIndex)");
        }
    }

    private static void same(List<Drift> drifts, String path, Object spec, Object server) {
        if (!Objects.equals(spec, server)) {
            drifts.add(new Drift(path, String.valueOf(spec), String.valueOf(server)));
        }
    }
}
