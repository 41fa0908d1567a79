package io.milvuseks.monitoring;

import io.milvuseks.render.Canonical;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IAM and KMS policy documents of the alert path, as JSON text. */
final class AlertPolicies {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private AlertPolicies() {
    }

    /**
     * The alert topic's key: the account administers it through IAM (the default key policy's root statement), and
     * CloudWatch may use it, or alarms cannot publish to an encrypted topic ("Amazon SNS topic encryption for
     * CloudWatch alarms": the key policy must allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*).
     */
    static String keyPolicy(String accountId, String partition) {
        var root = statement("AccountAdministersTheKey", Map.of("AWS", "arn:" + partition + ":iam::" + accountId
                + ":root"), List.of("kms:*"), "*");
        var cloudwatch = statement("CloudWatchAlarmsPublish", Map.of("Service", "cloudwatch.amazonaws.com"),
                List.of("kms:Decrypt", "kms:GenerateDataKey*"), "*");
        cloudwatch.put("Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", accountId)));
        return doc(List.of(root, cloudwatch));
    }

    /** Alertmanager may publish to its topic and encrypt for it; nothing else. */
    static String publishPolicy(String topicArn, String keyArn) {
        return doc(List.of(
                statement("PublishAlerts", null, List.of("sns:Publish"), topicArn),
                statement("EncryptForTheTopic", null, List.of("kms:GenerateDataKey*", "kms:Decrypt"), keyArn)));
    }

    private static Map<String, Object> statement(String sid, Map<String, String> principal, List<String> actions,
                                                 String resource) {
        var s = new LinkedHashMap<String, Object>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        if (principal != null) {
            s.put("Principal", principal);
        }
        s.put("Action", actions);
        s.put("Resource", resource);
        return s;
    }

    private static String doc(List<Map<String, Object>> statements) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        return GSON.toJson(Canonical.stable(doc));
    }
}
