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
        assertThat(props).hasSize(3)
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("auto.create.topics.enable", "true");
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
