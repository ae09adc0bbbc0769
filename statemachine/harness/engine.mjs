// A long-lived local Step Functions engine (aws-local-stepfunctions) speaking JSON lines.
//
// stdin, one request per line:
//   {"type":"start","id":"e1","definition":{...}|"...","input":{...},"context":{...},
//    "overrides":{"retryIntervalOverrides":{...},"waitTimeOverrides":{...}}}
//   {"type":"abort","id":"e1"}
//   {"type":"validate","id":"v1","definition":{...}|"...","checkArn":true,"checkPaths":true}
// stdout, one message per line (nothing else is ever written there):
//   {"type":"ready","engine":"aws-local-stepfunctions","engineVersion":"3.0.0","node":"v20..."}
//   {"type":"event","id":"e1","event":{"type":"StateEntered","timestamp":1764213607000,...}}
//   {"type":"result","id":"e1","status":"SUCCEEDED"|"FAILED"|"TIMED_OUT"|"ABORTED",
//    "output":...,"error":"...","cause":...}
//   {"type":"validation","id":"v1","valid":true,"errors":[]}
//   {"type":"rejected","id":"e1","message":"..."}            (the request itself was unusable)
//
// Lambda tasks go through the engine's own AWS SDK Lambda client (point it at a local endpoint with
// AWS_ENDPOINT_URL_LAMBDA). Tasks whose Resource is arn:aws:states:::aws-sdk:SERVICE:ACTION are
// posted to the same endpoint at /local/aws-sdk/SERVICE/ACTION, which answers the result or
// {"Error","Cause"}. Both are signed (SigV4) with the credentials in AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN: the endpoint accepts only its own.
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createHash, createHmac } from 'node:crypto';

// The AWS SDK the engine uses needs Node 20; the engine also calls AbortSignal.any (Node 20.3).
if (typeof AbortSignal.any !== 'function') {
  console.error(`Node.js ${process.version} is too old for the local Step Functions engine: install Node.js 20.3 or newer.`);
  process.exit(1);
}

// aws-local-stepfunctions 3.0.0 declares Node >= 22 because it calls Promise.withResolvers
// (Node 22+). This is the whole of what it needs from 22; provide it before loading the engine.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// stdout carries the protocol only: anything a library prints goes to stderr.
for (const name of ['log', 'info', 'debug', 'trace']) {
  console[name] = (...args) => console.error(...args);
}

const { StateMachine, ExecutionError, ExecutionTimeoutError, ExecutionAbortedError } = await import(
  'aws-local-stepfunctions'
);
const { default: aslValidator } = await import('asl-validator');
const { JSONPath } = await import('jsonpath-plus');
const { SignatureV4 } = await import('@smithy/signature-v4');

// Step Functions hands states copies of the context object's values, never live objects. The
// harness keeps $$.State current by updating one object in place, so a path selecting an object
// out of the context ($$, $$.State) gets a copy taken at that moment: the engine's JSONPath
// (the same jsonpath-plus module instance) is wrapped for queries on a context object, which the
// harness marks with CONTEXT_MARK (object spread keeps symbol keys; JSON never shows them).
const CONTEXT_MARK = Symbol.for('record-metric.context');
const evaluate = JSONPath.prototype.evaluate;
JSONPath.prototype.evaluate = function evaluateCopyingContext(...args) {
  const result = evaluate.apply(this, args);
  if (this.json?.[CONTEXT_MARK] && result !== null && typeof result === 'object') {
    return structuredClone(result);
  }
  return result;
};

const require = createRequire(import.meta.url);
const engineVersion = JSON.parse(
  readFileSync(join(dirname(require.resolve('aws-local-stepfunctions')), '..', 'package.json'), 'utf8'),
).version;

const AWS_SDK_RESOURCE = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/;

function send(message) {
  process.stdout.write(`${JSON.stringify(message, jsonSafe)}\n`);
}

// Errors nested in events or causes serialise as their text, not as {}.
function jsonSafe(key, value) {
  if (value instanceof Error) {
    return `${value.name}: ${value.message}`;
  }
  return value;
}

function parseDefinition(definition) {
  return typeof definition === 'string' ? JSON.parse(definition) : definition;
}

// The engine's context object is static; Step Functions fills $$.State as each state is entered.
// Each state's definition is wrapped so that reading its Type when the state is entered marks
// the entry (EnteredTime, Name), and each evaluation of its input (one per attempt) counts
// RetryCount. The engine reads `Type` right before dispatching StateEntered and checks
// `"InputPath" in state` once per attempt.
function trackStates(definition, stateContext) {
  let attempts = 0;
  for (const [name, state] of Object.entries(definition.States)) {
    definition.States[name] = new Proxy(state, {
      get(target, property, receiver) {
        if (property === 'Type' && stateContext.Name !== name) {
          stateContext.Name = name;
          stateContext.EnteredTime = new Date().toISOString();
          stateContext.RetryCount = 0;
          attempts = 0;
        }
        return Reflect.get(target, property, receiver);
      },
      has(target, property) {
        if (property === 'InputPath' && stateContext.Name === name) {
          attempts += 1;
          stateContext.RetryCount = Math.max(0, attempts - 1);
        }
        return Reflect.has(target, property);
      },
    });
  }
}

// SHA-256 for the AWS SDK's own SigV4 signer, from node:crypto (the signer takes a hash class).
class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const signer = new SignatureV4({
  service: 'states',
  region: process.env.AWS_REGION ?? 'us-east-1',
  sha256: Sha256,
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
    sessionToken: process.env.AWS_SESSION_TOKEN,
  },
});

