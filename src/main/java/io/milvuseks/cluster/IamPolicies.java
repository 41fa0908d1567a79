package io.milvuseks.cluster;

import io.milvuseks.render.Canonical;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IAM policy documents the cluster needs, as JSON text. */
public final class IamPolicies {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private IamPolicies() {
    }

    /** Trust policy letting an AWS service assume the role. */
    public static String serviceTrust(String service, String... extraActions) {
        var actions = new java.util.ArrayList<String>();
        actions.add("sts:AssumeRole");
        actions.addAll(List.of(extraActions));
        return doc(Json.obj("Effect", "Allow", "Principal", Json.obj("Service", service),
                "Action", actions.size() == 1 ? actions.get(0) : actions));
    }

    /**
     * IRSA trust policy: only the given service account, presenting a token for STS, may assume the role.
     *
     * @param issuerHostPath the OIDC issuer without {@code https://}, e.g. {@code oidc.eks.<region>.amazonaws.com/id/X}
     */
    public static String irsaTrust(String providerArn, String issuerHostPath, String namespace, String serviceAccount) {
        var equals = new LinkedHashMap<String, String>();
        equals.put(issuerHostPath + ":sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
        equals.put(issuerHostPath + ":aud", "sts.amazonaws.com");
        return doc(Json.obj("Effect", "Allow",
                "Principal", Json.obj("Federated", providerArn),
                "Action", "sts:AssumeRoleWithWebIdentity",
                "Condition", Json.obj("StringEquals", equals)));
    }

    private static String doc(Map<String, Object> statement) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", List.of(statement));
        return GSON.toJson(Canonical.stable(doc));
    }
}
