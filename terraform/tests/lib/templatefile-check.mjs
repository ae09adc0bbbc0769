// templatefile() calls and the placeholders of their templates.
import { dirname, resolve } from 'node:path';
import { stripComments } from './structure.mjs';

/**
 * Every templatefile("${path.module}/...", { A = ..., B = ... }) in the given modules.
 * @returns {Promise<{at: string, template: string, variables: string[]}[]>}
 */
export async function templatefileCalls(byDir) {
  const calls = [];
  for (const files of byDir.values()) {
    for (const file of files) {
      const source = stripComments(file.source);
      for (const m of source.matchAll(/templatefile\(\s*"\$\{path\.module\}\/([^"]+)"\s*,\s*\{/g)) {
        const start = m.index + m[0].length;
        const body = source.slice(start, matchingBrace(source, start));
        const variables = [...body.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((v) => v[1]).sort();
        calls.push({ at: file.path, template: resolve(dirname(file.path), m[1]), variables });
      }
    }
  }
  return calls;
}

function matchingBrace(source, from) {
  let depth = 1;
  for (let i = from; i < source.length; i++) {
    if (source[i] === '{') depth++;
    if (source[i] === '}' && --depth === 0) return i;
  }
  throw new Error('unterminated templatefile() variables');
}

/**
 * The placeholder names of a JSON template, sorted and unique, and what is wrong with it: it
 * must stay valid JSON with every ${Name} inside a string, and use no expressions or directives.
 */
export function placeholders(text) {
  const problems = [];
  for (const m of text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(m[1].trim())) problems.push(`placeholder ${m[0]} is not a plain name`);
  }
  for (const m of text.matchAll(/(?<!%)%\{([^}]*)\}/g)) problems.push(`template directive ${m[0]} is not allowed`);
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    problems.push(`the template is not valid JSON (placeholders belong inside JSON strings): ${e.message}`);
    return { names: [], problems };
  }
  const names = new Set();
  const walk = (value) => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/(?<!\$)\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g)) names.add(m[1]);
    } else if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        walk(k);
        walk(v);
      }
    }
  };
  walk(json);
  return { names: [...names].sort(), problems };
}
