/**
 * Handlers the harness tests run under the Lambda runtime client, in a JVM of their own, from a
 * task root of their own ({@code TestFunctions}): they see only the JDK, aws-lambda-java-core (the
 * runtime's) and org.crac (their own {@code lib/}), as a deployed function sees its package.
 */
package dev.recordmetric.local.testfunctions;
