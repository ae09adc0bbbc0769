// The READMEs' inputs/outputs tables are the ones variables.tf/outputs.tf render to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { modules, display, MODULE_DIR, parseSource } from '../lib/terraform.mjs';
import { renderTables, withTables, compact, BEGIN, END, REGENERATE } from '../lib/docs.mjs';

test('the module README has generated inputs/outputs tables', () => {
  const text = readFileSync(join(MODULE_DIR, 'README.md'), 'utf8');
  assert.ok(text.includes(BEGIN) && text.includes(END), `terraform/README.md needs ${BEGIN} and ${END}`);
});

test('every README\'s inputs/outputs tables match its variables and outputs', async () => {
  let checked = 0;
  for (const [dir, files] of await modules()) {
    const readme = join(dir, 'README.md');
    if (!existsSync(readme)) continue;
    const text = readFileSync(readme, 'utf8');
    if (!text.includes(BEGIN)) continue;
    checked++;
    assert.equal(text, withTables(text, renderTables(files)),
      `${display(readme)}'s inputs/outputs tables are out of date: regenerate them with \`${REGENERATE}\` (repository root)`);
  }
  assert.ok(checked >= 1);
});

test('docs_whenTypeSpansLines_rendersItOnOne', () => {
  assert.equal(compact('object({\n    type   = string\n    secret = string\n  })'), 'object({ type = string, secret = string })');
  assert.equal(compact('[\n "a",\n "b",\n]'), '[ "a", "b", ]');
});

test('docs_whenVariableChanges_theTablesChange', async () => {
  const file = await parseSource('/m/variables.tf', 'variable "a" {\n  description = "A | pipe."\n  type        = number\n  default     = 1\n}\nvariable "b" {\n  description = "B."\n  type        = string\n}\noutput "c" {\n  description = "C."\n  value       = 1\n}\n');
  const tables = renderTables([file]);
  assert.ok(tables.includes('| `a` | A \\| pipe. | `number` | `1` | no |'), tables);
  assert.ok(tables.includes('| `b` | B. | `string` | n/a | yes |'), tables);
  assert.ok(tables.includes('| `c` | C. |'), tables);
  assert.throws(() => withTables('# no markers\n', tables), /no <!-- BEGIN_TF_DOCS -->/);
});
