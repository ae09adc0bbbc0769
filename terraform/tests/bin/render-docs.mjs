// Rewrites the inputs/outputs tables of every README.md beside Terraform files that has the
// markers: `npm --prefix terraform/tests run docs` (after `npm --prefix terraform/tests ci`).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { modules, display } from '../lib/terraform.mjs';
import { renderTables, withTables, BEGIN } from '../lib/docs.mjs';

for (const [dir, files] of await modules()) {
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) continue;
  const text = readFileSync(readme, 'utf8');
  if (!text.includes(BEGIN)) continue;
  const updated = withTables(text, renderTables(files));
  if (updated !== text) {
    writeFileSync(readme, updated);
    console.log(`updated ${display(readme)}`);
  } else {
    console.log(`${display(readme)} is up to date`);
  }
}
