package dev.recordmetric.listrunners;

import dev.recordmetric.common.Environment;
import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

/**
 * ListRunners' configuration, read and checked once at start-up.
 *
 * @param pools the pools counted from one listing, in {@code RUNNER_POOLS}' order ({@link RunnerPools})
 * @param runnerGroupId with {@code RUNNER_GROUP_ID}, only that runner group is listed
 *     ({@code GET /orgs/{org}/actions/runner-groups/{id}/runners}) instead of the whole organization
 * @param concurrency pages fetched at once, {@code LIST_RUNNERS_CONCURRENCY} (1 to
 *     {@link #MAX_CONCURRENCY}, default {@link #DEFAULT_CONCURRENCY}: the README's Performance section
 *     measures the trade)
 */
record ListRunnersConfig(String organization, URI githubApiUrl, List<RunnerPool> pools, OptionalLong runnerGroupId,
        String kmsKeyId, int concurrency) {

    static final String RUNNER_GROUP_ID = "RUNNER_GROUP_ID";
    static final String CONCURRENCY = "LIST_RUNNERS_CONCURRENCY";
    static final int DEFAULT_CONCURRENCY = 4;
    static final int MAX_CONCURRENCY = 10;

    ListRunnersConfig {
        pools = List.copyOf(pools);
    }

    ListRunnersConfig(String organization, URI githubApiUrl, List<RunnerPool> pools, OptionalLong runnerGroupId,
            String kmsKeyId) {
        this(organization, githubApiUrl, pools, runnerGroupId, kmsKeyId, DEFAULT_CONCURRENCY);
    }

    /** One pool without a group name ({@code RUNNER_INSTALLATION_ID} alone), the whole organization. */
    ListRunnersConfig(String organization, URI githubApiUrl, String label, String kmsKeyId) {
        this(organization, githubApiUrl, List.of(new RunnerPool(null, label)), OptionalLong.empty(), kmsKeyId);
    }

    static ListRunnersConfig from(Environment env) {
        List<RunnerPool> pools = RunnerPools.from(env);
        return new ListRunnersConfig(env.organization(), env.githubApiUrl(), pools, runnerGroupId(env),
                env.required(Environment.TOKEN_KMS_KEY_ID), concurrency(env));
    }

    /** Whether every pool has its group's name, so that ListRunners can write the datapoints. */
    boolean poolsNamed() {
        return pools.stream().allMatch(pool -> pool.asgName() != null);
    }

    List<String> labels() {
        return pools.stream().map(RunnerPool::label).toList();
    }

    private static int concurrency(Environment env) {
        return env.optional(CONCURRENCY).map(value -> {
            try {
                int pages = Integer.parseInt(value);
                if (pages >= 1 && pages <= MAX_CONCURRENCY) {
                    return pages;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw Environment.malformed(CONCURRENCY, "'" + value + "' is not a number of pages to fetch at once (a whole"
                    + " number from 1 to " + MAX_CONCURRENCY + "; Terraform's list_runners_concurrency)");
        }).orElse(DEFAULT_CONCURRENCY);
    }

    private static OptionalLong runnerGroupId(Environment env) {
        return env.optional(RUNNER_GROUP_ID).map(value -> {
            try {
                long id = Long.parseLong(value);
                if (id >= 1) {
                    return OptionalLong.of(id);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw Environment.malformed(RUNNER_GROUP_ID, "'" + value + "' is not a runner group id (a whole number from 1;"
                    + " GET /orgs/{org}/actions/runner-groups lists them)");
        }).orElse(OptionalLong.empty());
    }
}
