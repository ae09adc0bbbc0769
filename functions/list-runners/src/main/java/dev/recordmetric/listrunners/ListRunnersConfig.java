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
 */
record ListRunnersConfig(String organization, URI githubApiUrl, List<RunnerPool> pools, OptionalLong runnerGroupId,
        String kmsKeyId) {

    static final String RUNNER_GROUP_ID = "RUNNER_GROUP_ID";

    ListRunnersConfig {
        pools = List.copyOf(pools);
    }

    /** One pool without a group name ({@code RUNNER_INSTALLATION_ID} alone), the whole organization. */
    ListRunnersConfig(String organization, URI githubApiUrl, String label, String kmsKeyId) {
        this(organization, githubApiUrl, List.of(new RunnerPool(null, label)), OptionalLong.empty(), kmsKeyId);
    }

    static ListRunnersConfig from(Environment env) {
        List<RunnerPool> pools = RunnerPools.from(env);
        return new ListRunnersConfig(env.organization(), env.githubApiUrl(), pools, runnerGroupId(env),
                env.required(Environment.TOKEN_KMS_KEY_ID));
    }

    /** Whether every pool has its group's name, so that ListRunners can write the datapoints. */
    boolean poolsNamed() {
        return pools.stream().allMatch(pool -> pool.asgName() != null);
    }

    List<String> labels() {
        return pools.stream().map(RunnerPool::label).toList();
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