async function signedPost(url, headers, body) {
  const target = new URL(url);
  const signed = await signer.sign({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: target.pathname,
    headers: { ...headers, host: target.host },
    body,
  });
  const { host, ...sent } = signed.headers; // fetch sets Host itself, to the same value
  return fetch(url, { method: 'POST', headers: sent, body });
}

function awsSdkHandlers(definition, executionArn) {
  const endpoint = process.env.AWS_ENDPOINT_URL_LAMBDA;
  const handlers = {};
  for (const [name, state] of Object.entries(definition.States)) {
    const match = state.Type === 'Task' && typeof state.Resource === 'string' && AWS_SDK_RESOURCE.exec(state.Resource);
    if (!match) continue;
    const [, service, action] = match;
    handlers[name] = async (parameters) => {
      if (!endpoint) {
        throw namedError('States.Runtime', `No local endpoint for ${state.Resource}: AWS_ENDPOINT_URL_LAMBDA is not set`);
      }
      const response = await signedPost(
        `${endpoint}/local/aws-sdk/${service}/${action}`,
        {
          'content-type': 'application/json',
          'x-local-execution-arn': executionArn ?? '',
          'x-local-state-name': name,
        },
        JSON.stringify(parameters),
      );
      const text = await response.text();
      const body = text ? JSON.parse(text) : {};
      if (response.ok) {
        return body;
      }
      throw namedError(body.Error ?? 'States.TaskFailed', body.Cause ?? text);
    };
  }
  return handlers;
}

// The engine matches Retry/Catch on error.name and reads isRetryable/isCatchable; States.Runtime
// is neither, as in Step Functions.
function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  const fatal = name === 'States.Runtime';
  Object.defineProperty(error, 'isRetryable', { value: !fatal });
  Object.defineProperty(error, 'isCatchable', { value: !fatal });
  return error;
}

const executions = new Map();
const validDefinitions = new Set();

async function start(request) {
  const { id } = request;
  let definition;
  let stateMachine;
  try {
    definition = parseDefinition(request.definition);
    // Validating compiles asl-validator's schemas (~0.2 s of this one thread): do it once per
    // definition text, not once per execution.
    const key = typeof request.definition === 'string' ? request.definition : JSON.stringify(request.definition);
    if (!validDefinitions.has(key)) {
      const { isValid, errorsText } = aslValidator(structuredClone(definition), { checkArn: true, checkPaths: true });
      if (!isValid) {
        throw new Error(`State machine definition is invalid, see error(s) below:\n ${errorsText('\n')}`);
      }
      validDefinitions.add(key);
    }
    stateMachine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  } catch (error) {
    send({ type: 'rejected', id, message: String(error?.message ?? error) });
    return;
  }
  const context = request.context ?? {};
  const stateContext = { ...(context.State ?? {}) };
  trackStates(definition, stateContext);
  const overrides = {
    ...(request.overrides ?? {}),
    taskResourceLocalHandlers: awsSdkHandlers(definition, context.Execution?.Id),
  };
  const execution = stateMachine.run(request.input ?? {}, {
    overrides,
    context: { ...context, State: stateContext, [CONTEXT_MARK]: true },
  });
  executions.set(id, execution);

  const forwardEvents = (async () => {
    for await (const event of execution.eventLogs) {
      send({ type: 'event', id, event });
    }
  })();

  let result;
  try {
    const output = await execution.result;
    result = { status: 'SUCCEEDED', output };
  } catch (error) {
    if (error instanceof ExecutionTimeoutError) {
      result = { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution ran longer than its TimeoutSeconds' };
    } else if (error instanceof ExecutionAbortedError) {
      result = { status: 'ABORTED' };
    } else if (error instanceof ExecutionError) {
      const failure = error.cause;
      result = { status: 'FAILED', error: failure?.name, cause: failure?.cause ?? failure?.message };
    } else {
      result = { status: 'FAILED', error: 'States.Runtime', cause: String(error?.message ?? error) };
    }
  }
  await forwardEvents.catch((error) => console.error(`event log of ${id} failed:`, error));
  executions.delete(id);
  send({ type: 'result', id, ...result });
}

function validate(request) {
  const { id } = request;
  try {
    // asl-validator annotates the object it is given; validate a copy.
    const definition = structuredClone(parseDefinition(request.definition));
    const { isValid, errors } = aslValidator(definition, {
      checkArn: request.checkArn ?? true,
      checkPaths: request.checkPaths ?? true,
    });
    send({
      type: 'validation',
      id,
      valid: isValid,
      errors: (errors ?? []).map((e) => (e.Message ? `${e['Error code']}: ${e.Message}` : JSON.stringify(e))),
    });
  } catch (error) {
    send({ type: 'rejected', id, message: String(error?.message ?? error) });
  }
}

// Ctrl-C reaches the whole process group: the Java side decides when to stop (it closes stdin).
process.on('SIGINT', () => {});
process.on('unhandledRejection', (error) => console.error('unhandled rejection:', error));

const pending = new Set();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    send({ type: 'rejected', id: null, message: `not JSON: ${error.message}` });
    return;
  }
  switch (request.type) {
    case 'start': {
      const running = start(request).catch((error) =>
        send({ type: 'rejected', id: request.id, message: String(error?.message ?? error) }),
      );
      pending.add(running);
      running.finally(() => pending.delete(running));
      break;
    }
    case 'abort':
      executions.get(request.id)?.abort();
      break;
    case 'validate':
      validate(request);
      break;
    default:
      send({ type: 'rejected', id: request.id ?? null, message: `unknown request type ${request.type}` });
  }
});
// End of input: finish what runs, then exit.
lines.on('close', async () => {
  await Promise.allSettled([...pending]);
  process.exit(0);
});

send({ type: 'ready', engine: 'aws-local-stepfunctions', engineVersion, node: process.version });
