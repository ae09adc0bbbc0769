// Module calls: every argument is a variable of the called module (or a meta-argument), and
// every variable without a default is passed.
import { blocksOf, attributeOf } from './structure.mjs';

const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);

/**
 * @param files parsed files of the calling module
 * @param filesOf (source) => parsed files of a local module, or undefined (not checked)
 */
export function checkModuleCalls(files, filesOf, display) {
  const errors = [];
  for (const file of files) {
    for (const call of blocksOf(file.items, 'module')) {
      const at = `${display(file.path)}:${call.line} module.${call.labels[0]}`;
      const source = attributeOf(call.body, 'source');
      if (!source) {
        errors.push(`${at}: no source`);
        continue;
      }
      const called = filesOf(JSON.parse(source.text));
      if (!called) {
        errors.push(`${at}: source ${source.text} is not a module directory of this repository`);
        continue;
      }
      const variables = new Map();
      for (const f of called) {
        for (const v of blocksOf(f.items, 'variable')) variables.set(v.labels[0], attributeOf(v.body, 'default') !== undefined);
      }
      const passed = new Set();
      for (const item of call.body) {
        if (item.kind !== 'attribute') {
          errors.push(`${display(file.path)}:${item.line} module.${call.labels[0]}: unexpected block "${item.type}" in a module call`);
          continue;
        }
        if (MODULE_META_ARGUMENTS.has(item.name)) continue;
        passed.add(item.name);
        if (!variables.has(item.name)) errors.push(`${display(file.path)}:${item.line} module.${call.labels[0]}: the module has no variable "${item.name}"`);
      }
      for (const [name, hasDefault] of variables) {
        if (!hasDefault && !passed.has(name)) errors.push(`${at}: required variable "${name}" is not passed`);
      }
    }
  }
  return errors;
}
