package dev.recordmetric.listrunners;

/**
 * One runner pool: the runners labelled {@code label} ({@code installation_id:<id>}), published
 * with the dimension {@code asg_name = asgName}.
 *
 * @param asgName the Auto Scaling group's name; null for the one pool of {@code RUNNER_INSTALLATION_ID}
 *     alone, whose definition names the group itself
 */
record RunnerPool(String asgName, String label) {
}
