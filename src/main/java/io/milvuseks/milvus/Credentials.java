package io.milvuseks.milvus;

import io.milvuseks.queue.KafkaSettings;

/**
 * The Kubernetes Secret that carries Milvus' secrets, and how Milvus reads them.
 *
 * <p>The chart renders its values into a ConfigMap (templates/configmap.yaml + config.tpl), and config.tpl writes
 * {@code externalKafka.sasl.password} there as {@code kafka.saslPassword} in plain text. So no password goes
 * into the values: each pod reads it from this Secret through {@code extraEnv} + {@code secretKeyRef}.
 *
 * <p>Why that works (milvus-io/milvus, Milvus 2.6): {@code pkg/util/paramtable/base_table.go} adds an
 * environment source whose key formatter lower-cases the variable name and drops '_', '.' and '/', and
 * {@code pkg/config/config.go formatKey} normalises every config key the same way, so
 * {@code KAFKA_SASLPASSWORD} answers {@code kafka.saslPassword}. The environment source has
 * {@code NormalPriority} (11), the yaml files {@code LowPriority} (21), lower wins ({@code pkg/config/source.go},
 * {@code env_source.go}, {@code file_source.go}), so the variable overrides user.yaml and default.yaml.
 *
 * <p>{@code common.security.defaultRootPassword} is read once, when the root coordinator (in mixCoord) finds no
 * root credential in etcd ({@code internal/rootcoord initCredentials}); changing it later does not rotate the
 * password: rotate with the SDK's updatePassword.
 */
public final class Credentials {

    /** Secret name in the Milvus namespace. */
    public static final String SECRET_NAME = "milvus-credentials";
    public static final String ROOT_PASSWORD_KEY = "rootPassword";
    public static final String KAFKA_PASSWORD_KEY = "kafkaSaslPassword";
    /** {@code common.security.defaultRootPassword}. */
    public static final String ROOT_PASSWORD_ENV = "COMMON_SECURITY_DEFAULTROOTPASSWORD";
    /** {@code kafka.saslPassword}. */
    public static final String KAFKA_PASSWORD_ENV = "KAFKA_SASLPASSWORD";
    /** SCRAM user of Milvus on MSK; the MSK component stores it with the password (AmazonMSK_ secret). */
    public static final String MSK_SCRAM_USERNAME = KafkaSettings.SCRAM_USERNAME;

    private Credentials() {
    }
}
