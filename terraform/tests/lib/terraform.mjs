// Finds and parses the Terraform files of the module and its examples.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { scanStructure } from './structure.mjs';
import { MODULE_DIR, REPO_DIR, TESTS_DIR } from './paths.mjs';

export { MODULE_DIR, REPO_DIR, TESTS_DIR };
export const SCHEMA_FILE = join(TESTS_DIR, 'aws-provider-6.47.0.schema.json.gz');

const SKIPPED_DIRS = new Set(['node_modules', '.terraform', 'target']);

/** Every .tf and .tftest.hcl file under the module directory, sorted. */
export function terraformFiles(root = MODULE_DIR) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name));
      } else if (entry.name.endsWith('.tf') || entry.name.endsWith('.tftest.hcl')) {
        found.push(join(dir, entry.name));
      }
    }
  };
  walk(root);
  return found.sort();
}

/** Path relative to the repository root, for messages. */
export function display(path) {
  return relative(REPO_DIR, path);
}

/**
 * @typedef {{path: string, source: string, json: object, items: import('./structure.mjs').Item[]}} ParsedFile
 */

/** Parses one file's text with HashiCorp's HCL parser and the structure scanner. */
export async function parseSource(path, source) {
  const json = await parse(path, source);
  const items = scanStructure(source);
  return { path, source, json, items };
}

/** @returns {Promise<ParsedFile>} */
export async function parseFile(path) {
  return parseSource(path, readFileSync(path, 'utf8'));
}

let allParsed;
/** Every Terraform file, parsed once per test process. */
export async function parseAll() {
  if (!allParsed) {
    allParsed = Promise.all(terraformFiles().map(parseFile));
  }
  return allParsed;
}

/** The parsed .tf files (not tests) grouped by directory: one entry per Terraform module. */
export async function modules() {
  const byDir = new Map();
  for (const file of await parseAll()) {
    if (!file.path.endsWith('.tf')) continue;
    const dir = dirname(file.path);
    if (!byDir.has(dir)) byDir.set(dir, []);
    byDir.get(dir).push(file);
  }
  return byDir;
}

let schema;
/** The AWS provider schema: {resource_schemas, data_source_schemas}. */
export function providerSchema() {
  if (!schema) {
    const all = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString('utf8'));
    schema = all.provider_schemas['registry.terraform.io/hashicorp/aws'];
  }
  return schema;
}

export { existsSync };
