package dev.recordmetric.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recordmetric.common.Json;
import dev.recordmetric.deployment.LocalDeployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What moto holds, service by service, for every kind of resource the example creates: each as
 * {@code kind:identifier} (e.g. {@code iam_role:record-metric-github-runners-get-token-us-west-2}),
 * read with the services' own listing calls, not from the Terraform state. KMS keys pending
 * deletion and secrets scheduled for deletion are listed apart ({@link Listing#scheduledForDeletion}):
 * that is what deleting them means in AWS (a waiting period of 7 to 30 days).
 */
final class MotoInventory implements AutoCloseable {

    /** What is there, and what is only waiting to be deleted. */
    record Listing(Set<String> present, Set<String> scheduledForDeletion) {}

    /**
     * How a resource of the Terraform state appears in a {@link Listing}: its kind and identifier,
     * from its attributes. Only the kinds of resource the example creates.
     */
    static final Map<String, Function<JsonNode, String>> IDENTIFIERS = Map.ofEntries(
            Map.entry("aws_iam_role", v -> "iam_role:" + v.path("name").asText()),
            Map.entry("aws_iam_role_policy", v -> "iam_role_policy:" + v.path("role").asText() + "/" + v.path("name").asText()),
            Map.entry("aws_kms_key", v -> "kms_key:" + v.path("key_id").asText()),
            Map.entry("aws_kms_alias", v -> "kms_alias:" + v.path("name").asText()),
            Map.entry("aws_lambda_function", v -> "lambda_function:" + v.path("function_name").asText()),
            Map.entry("aws_lambda_alias", v -> "lambda_alias:" + v.path("function_name").asText() + "/" + v.path("name").asText()),
            Map.entry("aws_cloudwatch_log_group", v -> "log_group:" + v.path("name").asText()),
            Map.entry("aws_sfn_state_machine", v -> "state_machine:" + v.path("arn").asText()),
            Map.entry("aws_scheduler_schedule_group", v -> "schedule_group:" + v.path("name").asText()),
            Map.entry("aws_scheduler_schedule", v -> "schedule:" + v.path("group_name").asText() + "/" + v.path("name").asText()),
            Map.entry("aws_sqs_queue", v -> "sqs_queue:" + v.path("name").asText()),
            Map.entry("aws_sqs_queue_policy", v -> "sqs_queue_policy:" + queueName(v.path("queue_url").asText())),
            Map.entry("aws_sns_topic", v -> "sns_topic:" + v.path("arn").asText()),
            Map.entry("aws_sns_topic_subscription", v -> "sns_subscription:" + v.path("arn").asText()),
            Map.entry("aws_cloudwatch_metric_alarm", v -> "alarm:" + v.path("alarm_name").asText()),
            Map.entry("aws_cloudwatch_dashboard", v -> "dashboard:" + v.path("dashboard_name").asText()),
            Map.entry("aws_secretsmanager_secret", v -> "secret:" + v.path("arn").asText()),
            Map.entry("aws_launch_template", v -> "launch_template:" + v.path("id").asText()),
            Map.entry("aws_autoscaling_group", v -> "autoscaling_group:" + v.path("name").asText()),
            Map.entry("aws_autoscaling_policy", v -> "autoscaling_policy:" + v.path("name").asText()),
            // The job ledger's (job_events).
            Map.entry("aws_dynamodb_table", v -> "dynamodb_table:" + v.path("name").asText()),
            Map.entry("aws_lambda_function_url", v -> "lambda_function_url:" + v.path("function_name").asText()),
            Map.entry("aws_lambda_permission", v -> "lambda_permission:" + v.path("function_name").asText() + "/" + v.path("statement_id").asText()),
            Map.entry("aws_cloudwatch_log_metric_filter", v -> "log_metric_filter:" + v.path("log_group_name").asText() + "/" + v.path("name").asText()));

    private final IamClient iam;
    private final KmsClient kms;
    private final LambdaClient lambda;
    private final CloudWatchLogsClient logs;
    private final SfnClient sfn;
    private final SchedulerClient scheduler;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final CloudWatchClient cloudWatch;
    private final SecretsManagerClient secrets;
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final DynamoDbClient dynamoDb;

    MotoInventory(LocalDeployment deployment) {
        iam = Moto.client(IamClient.builder(), deployment);
        kms = Moto.client(KmsClient.builder(), deployment);
        lambda = Moto.client(LambdaClient.builder(), deployment);
        logs = Moto.client(CloudWatchLogsClient.builder(), deployment);
        sfn = Moto.client(SfnClient.builder(), deployment);
        scheduler = Moto.client(SchedulerClient.builder(), deployment);
        sqs = Moto.client(SqsClient.builder(), deployment);
        sns = Moto.client(SnsClient.builder(), deployment);
        cloudWatch = Moto.client(CloudWatchClient.builder(), deployment);
        secrets = Moto.client(SecretsManagerClient.builder(), deployment);
        ec2 = Moto.client(Ec2Client.builder(), deployment);
        autoScaling = Moto.client(AutoScalingClient.builder(), deployment);
        dynamoDb = Moto.client(DynamoDbClient.builder(), deployment);
    }

    /** The identifier of a resource of the state, or empty when this inventory does not list its kind. */
    static Optional<String> identifier(LocalDeployment.Resource resource) {
        Function<JsonNode, String> identify = IDENTIFIERS.get(resource.type());
        return identify == null ? Optional.empty() : Optional.of(identify.apply(resource.values()));
    }

    Listing list() {
        Set<String> present = new TreeSet<>();
        Set<String> scheduled = new TreeSet<>();
        iam.listRolesPaginator().roles().forEach(role -> {
            present.add("iam_role:" + role.roleName());
            iam.listRolePolicies(r -> r.roleName(role.roleName())).policyNames()
                    .forEach(policy -> present.add("iam_role_policy:" + role.roleName() + "/" + policy));
        });
        kms.listKeysPaginator().keys().forEach(key -> {
            KeyState state = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState();
            (state == KeyState.PENDING_DELETION ? scheduled : present).add("kms_key:" + key.keyId());
        });
        kms.listAliasesPaginator().aliases().stream().filter(a -> !a.aliasName().startsWith("alias/aws/"))
                .forEach(alias -> present.add("kms_alias:" + alias.aliasName()));
        lambda.listFunctionsPaginator().functions().forEach(function -> {
            present.add("lambda_function:" + function.functionName());
            lambda.listAliases(r -> r.functionName(function.functionName())).aliases()
                    .forEach(alias -> present.add("lambda_alias:" + function.functionName() + "/" + alias.name()));
            // moto 5.2.1 has no ListFunctionUrlConfigs: each function's URL is asked for.
            try {
                lambda.getFunctionUrlConfig(r -> r.functionName(function.functionName()));
                present.add("lambda_function_url:" + function.functionName());
            } catch (ResourceNotFoundException none) {
                // no URL
            }
            permissionIds(function.functionName()).forEach(sid -> present.add("lambda_permission:" + function.functionName() + "/" + sid));
        });
        logs.describeLogGroupsPaginator().logGroups().forEach(group -> {
            present.add("log_group:" + group.logGroupName());
            logs.describeMetricFilters(r -> r.logGroupName(group.logGroupName())).metricFilters()
                    .forEach(filter -> present.add("log_metric_filter:" + group.logGroupName() + "/" + filter.filterName()));
        });
        dynamoDb.listTablesPaginator().tableNames().forEach(table -> present.add("dynamodb_table:" + table));
        sfn.listStateMachinesPaginator().stateMachines().forEach(machine -> present.add("state_machine:" + machine.stateMachineArn()));
        scheduler.listScheduleGroupsPaginator(r -> { }).scheduleGroups()
                .forEach(group -> present.add("schedule_group:" + group.name()));
        scheduler.listSchedulesPaginator(r -> { }).schedules()
                .forEach(schedule -> present.add("schedule:" + schedule.groupName() + "/" + schedule.name()));
        sqs.listQueues().queueUrls().forEach(url -> {
            present.add("sqs_queue:" + queueName(url));
            String policy = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                    .attributes().get(QueueAttributeName.POLICY);
            if (policy != null && !policy.isBlank()) {
                present.add("sqs_queue_policy:" + queueName(url));
            }
        });
        sns.listTopicsPaginator().topics().forEach(topic -> present.add("sns_topic:" + topic.topicArn()));
        sns.listSubscriptionsPaginator().subscriptions()
                .forEach(subscription -> present.add("sns_subscription:" + subscription.subscriptionArn()));
        cloudWatch.describeAlarmsPaginator().metricAlarms().forEach(alarm -> present.add("alarm:" + alarm.alarmName()));
        cloudWatch.listDashboardsPaginator(r -> { }).dashboardEntries()
                .forEach(dashboard -> present.add("dashboard:" + dashboard.dashboardName()));
        secrets.listSecrets(r -> r.includePlannedDeletion(true)).secretList().forEach(secret ->
                (secret.deletedDate() != null ? scheduled : present).add("secret:" + secret.arn()));
        ec2.describeLaunchTemplatesPaginator(r -> { }).launchTemplates()
                .forEach(template -> present.add("launch_template:" + template.launchTemplateId()));
        autoScaling.describeAutoScalingGroupsPaginator().autoScalingGroups()
                .forEach(group -> present.add("autoscaling_group:" + group.autoScalingGroupName()));
        autoScaling.describePoliciesPaginator().scalingPolicies()
                .forEach(policy -> present.add("autoscaling_policy:" + policy.policyName()));
        return new Listing(present, scheduled);
    }

    /**
     * The statement ids of a function's resource policy, but the one {@code aws_lambda_function_url}
     * adds by itself for auth type NONE ({@code FunctionURLAllowPublicAccess}, not in the state).
     */
    private Set<String> permissionIds(String functionName) {
        Set<String> ids = new TreeSet<>();
        String policy;
        try {
            policy = lambda.getPolicy(r -> r.functionName(functionName)).policy();
        } catch (ResourceNotFoundException none) {
            return ids;
        }
        try {
            Json.MAPPER.readTree(policy).path("Statement").forEach(statement -> {
                String sid = statement.path("Sid").asText();
                if (!sid.equals("FunctionURLAllowPublicAccess")) {
                    ids.add(sid);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("moto's GetPolicy answered no JSON: " + policy, e);
        }
        return ids;
    }

    private static String queueName(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        for (AutoCloseable client : new AutoCloseable[] {iam, kms, lambda, logs, sfn, scheduler, sqs, sns, cloudWatch, secrets, ec2,
                autoScaling, dynamoDb}) {
            try {
                client.close();
            } catch (Exception e) {
                // closing a client frees its connections only
            }
        }
    }
}
