package io.milvuseks.collection;

import com.google.gson.JsonParser;
import io.milvuseks.config.CollectionSpec;
import io.milvuseks.testing.Stacks;

import java.util.Map;

/** Collection specs parsed from the real prod stack file, with some collection keys replaced where a test needs it. */
final class Specs {

    private Specs() {
    }

    static CollectionSpec prod() {
        return Stacks.settings("prod").collection();
    }

    /** The prod collection object with the top-level keys of {@code json} replaced. */
    static CollectionSpec with(String json) {
        // parsed in staging: prod refuses on-disk indexes and mmap on its (EBS-only) query node type
        return Stacks.settings("staging", Map.of("collection", merged(json))).collection();
    }

    static String merged(String json) {
        var base = JsonParser.parseString(Stacks.raw("prod").values().get(Stacks.PROJECT + ":collection"))
                .getAsJsonObject();
        JsonParser.parseString(json).getAsJsonObject().entrySet().forEach(e -> base.add(e.getKey(), e.getValue()));
        return base.toString();
    }
}
