// References that `terraform validate` would reject: var.X, local.X, TYPE.NAME.ATTR,
// data.TYPE.NAME.ATTR and module.NAME.OUTPUT that name nothing declared, and attributes that
// the provider schema does not have (or has deprecated).
import { stripComments, blocksOf, attributeOf } from './structure.mjs';

const REFERENCE = /(?<![\w.])(var|local|data|module|aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)((?:\[[^\]]*\])?)(?:\.([A-Za-z_][\w-]*))?((?:\[[^\]]*\])?)(?:\.([A-Za-z_][\w-]*))?/g;

/** What a module declares. */
export function declarations(files) {
  const declared = { variables: new Set(), locals: new Set(), resources: new Set(), data: new Set(), modules: new Map(), outputs: new Set() };
  for (const file of files) {
    for (const item of file.items) {
      if (item.kind !== 'block') continue;
      if (item.type === 'variable') declared.variables.add(item.labels[0]);
      if (item.type === 'output') declared.outputs.add(item.labels[0]);
      if (item.type === 'resource') declared.resources.add(`${item.labels[0]}.${item.labels[1]}`);
      if (item.type === 'data') declared.data.add(`${item.labels[0]}.${item.labels[1]}`);
      if (item.type === 'locals') for (const a of item.body) if (a.kind === 'attribute') declared.locals.add(a.name);
      if (item.type === 'module') {
        const source = attributeOf(item.body, 'source');
        declared.modules.set(item.labels[0], source ? JSON.parse(source.text) : undefined);
      }
    }
  }
  return declared;
}

/**
 * Checks the references in the given files of one module.
 * @param moduleOutputs (source) => Set of output names of a local child module, or undefined
 */
export function checkReferences(files, schema, moduleOutputs, display) {
  const declared = declarations(files);
  const errors = [];
  let count = 0;
  for (const file of files) {
    const lines = stripComments(file.source).split('\n');
    lines.forEach((text, index) => {
      for (const m of text.matchAll(REFERENCE)) {
        const [, head, name, , attr, , attrOfData] = m;
        const at = `${display(file.path)}:${index + 1} ${m[0]}`;
        count++;
        if (head === 'var') {
          if (!declared.variables.has(name)) errors.push(`${at}: no variable "${name}" is declared`);
        } else if (head === 'local') {
          if (!declared.locals.has(name)) errors.push(`${at}: no local value "${name}" is defined`);
        } else if (head === 'module') {
          if (!declared.modules.has(name)) {
            errors.push(`${at}: no module "${name}" is declared`);
          } else {
            const outputs = moduleOutputs(declared.modules.get(name));
            if (outputs && attr && !outputs.has(attr)) errors.push(`${at}: module "${name}" has no output "${attr}"`);
          }
        } else if (head === 'data') {
          // data.TYPE.NAME.ATTR: here `name` is TYPE and `attr` is NAME.
          if (!attr) continue;
          const key = `${name}.${attr}`;
          if (!declared.data.has(key)) errors.push(`${at}: no data source ${key} is declared`);
          else checkAttribute(schema.data_source_schemas[name], attrOfData, at, errors);
        } else {
          const key = `${head}.${name}`;
          if (!declared.resources.has(key)) errors.push(`${at}: no resource ${key} is declared`);
          else checkAttribute(schema.resource_schemas[head], attr, at, errors);
        }
      }
    });
  }
  return { errors, count };
}

function checkAttribute(entry, attr, at, errors) {
  if (!entry || !attr) return;
  const block = entry.block;
  const attribute = block.attributes?.[attr];
  if (attribute) {
    if (attribute.deprecated) errors.push(`${at}: attribute "${attr}" is deprecated in the provider`);
  } else if (!block.block_types?.[attr]) {
    errors.push(`${at}: the provider schema has no attribute "${attr}"`);
  }
}

/** Output names of a module directory, from its parsed files. */
export function outputsOf(files) {
  return new Set(files.flatMap((f) => blocksOf(f.items, 'output').map((b) => b.labels[0])));
}

/**
 * Checks the references of a Terraform test file (.tftest.hcl) against the module it tests:
 * var.X, output.X, and resources and data sources with their attributes.
 */
export function checkTestReferences(testFile, moduleFiles, schema, display) {
  const declared = declarations(moduleFiles);
  const errors = [];
  let count = 0;
  const lines = stripComments(testFile.source).split('\n');
  lines.forEach((text, index) => {
    const at = (m) => `${display(testFile.path)}:${index + 1} ${m}`;
    for (const m of text.matchAll(/(?<![\w.])output\.([A-Za-z_][\w-]*)/g)) {
      count++;
      if (!declared.outputs.has(m[1])) errors.push(`${at(m[0])}: the module has no output "${m[1]}"`);
    }
    for (const m of text.matchAll(REFERENCE)) {
      const [, head, name, , attr, , attrOfData] = m;
      if (head === 'local' || head === 'module') continue;
      count++;
      if (head === 'var') {
        if (!declared.variables.has(name)) errors.push(`${at(m[0])}: the module has no variable "${name}"`);
      } else if (head === 'data') {
        if (attr && !declared.data.has(`${name}.${attr}`)) errors.push(`${at(m[0])}: the module has no data source ${name}.${attr}`);
        else if (attr) checkAttribute(schema.data_source_schemas[name], attrOfData, at(m[0]), errors);
      } else if (declared.resources.has(`${head}.${name}`)) {
        checkAttribute(schema.resource_schemas[head], attr, at(m[0]), errors);
      } else {
        errors.push(`${at(m[0])}: the module has no resource ${head}.${name}`);
      }
    }
  });
  return { errors, count };
}
