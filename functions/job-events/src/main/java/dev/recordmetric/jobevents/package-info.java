/**
 * The job ledger: GitHub's {@code workflow_job} webhook deliveries, verified and recorded one item
 * per job in a DynamoDB table, and the repairs that keep it equal to GitHub's truth when deliveries
 * are lost. The design is in the module's README.
 */
package dev.recordmetric.jobevents;
