package io.milvuseks.queue;

import io.milvuseks.render.Canonical;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/** The broker properties and SCRAM credentials document of the MSK message log, as plain values. */
public final class KafkaSettings {

    /** Port of SASL/SCRAM over TLS on MSK brokers: the only one the security group opens. */
    public static final int SASL_SCRAM_PORT = 9096;
    /** Secrets Manager name prefix MSK requires for SCRAM secrets. */
    public static final String SCRAM_SECRET_PREFIX = "AmazonMSK_";
    /** The Kafka user Milvus authenticates as. */
    public static final String SCRAM_USERNAME = "milvus";
    /**
     * Largest record batch the brokers accept: Milvus' Kafka producer allows 10 MiB
     * ({@code kafka.producer.message.max.bytes}); Kafka's broker default (1 MiB) would refuse large insert messages.
     */
    public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private KafkaSettings() {
    }

    /**
     * Broker properties: every partition on 3 brokers (one per AZ) and a write acknowledged by 2, so one AZ can
     * fail without losing or refusing writes; Milvus creates its own channel topics. This is the WAL, so an
     * out-of-sync replica must never become leader (MSK's default configuration allows unclean election), and
     * followers must be able to fetch the largest batch the leader accepted.
     */
    public static Map<String, String> serverProperties() {
        var p = new LinkedHashMap<String, String>();
        p.put("auto.create.topics.enable", "true");
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("unclean.leader.election.enable", "false");
        p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        return p;
    }

    public static String serverPropertiesText() {
        var sb = new StringBuilder();
        serverProperties().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** The secret value MSK reads: {@code {"username": ..., "password": ...}}, JSON-escaped. */
    public static String scramSecretJson(String username, String password) {
        var m = new LinkedHashMap<String, String>();
        m.put("username", username);
        m.put("password", password);
        return GSON.toJson(Canonical.stable(m));
    }
}
