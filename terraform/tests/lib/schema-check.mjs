// Checks resource and data blocks against the AWS provider schema, as `terraform validate`
// would: unknown arguments and blocks, missing required ones, attributes written as blocks and
// blocks written as attributes, computed-only or deprecated arguments, too many blocks.

const RESOURCE_META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider']);
const RESOURCE_META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);
const LIFECYCLE_ARGUMENTS = new Set(['create_before_destroy', 'prevent_destroy', 'ignore_changes', 'replace_triggered_by']);
const LIFECYCLE_BLOCKS = new Set(['precondition', 'postcondition']);
const CONDITION_ARGUMENTS = ['condition', 'error_message'];

/**
 * Checks every `resource` and `data` block of `items` (a file's top level).
 * @returns {{errors: string[], checked: {kind: string, type: string, name: string}[]}}
 */
export function checkAgainstSchema(items, schema, where) {
  const errors = [];
  const checked = [];
  for (const item of items) {
    if (item.kind !== 'block' || (item.type !== 'resource' && item.type !== 'data')) continue;
    const [type, name] = item.labels;
    const kind = item.type;
    const path = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
    const at = `${where}:${item.line} ${path}`;
    if (!type.startsWith('aws_')) {
      errors.push(`${at}: not an AWS provider type; this check knows only hashicorp/aws`);
      continue;
    }
    const entry = (kind === 'resource' ? schema.resource_schemas : schema.data_source_schemas)[type];
    if (!entry) {
      errors.push(`${at}: unknown ${kind === 'resource' ? 'resource' : 'data source'} type ${type}`);
      continue;
    }
    checkBody(item.body, entry.block, path, item.line, true, errors, where);
    checked.push({ kind, type, name });
  }
  return { errors, checked };
}

function checkBody(body, block, path, blockLine, topLevel, errors, where) {
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  const staticCounts = new Map();
  const dynamicTypes = new Set();
  const set = new Set();

  for (const item of body) {
    const here = `${where}:${item.line} ${path}`;
    if (item.kind === 'attribute') {
      const name = item.name;
      if (topLevel && RESOURCE_META_ARGUMENTS.has(name)) continue;
      if (set.has(name)) errors.push(`${here}: argument "${name}" is set twice`);
      set.add(name);
      const attribute = attributes[name];
      if (attribute) {
        if (!attribute.required && !attribute.optional) {
          errors.push(`${here}: "${name}" is computed by the provider and cannot be set`);
        } else if (attribute.deprecated) {
          errors.push(`${here}: "${name}" is deprecated in the provider`);
        }
      } else if (blockTypes[name]) {
        errors.push(`${here}: "${name}" is a block, not an attribute: write \`${name} { ... }\``);
      } else {
        errors.push(`${here}: unknown argument "${name}"`);
      }
      continue;
    }

    const type = item.type;
    if (topLevel && RESOURCE_META_BLOCKS.has(type)) {
      if (type === 'lifecycle') checkLifecycle(item, `${path}.lifecycle`, errors, where);
      continue;
    }
    if (type === 'dynamic') {
      const generated = item.labels[0];
      const nested = blockTypes[generated];
      if (!nested) {
        errors.push(attributes[generated]
          ? `${here}: dynamic "${generated}": "${generated}" is an attribute, not a block; dynamic generates blocks only`
          : `${here}: dynamic "${generated}": unknown block type "${generated}"`);
        continue;
      }
      dynamicTypes.add(generated);
      checkDynamic(item, nested, `${path}.${generated}`, errors, where);
      continue;
    }
    const nested = blockTypes[type];
    if (nested) {
      staticCounts.set(type, (staticCounts.get(type) ?? 0) + 1);
      if (item.labels.length > 0) errors.push(`${here}: block "${type}" takes no labels`);
      checkBody(item.body, nested.block, `${path}.${type}`, item.line, false, errors, where);
    } else if (attributes[type]) {
      errors.push(`${here}: "${type}" is an attribute, not a block: write \`${type} = ...\``);
    } else {
      errors.push(`${here}: unknown block type "${type}"`);
    }
  }

  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && !set.has(name)) {
      errors.push(`${where}:${blockLine} ${path}: missing required argument "${name}"`);
    }
  }
  for (const [name, nested] of Object.entries(blockTypes)) {
    const count = staticCounts.get(name) ?? 0;
    const min = nested.min_items ?? 0;
    if (count < min && !dynamicTypes.has(name)) {
      errors.push(`${where}:${blockLine} ${path}: missing required block "${name}" (at least ${min})`);
    }
    const max = nested.nesting_mode === 'single' ? 1 : nested.max_items;
    if (max && count > max) {
      errors.push(`${where}:${blockLine} ${path}: block "${name}" may appear at most ${max} time(s), found ${count}`);
    }
  }
}

function checkDynamic(item, nested, path, errors, where) {
  const here = `${where}:${item.line} ${path}`;
  let hasForEach = false;
  let content;
  for (const part of item.body) {
    if (part.kind === 'attribute' && part.name === 'for_each') hasForEach = true;
    else if (part.kind === 'attribute' && (part.name === 'iterator' || part.name === 'labels')) continue;
    else if (part.kind === 'block' && part.type === 'content' && !content) content = part;
    else errors.push(`${where}:${part.line} ${path}: unexpected "${part.name ?? part.type}" in a dynamic block (for_each, iterator, labels, content)`);
  }
  if (!hasForEach) errors.push(`${here}: dynamic block without for_each`);
  if (!content) {
    errors.push(`${here}: dynamic block without a content block`);
    return;
  }
  checkBody(content.body, nested.block, path, content.line, false, errors, where);
}

function checkLifecycle(item, path, errors, where) {
  for (const part of item.body) {
    const here = `${where}:${part.line} ${path}`;
    if (part.kind === 'attribute') {
      if (!LIFECYCLE_ARGUMENTS.has(part.name)) errors.push(`${here}: unknown lifecycle argument "${part.name}"`);
    } else if (LIFECYCLE_BLOCKS.has(part.type)) {
      const names = part.body.filter((p) => p.kind === 'attribute').map((p) => p.name);
      for (const required of CONDITION_ARGUMENTS) {
        if (!names.includes(required)) errors.push(`${here}: ${part.type} without "${required}"`);
      }
      for (const p of part.body) {
        if (p.kind !== 'attribute' || !CONDITION_ARGUMENTS.includes(p.name)) {
          errors.push(`${here}: unexpected "${p.name ?? p.type}" in ${part.type}`);
        }
      }
    } else {
      errors.push(`${here}: unknown lifecycle block "${part.type}"`);
    }
  }
}
