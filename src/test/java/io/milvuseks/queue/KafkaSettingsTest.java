package io.milvuseks.queue;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSettingsTest {

    @Test
    void serverPropertiesParseAsJavaPropertiesWithTheDurabilitySettings() throws IOException {
        var props = new Properties();
        props.load(new StringReader(KafkaSettings.serverPropertiesText()));
        assertThat(props).hasSize(6)
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("unclean.leader.election.enable", "false");
    }

    @Test
    void brokersAcceptAndReplicateMilvusLargestProducerBatch() throws IOException {
        var props = new Properties();
        props.load(new StringReader(KafkaSettings.serverPropertiesText()));
        // Milvus' kafka.producer.message.max.bytes defaults to 10 MiB; Kafka's broker default is ~1 MiB.
        long milvusProducerMax = 10L * 1024 * 1024;
        long brokerMax = Long.parseLong(props.getProperty("message.max.bytes"));
        assertThat(brokerMax).isGreaterThanOrEqualTo(milvusProducerMax);
        // A follower that cannot fetch what the leader accepted stalls replication of that partition.
        assertThat(Long.parseLong(props.getProperty("replica.fetch.max.bytes"))).isGreaterThanOrEqualTo(brokerMax);
    }

    @Test
    void scramJsonEscapesAnyPassword() {
        var password = "p\"a\\ss{}: ,\n'word";
        var json = JsonParser.parseString(KafkaSettings.scramSecretJson("milvus", password)).getAsJsonObject();
        assertThat(json.keySet()).containsExactly("username", "password");
        assertThat(json.get("username").getAsString()).isEqualTo("milvus");
        assertThat(json.get("password").getAsString()).isEqualTo(password);
    }
}
