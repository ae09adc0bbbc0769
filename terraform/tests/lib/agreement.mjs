// Compares the structure scanner's view of a file with HashiCorp's parser's output, so that
// the checks built on the scanner (blocks vs attributes, line numbers) rest on the real parse.

/** Differences between scanned items and hcl2json's JSON for the same body; [] if they agree. */
export function disagreements(items, json, path = '') {
  const found = [];
  const expected = new Map(); // key -> {attribute: true} | {blocks: Item[]}
  const dynamic = new Map();
  const labelled = new Map(); // type -> Item[] (blocks with labels, e.g. resource "a" "b")

  for (const item of items) {
    if (item.kind === 'attribute') {
      expected.set(item.name, { attribute: true });
    } else if (item.type === 'dynamic') {
      const list = dynamic.get(item.labels[0]) ?? [];
      list.push(item);
      dynamic.set(item.labels[0], list);
    } else if (item.labels.length > 0) {
      const list = labelled.get(item.type) ?? [];
      list.push(item);
      labelled.set(item.type, list);
    } else {
      const entry = expected.get(item.type) ?? { blocks: [] };
      entry.blocks.push(item);
      expected.set(item.type, entry);
    }
  }
  if (dynamic.size > 0) expected.set('dynamic', { dynamic: true });
  for (const type of labelled.keys()) expected.set(type, { labelled: true });

  const jsonKeys = Object.keys(json ?? {});
  for (const key of jsonKeys) {
    if (!expected.has(key)) found.push(`${path}${key}: in the parser's output, not seen by the scanner`);
  }
  for (const [key, entry] of expected) {
    const value = json?.[key];
    if (value === undefined) {
      found.push(`${path}${key}: seen by the scanner, not in the parser's output`);
    } else if (entry.blocks) {
      if (!Array.isArray(value) || value.length !== entry.blocks.length) {
        found.push(`${path}${key}: ${entry.blocks.length} block(s) scanned, parser has ${Array.isArray(value) ? value.length : 'an attribute'}`);
      } else {
        entry.blocks.forEach((b, i) => found.push(...disagreements(b.body, value[i], `${path}${key}[${i}].`)));
      }
    }
  }
  for (const [label, blocks] of dynamic) {
    const value = json?.dynamic?.[label];
    if (!Array.isArray(value) || value.length !== blocks.length) {
      found.push(`${path}dynamic.${label}: ${blocks.length} block(s) scanned, parser has ${value?.length ?? 0}`);
      continue;
    }
    blocks.forEach((b, i) => found.push(...disagreements(b.body, value[i], `${path}dynamic.${label}[${i}].`)));
  }
  for (const [type, blocks] of labelled) {
    for (const b of blocks) {
      let value = json?.[type];
      for (const l of b.labels) value = value?.[l];
      const index = blocks.filter((o) => o !== b && o.labels.join('.') === b.labels.join('.') && o.line < b.line).length;
      if (!Array.isArray(value) || !value[index]) {
        found.push(`${path}${type}.${b.labels.join('.')}: scanned, not in the parser's output`);
        continue;
      }
      found.push(...disagreements(b.body, value[index], `${path}${type}.${b.labels.join('.')}.`));
    }
  }
  return found;
}
