package io.milvuseks.network;

import com.google.gson.JsonParser;
import com.pulumi.test.Mocks;
import io.milvuseks.App;
import io.milvuseks.plan.OfflineEngine;
import io.milvuseks.plan.PlaceholderMocks;
import io.milvuseks.plan.Placeholders;
import io.milvuseks.testing.Stacks;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Prod's VPC flow logs: a role only this account's flow logs can assume, in place before the flow log exists. */
class FlowLogTest {

    @Test
    void theTrustPolicyIsLimitedToThisAccountsFlowLogsInThisRegion() {
        var plan = Stacks.plan("prod");
        var flowLog = plan.ofType("aws:ec2/flowLog:FlowLog").get(0);
        var role = plan.ofType("aws:iam/role:Role").stream()
                .filter(r -> ((String) flowLog.inputs().get("iamRoleArn")).endsWith("/mock-" + r.name()))
                .findFirst().orElseThrow();
        var statement = JsonParser.parseString((String) role.inputs().get("assumeRolePolicy")).getAsJsonObject()
                .getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertThat(statement.getAsJsonObject("Principal").get("Service").getAsString())
                .isEqualTo("vpc-flow-logs.amazonaws.com");
        var condition = statement.getAsJsonObject("Condition");
        assertThat(condition.getAsJsonObject("StringEquals").get("aws:SourceAccount").getAsString())
                .isEqualTo(Placeholders.ACCOUNT);
        assertThat(condition.getAsJsonObject("ArnLike").get("aws:SourceArn").getAsString())
                .isEqualTo("arn:aws:ec2:us-east-1:" + Placeholders.ACCOUNT + ":vpc-flow-log/*");
    }

    @Test
    void theTrustPolicyTakesPartitionAndAccountFromTheVpcArn() {
        var json = Network.flowLogTrustPolicy("arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc/vpc-0abc",
                "us-gov-west-1");
        assertThat(json).contains("\"aws:SourceAccount\":\"123456789012\"",
                "\"aws:SourceArn\":\"arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc-flow-log/*\"");
    }

    /**
     * The role's inline policy is slow to answer here; the flow log must still be registered only after it. Without
     * a dependsOn, the flow log waits only for the role's ARN and the log group, and would be created while its role
     * still has no permission to write (delivery then fails until IAM catches up).
     */
    @Test
    void theFlowLogWaitsForItsRolePolicy() {
        var events = new CopyOnWriteArrayList<String>();
        var placeholders = new PlaceholderMocks("us-east-1");
        Mocks slowPolicy = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                if (args.type.equals("aws:ec2/flowLog:FlowLog")) {
                    events.add("flow log registered");
                }
                var result = placeholders.newResourceAsync(args);
                if (args.type.equals("aws:iam/rolePolicy:RolePolicy") && args.name.endsWith("-flow-logs")) {
                    return result.thenApplyAsync(r -> {
                        events.add("role policy created");
                        return r;
                    }, CompletableFuture.delayedExecutor(800, TimeUnit.MILLISECONDS));
                }
                return result;
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                return placeholders.callAsync(args);
            }
        };
        var run = OfflineEngine.run(Stacks.raw("prod"), slowPolicy, App::stack);
        assertThat(run.failed()).as(String.join("\n", run.errorLines())).isFalse();
        assertThat(events).isEqualTo(List.of("role policy created", "flow log registered"));
    }
}
