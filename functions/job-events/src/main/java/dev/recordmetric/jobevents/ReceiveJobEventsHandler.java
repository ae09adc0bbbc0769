package dev.recordmetric.jobevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import dev.recordmetric.common.AwsClients;
import dev.recordmetric.common.Environment;
import dev.recordmetric.common.InvocationLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * ReceiveJobEvents: GitHub's webhook deliveries through a Lambda function URL (auth type NONE,
 * payload format 2.0), verified and recorded in the job ledger ({@link JobEventsReceiver}; the
 * module's README). Answers {@code {statusCode, headers, body}}; logs one JSON line per delivery,
 * never its body, its signature or the secret.
 */
public final class ReceiveJobEventsHandler implements RequestStreamHandler {

    static final String FUNCTION = "ReceiveJobEvents";

    private final JobEventsReceiver receiver;

    /** Lambda's constructor: configuration from the environment, clients for the instance's life, the secret read. */
    public ReceiveJobEventsHandler() {
        this(Environment.system());
    }

    private ReceiveJobEventsHandler(Environment env) {
        this(ReceiverConfig.from(env), AwsClients.build(SecretsManagerClient.builder(), env),
                AwsClients.build(DynamoDbClient.builder(), env), Clock.systemUTC());
        ReceiverPriming.prime(env);
        try {
            receiver.readSecret();
        } catch (WebhookSecret.WebhookSecretUnavailableException e) {
            // Read again at the first delivery, which answers 500 and logs why if it still fails.
        }
    }

    public ReceiveJobEventsHandler(Map<String, String> env, SecretsManagerClient secrets, DynamoDbClient dynamoDb) {
        this(ReceiverConfig.from(new Environment(env)), secrets, dynamoDb, Clock.systemUTC());
    }

    public ReceiveJobEventsHandler(ReceiverConfig config, SecretsManagerClient secrets, DynamoDbClient dynamoDb, Clock clock) {
        this.receiver = new JobEventsReceiver(new WebhookSecret(secrets, config.webhookSecretArn(), clock),
                new JobLedger(dynamoDb, config.table(), config.retention()), clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationLog log = new InvocationLog(FUNCTION);
        JobEventsReceiver.Answer answer;
        try {
            answer = receiver.receive(FunctionUrlRequest.read(input), log);
        } catch (MalformedPayloadException e) {
            answer = new JobEventsReceiver.Answer(FunctionUrlResponse.message(400, e.getMessage()), "not-a-function-url-event");
        }
        answer.response().write(output);
        int status = answer.response().statusCode();
        log.put("statusCode", status);
        if (answer.problem() != null) {
            log.put("errorMessage", answer.problem());
        }
        log.finished(context.getLogger(), status >= 500 ? LogLevel.ERROR : status >= 400 ? LogLevel.WARN : LogLevel.INFO,
                answer.outcome());
    }
}
