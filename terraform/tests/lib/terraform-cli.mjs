// Runs the real `terraform` binary: finds it, points it at the provider mirror when there is
// one (the registry otherwise), and stages copies of the module so that nothing is written
// into the source tree and the module is planned from its own folder only.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { MODULE_DIR, TESTS_DIR } from './paths.mjs';

export const INSTALL_HINT = [
  'terraform is not on PATH (or TERRAFORM does not name it): the Terraform checks of ./mvnw verify run the real binary.',
  'Install Terraform >= 1.7 (https://developer.hashicorp.com/terraform/install: a release zip, or HashiCorp\'s apt',
  'repository: apt-get install terraform), put it on PATH or set TERRAFORM=/path/to/terraform, and run the build again.',
].join('\n');

/** Where a provider filesystem mirror is looked for, first match wins. */
export const MIRROR_CANDIDATES = [process.env.TF_PROVIDER_MIRROR, '/opt/tf-plugins'].filter(Boolean);

/** The terraform executable, or undefined. */
export function findTerraform() {
  if (process.env.TERRAFORM) return existsSync(process.env.TERRAFORM) ? process.env.TERRAFORM : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'terraform');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The first directory of MIRROR_CANDIDATES that holds hashicorp/aws, or undefined. */
export function findMirror() {
  return MIRROR_CANDIDATES.find((dir) => existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws')));
}

/** The CLI configuration: the mirror for hashicorp/aws when there is one, the registry for the rest. */
export function cliConfig(mirror, pluginCacheDir) {
  if (mirror) {
    return `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
`;
  }
  return `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}
`;
}

let session;
/**
 * One working area per test process: a temp directory with the CLI configuration, and the
 * environment every terraform command gets (no checkpoint calls, no input, no colour).
 */
export function terraformSession() {
  if (session) return session;
  const binary = findTerraform();
  const root = mkdtempSync(join(tmpdir(), 'record-metric-terraform-'));
  const mirror = findMirror();
  const pluginCache = join(TESTS_DIR, 'target', 'terraform-plugin-cache');
  if (!mirror) mkdirSync(pluginCache, { recursive: true });
  const configFile = join(root, 'terraform.rc');
  writeFileSync(configFile, cliConfig(mirror, pluginCache));
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: configFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // The AWS SDK inside the provider must never reach a real account or the metadata service.
    AWS_ACCESS_KEY_ID: 'AKIAPLANPLANPLANPLAN',
    AWS_SECRET_ACCESS_KEY: 'plan-only-not-a-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const name of ['TF_DATA_DIR', 'TF_WORKSPACE', 'AWS_PROFILE', 'AWS_SESSION_TOKEN']) delete env[name];
  session = { binary, root, mirror, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
  return session;
}

/**
 * Runs `terraform args...` in `cwd`: {status, stdout, stderr}; rejects with both outputs when
 * the status is not 0 (unless `allowFailure`). Asynchronous, so that the fake AWS in this same
 * process can answer the provider meanwhile.
 */
export function terraform(args, cwd, { allowFailure = false, env = {} } = {}) {
  const s = terraformSession();
  return new Promise((resolve, reject) => {
    const child = spawn(s.binary, args, { cwd, env: { ...s.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) => {
      const result = { status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (status !== 0 && !allowFailure) {
        reject(new Error(`terraform ${args.join(' ')} (in ${cwd}) exited ${status}\n${result.stdout}\n${result.stderr}`));
      } else {
        resolve(result);
      }
    });
  });
}

const NOT_STAGED = new Set(['node_modules', '.terraform', 'target', '.terraform.lock.hcl', 'terraform.tfstate', 'terraform.tfstate.backup']);

/**
 * Copies the module folder (terraform/) into `<session>/<name>/terraform`, without build
 * outputs and Terraform working files: what a user gets when Terraform downloads the module
 * folder alone. `packages` (file name => source path) are put into its packages/ folder, as the
 * release archive has them.
 */
export function stageModule(name, { packages = {} } = {}) {
  const target = join(terraformSession().root, name, 'terraform');
  cpSync(MODULE_DIR, target, { recursive: true, filter: (src) => !NOT_STAGED.has(src.split(/[\\/]/).pop()) });
  if (Object.keys(packages).length > 0) {
    mkdirSync(join(target, 'packages'), { recursive: true });
    for (const [file, source] of Object.entries(packages)) cpSync(source, join(target, 'packages', file));
  }
  return target;
}

/** The directories under terraform/examples. */
export function exampleNames() {
  const dir = join(MODULE_DIR, 'examples');
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

export const PLACEHOLDER_JAR = join(TESTS_DIR, 'fixtures', 'placeholder.jar');
export const BUNDLED_PLACEHOLDERS = { 'get-token.jar': PLACEHOLDER_JAR, 'list-runners.jar': PLACEHOLDER_JAR, 'job-events.jar': PLACEHOLDER_JAR };

/**
 * A provider block for an offline plan: fake credentials, nothing asked of AWS but the data
 * sources, which go to the fake at `url`. Written as an override file, so that it replaces the
 * example's own provider configuration without editing it.
 */
export function offlineProvider(url, region) {
  return `provider "aws" {
  region                      = ${JSON.stringify(region)}
  access_key                  = "AKIAPLANPLANPLANPLAN"
  secret_key                  = "plan-only-not-a-secret"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  endpoints {
    sts         = ${JSON.stringify(url)}
    ec2         = ${JSON.stringify(url)}
    ssm         = ${JSON.stringify(url)}
    sfn         = ${JSON.stringify(url)}
    autoscaling = ${JSON.stringify(url)}
  }
}
`;
}

/** init + plan -out + show -json in `dir`; the parsed plan. */
export async function planJson(dir, varArgs = []) {
  await terraform(['init', '-backend=false', '-input=false', '-no-color'], dir);
  await terraform(['plan', '-input=false', '-no-color', '-lock=false', '-out=plan.bin', ...varArgs], dir);
  const shown = await terraform(['show', '-json', '-no-color', 'plan.bin'], dir);
  return JSON.parse(shown.stdout);
}
