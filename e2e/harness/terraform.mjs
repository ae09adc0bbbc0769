// The real terraform binary for the e2e test and `record-metric up`, through the Terraform
// module's own test helpers (terraform/tests/lib/terraform-cli.mjs: the CLI configuration for the
// provider mirror, a staged copy of the module, the environment every command gets), driven by
// dev.recordmetric.deployment.TerraformBridge over JSON lines:
//
//   in:  {"id": 1, "op": "stage", "name": "complete", "packages": {"get-token.jar": "/abs/path", ...}}
//   out: {"id": 1, "dir": "/tmp/.../complete/terraform/examples/complete", "terraform": "Terraform v1.11.4", "mirror": "/opt/tf-plugins"}
//        a copy of terraform/ with the jars in its packages/ (as the module's release archive has
//        them) and e2e/terraform/*.tf added to examples/complete
//   in:  {"id": 2, "op": "terraform", "dir": "...", "args": ["apply", ...]}
//   out: {"id": 2, "status": 0, "stdout": "...", "stderr": "..."}
//   out: {"id": n, "error": "..."} when a request cannot be served
//
// When its standard input closes it removes the staged copies and exits.
import { copyFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALL_HINT, findTerraform, stageModule, terraform, terraformSession } from '../../terraform/tests/lib/terraform-cli.mjs';

const E2E_TERRAFORM = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'terraform');

function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function stage({ name, packages }) {
  if (!findTerraform()) throw new Error(INSTALL_HINT);
  const module = stageModule(name, { packages: packages ?? {} });
  const example = join(module, 'examples', 'complete');
  for (const file of readdirSync(E2E_TERRAFORM).filter((f) => f.endsWith('.tf'))) {
    copyFileSync(join(E2E_TERRAFORM, file), join(example, file));
  }
  const version = (await terraform(['version'], example)).stdout.split('\n')[0];
  return { dir: example, terraform: version, mirror: terraformSession().mirror ?? null };
}

async function run({ dir, args }) {
  const result = await terraform(args, dir, { allowFailure: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = createInterface({ input: process.stdin });
const pending = [];
lines.on('line', (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    send({ id: null, error: `not JSON: ${e.message}` });
    return;
  }
  const served = request.op === 'stage' ? stage(request) : request.op === 'terraform' ? run(request) : Promise.reject(new Error(`unknown op ${request.op}`));
  pending.push(served.then((answer) => send({ id: request.id, ...answer }), (e) => send({ id: request.id, error: e.message })));
});
lines.on('close', async () => {
  await Promise.allSettled(pending);
  terraformSession().cleanup();
  process.exit(0);
});
