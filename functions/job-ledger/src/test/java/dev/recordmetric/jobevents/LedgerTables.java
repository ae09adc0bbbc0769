package dev.recordmetric.jobevents;

import dev.recordmetric.fakes.MotoProcess;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Ledger tables in the JVM's shared moto, one per test: moto keeps every table in one process. */
final class LedgerTables {

    private static final class Client {
        static final DynamoDbClient INSTANCE = MotoProcess.shared().client(DynamoDbClient.builder());
    }

    private LedgerTables() {
    }

    static DynamoDbClient dynamoDb() {
        return Client.INSTANCE;
    }

    /** A new, empty ledger table (the schema's) and its name. */
    static String create() {
        String name = "job-ledger-" + UUID.randomUUID();
        LedgerTableSchema.create(dynamoDb(), name);
        return name;
    }

    static JobLedger ledger() {
        return new JobLedger(dynamoDb(), create(), LedgerRetention.DEFAULT);
    }
}
