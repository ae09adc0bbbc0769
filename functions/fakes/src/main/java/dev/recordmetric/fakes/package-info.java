/**
 * Loopback HTTP fakes for tests, the local run and benchmarks: {@link dev.recordmetric.fakes.FakeGitHub}
 * (self-hosted runners listing, PAT and GitHub App authentication, faults) and
 * {@link dev.recordmetric.fakes.FakeAws} (Secrets Manager and KMS over AWS JSON 1.1), plus
 * {@link dev.recordmetric.fakes.TestKeys} and {@link dev.recordmetric.fakes.AppJwts} to make keys and
 * App JWTs. Every fake binds 127.0.0.1 on a free port, serves each request on its own virtual
 * thread, records what it received and is closed with {@code close()}. For tests' own fakes and
 * clients: {@link dev.recordmetric.fakes.LoopbackFake} and {@link dev.recordmetric.fakes.TestHttp}.
 */
package dev.recordmetric.fakes;
