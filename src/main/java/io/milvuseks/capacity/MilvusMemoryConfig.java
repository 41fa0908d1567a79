package io.milvuseks.capacity;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.milvuseks.capacity.Assumptions.*;

/**
 * The Milvus settings the capacity plan depends on, written into user.yaml (milvus.MilvusValues.UserYaml) so the
 * server runs with the numbers the planner used rather than an image's defaults.
 */
public final class MilvusMemoryConfig {

    private MilvusMemoryConfig() {
    }

    /** Top-level user.yaml sections: quotaAndLimits, dataCoord, streaming. */
    public static Map<String, Object> userYaml() {
        var memProtection = new LinkedHashMap<String, Object>();
        // pkg/util/paramtable/quota_param.go (v2.6): the same levels as the defaults, pinned on purpose
        memProtection.put("enabled", true);
        memProtection.put("dataNodeMemoryLowWaterLevel", MEMORY_LOW_WATER_LEVEL);
        memProtection.put("dataNodeMemoryHighWaterLevel", MEMORY_HIGH_WATER_LEVEL);
        memProtection.put("queryNodeMemoryLowWaterLevel", MEMORY_LOW_WATER_LEVEL);
        memProtection.put("queryNodeMemoryHighWaterLevel", MEMORY_HIGH_WATER_LEVEL);
        var segment = new LinkedHashMap<String, Object>();
        segment.put("maxSize", SEGMENT_MAX_MB);
        segment.put("diskSegmentMaxSize", DISK_SEGMENT_MAX_BYTES / MIB);
        segment.put("sealProportion", SEAL_PROPORTION);
        var out = new LinkedHashMap<String, Object>();
        out.put("quotaAndLimits", Map.of("limitWriting", Map.of("memProtection", memProtection)));
        out.put("dataCoord", Map.of("segment", segment));
        out.put("streaming", Map.of("flush", Map.of("growingSegmentBytesHwmThreshold", STREAMING_GROWING_HWM)));
        return out;
    }
}
