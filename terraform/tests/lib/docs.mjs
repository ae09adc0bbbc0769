// Renders a module's inputs and outputs tables from its variable and output blocks, and puts
// them into its README between the markers.
import { blocksOf, attributeOf } from './structure.mjs';

export const BEGIN = '<!-- BEGIN_TF_DOCS -->';
export const END = '<!-- END_TF_DOCS -->';

/** One line of HCL from a possibly multi-line expression: `object({ a = string, b = number })`. */
export function compact(text) {
  const lines = text.split('\n').map((l) => l.trim().replace(/[ \t]+/g, ' ')).filter((l) => l.length > 0);
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else if (/[{([,]$/.test(out) || /^[})\]]/.test(line)) out += ` ${line}`;
    else out += `, ${line}`;
  }
  return out;
}

function cell(text) {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(text) {
  return `\`${cell(text)}\``;
}

function description(block) {
  const attribute = attributeOf(block.body, 'description');
  return attribute ? cell(JSON.parse(attribute.text)) : '';
}

/** The markdown between (and including) the markers, for the parsed files of one module. */
export function renderTables(files) {
  const ordered = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const variables = ordered.flatMap((f) => blocksOf(f.items, 'variable'));
  const outputs = ordered.flatMap((f) => blocksOf(f.items, 'output'));
  const lines = [BEGIN, '## Inputs', ''];
  lines.push('| Name | Description | Type | Default | Required |');
  lines.push('|------|-------------|------|---------|:--------:|');
  for (const v of variables) {
    const type = attributeOf(v.body, 'type');
    const dflt = attributeOf(v.body, 'default');
    lines.push(`| ${code(v.labels[0])} | ${description(v)} | ${type ? code(compact(type.text)) : 'n/a'} | ${dflt ? code(compact(dflt.text)) : 'n/a'} | ${dflt ? 'no' : 'yes'} |`);
  }
  lines.push('', '## Outputs', '');
  lines.push('| Name | Description |');
  lines.push('|------|-------------|');
  for (const o of outputs) lines.push(`| ${code(o.labels[0])} | ${description(o)} |`);
  lines.push(END);
  return lines.join('\n');
}

/** `readme` with the text between the markers replaced by `tables`. */
export function withTables(readme, tables) {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`the README has no ${BEGIN} ... ${END} markers`);
  return readme.slice(0, begin) + tables + readme.slice(end + END.length);
}

export const REGENERATE = 'npm --prefix terraform/tests ci && npm --prefix terraform/tests run docs';
