package dev.recordmetric.jobevents;

import dev.recordmetric.common.Environment;

/** The receiver's configuration (the README's Environment), every failure naming the variable. */
public record ReceiverConfig(String webhookSecretArn, String table, LedgerRetention retention) {

    public static final String WEBHOOK_SECRET_ARN = "WEBHOOK_SECRET_ARN";
    public static final String JOB_LEDGER_TABLE = "JOB_LEDGER_TABLE";

    public static ReceiverConfig from(Environment env) {
        return new ReceiverConfig(env.required(WEBHOOK_SECRET_ARN), env.required(JOB_LEDGER_TABLE), LedgerRetention.from(env));
    }
}
