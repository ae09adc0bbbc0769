// Where the module and its tests are. No npm package is imported here, so that the helpers built
// on it (terraform-cli.mjs) run without this folder's node_modules, e.g. for the e2e module.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TESTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MODULE_DIR = resolve(TESTS_DIR, '..');
export const REPO_DIR = resolve(MODULE_DIR, '..');
