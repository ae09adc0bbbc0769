package dev.recordmetric.local;

import dev.recordmetric.fakes.FakeContainerCredentials;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FunctionPackage} served as Lambda serves a function: each invocation runs in an idle
 * execution environment ({@link RuntimeEnvironment}); when none is idle a new one starts (a cold
 * start), up to {@link #MAX_ENVIRONMENTS} at once, further invocations waiting for one to be free.
 * An environment that timed out, crashed or failed its init is dropped, so the next invocation gets
 * a new one. One environment is started at registration, so that its init overlaps whatever the
 * caller does next. Thread-safe.
 */
final class RuntimeClientFunction implements LocalFunction {

    static final int MAX_ENVIRONMENTS = 4;

    private final RuntimeEnvironment.Spec spec;
    private final FakeContainerCredentials containerCredentials;
    private final Deque<RuntimeEnvironment> idle = new ArrayDeque<>();
    private final List<RuntimeEnvironment> all = new ArrayList<>();
    private boolean closed;

    RuntimeClientFunction(String name, FunctionPackage code, LambdaInvokeEndpoint.FunctionSettings settings, String region,
            RuntimeClientFiles runtime) {
        this.containerCredentials = code.snapStart() && code.credentials() != null
                ? FakeContainerCredentials.start(code.credentials())
                : null;
        this.spec = new RuntimeEnvironment.Spec(name, code, settings, region, runtime, credentialVariables(code));
        synchronized (this) {
            idle.add(startEnvironment());
        }
    }

    /**
     * The execution role's credentials as Lambda hands them over: environment variables, or for a
     * SnapStart function a container credentials endpoint
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials).
     */
    private Map<String, String> credentialVariables(FunctionPackage code) {
        Map<String, String> env = new LinkedHashMap<>();
        if (code.credentials() == null) {
            return env;
        }
        if (containerCredentials != null) {
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", containerCredentials.uri().toString());
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", containerCredentials.authorizationToken());
        } else {
            env.put("AWS_ACCESS_KEY_ID", code.credentials().accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", code.credentials().secretAccessKey());
            env.put("AWS_SESSION_TOKEN", code.credentials().sessionToken());
        }
        return env;
    }

    /** The container credentials endpoint of a SnapStart function, else null. */
    FakeContainerCredentials containerCredentials() {
        return containerCredentials;
    }

    @Override
    public Result invoke(String requestId, String arn, byte[] payload) {
        RuntimeEnvironment environment = acquire();
        try {
            return environment.invoke(requestId, arn, payload);
        } finally {
            release(environment);
        }
    }

    /** The environments started so far, in order (for tests: how many cold starts there were). */
    synchronized List<RuntimeEnvironment> environments() {
        return List.copyOf(all);
    }

    private synchronized RuntimeEnvironment acquire() {
        while (true) {
            if (closed) {
                throw new LocalEngineException(spec.functionName() + " is no longer registered");
            }
            RuntimeEnvironment environment = idle.pollFirst();
            if (environment != null) {
                if (environment.usable()) {
                    return environment;
                }
                drop(environment);
                continue;
            }
            if (live() < MAX_ENVIRONMENTS) {
                return startEnvironment();
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalEngineException("interrupted while waiting for an environment of " + spec.functionName(), e);
            }
        }
    }

    private synchronized void release(RuntimeEnvironment environment) {
        if (environment.usable() && !closed) {
            idle.addFirst(environment);
        } else {
            drop(environment);
        }
        notifyAll();
    }

    private RuntimeEnvironment startEnvironment() {
        RuntimeEnvironment environment = RuntimeEnvironment.start(spec);
        all.add(environment);
        return environment;
    }

    private void drop(RuntimeEnvironment environment) {
        environment.close();
    }

    private long live() {
        return all.stream().filter(RuntimeEnvironment::usable).count();
    }

    @Override
    public void close() {
        List<RuntimeEnvironment> environments;
        synchronized (this) {
            closed = true;
            environments = List.copyOf(all);
            notifyAll();
        }
        environments.forEach(RuntimeEnvironment::close);
        if (containerCredentials != null) {
            containerCredentials.close();
        }
    }
}
