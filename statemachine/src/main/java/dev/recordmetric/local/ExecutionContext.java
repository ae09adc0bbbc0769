package dev.recordmetric.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recordmetric.common.Json;
import java.util.Objects;
import java.util.UUID;

/**
 * Who an execution is, as Step Functions would tell it through the context object ({@code $$}):
 * the execution ARN and name, the state machine ARN and name, the role. The engine adds
 * {@code $$.Execution.Input} and {@code $$.Execution.StartTime}; the harness adds {@code $$.State}
 * as each state is entered.
 */
public record ExecutionContext(
        String partition,
        String region,
        String accountId,
        String stateMachineName,
        String executionName,
        String roleArn) {

    public ExecutionContext {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(stateMachineName, "stateMachineName");
        Objects.requireNonNull(executionName, "executionName");
        Objects.requireNonNull(roleArn, "roleArn");
    }

    /**
     * A STANDARD execution of {@code stateMachineName} with a fresh UUID as its name, as EventBridge
     * Scheduler starts it.
     */
    public static ExecutionContext standard(String region, String accountId, String stateMachineName) {
        return new ExecutionContext(
                "aws",
                region,
                accountId,
                stateMachineName,
                UUID.randomUUID().toString(),
                "arn:aws:iam::" + accountId + ":role/" + stateMachineName + "-execution");
    }

    /** The same state machine, a new execution name. */
    public ExecutionContext next() {
        return new ExecutionContext(
                partition, region, accountId, stateMachineName, UUID.randomUUID().toString(), roleArn);
    }

    public String stateMachineArn() {
        return "arn:" + partition + ":states:" + region + ":" + accountId + ":stateMachine:" + stateMachineName;
    }

    /** {@code arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME}, i.e. {@code $$.Execution.Id}. */
    public String executionArn() {
        return "arn:" + partition + ":states:" + region + ":" + accountId + ":execution:" + stateMachineName + ":" + executionName;
    }

    /** The context object handed to the engine. */
    ObjectNode toJson() {
        ObjectNode context = Json.MAPPER.createObjectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", executionArn());
        execution.put("Name", executionName);
        execution.put("RoleArn", roleArn);
        execution.put("RedriveCount", 0);
        ObjectNode stateMachine = context.putObject("StateMachine");
        stateMachine.put("Id", stateMachineArn());
        stateMachine.put("Name", stateMachineName);
        return context;
    }
}
