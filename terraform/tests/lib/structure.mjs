// The structure of an HCL file: which names are attributes (`name = ...`) and which are blocks
// (`name "label" { ... }`), with their lines. HashiCorp's parser (hcl2json) decides whether a
// file is valid and gives the values, but its JSON cannot tell `x { }` from `x = [{ }]` and
// has no line numbers; this scanner adds both. It assumes a file that hcl2json accepted, and
// a test checks on every file that both see the same names.

/**
 * @typedef {{kind: 'attribute', name: string, line: number, text: string}} Attribute
 * @typedef {{kind: 'block', type: string, labels: string[], line: number, endLine: number, body: Item[]}} Block
 * @typedef {Attribute | Block} Item
 */

/** Parses `source` into its top-level items; throws on what it does not understand. */
export function scanStructure(source) {
  const scanner = new Scanner(source);
  const items = scanner.body(true);
  return items;
}

/** `source` with every comment replaced by spaces (lines and columns kept). */
export function stripComments(source) {
  const scanner = new Scanner(source);
  scanner.body(true);
  const chars = source.split('');
  for (const [from, to] of scanner.comments) {
    for (let i = from; i < to; i++) {
      if (chars[i] !== '\n') chars[i] = ' ';
    }
  }
  return chars.join('');
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;

class Scanner {
  constructor(source) {
    this.src = source;
    this.pos = 0;
    this.comments = [];
    this.lineStarts = [0];
    for (let i = 0; i < source.length; i++) {
      if (source[i] === '\n') this.lineStarts.push(i + 1);
    }
  }

  /** The 1-based line of offset `pos`. */
  lineAt(pos) {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= pos) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  fail(message) {
    throw new Error(`${message} at line ${this.lineAt(this.pos)}`);
  }

  /** Skips blanks, newlines and comments between items. */
  skipTrivia() {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        this.pos++;
      } else if (c === '#' || (c === '/' && this.src[this.pos + 1] === '/')) {
        this.lineComment();
      } else if (c === '/' && this.src[this.pos + 1] === '*') {
        this.blockComment();
      } else {
        return;
      }
    }
  }

  lineComment() {
    const start = this.pos;
    while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
    this.comments.push([start, this.pos]);
  }

  blockComment() {
    const start = this.pos;
    const end = this.src.indexOf('*/', this.pos + 2);
    if (end < 0) this.fail('unterminated /* comment');
    this.pos = end + 2;
    this.comments.push([start, this.pos]);
  }

  skipSpaces() {
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
  }

  ident() {
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.src);
    if (!m) this.fail(`expected a name, found ${JSON.stringify(this.src.slice(this.pos, this.pos + 20))}`);
    this.pos += m[0].length;
    return m[0];
  }

  /** A body: items until `}` (consumed by the caller) or the end of the file. */
  body(topLevel) {
    const items = [];
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.src.length) {
        if (!topLevel) this.fail('unexpected end of file in a block');
        return items;
      }
      if (this.src[this.pos] === '}') {
        if (topLevel) this.fail('unexpected }');
        return items;
      }
      const start = this.pos;
      const line = this.lineAt(start);
      const name = this.ident();
      this.skipSpaces();
      const c = this.src[this.pos];
      if (c === '=' && this.src[this.pos + 1] !== '=') {
        this.pos++;
        const exprStart = this.pos;
        this.expression(true);
        items.push({ kind: 'attribute', name, line, text: this.src.slice(exprStart, this.pos).trim() });
      } else {
        const labels = [];
        for (;;) {
          this.skipSpaces();
          const d = this.src[this.pos];
          if (d === '{') break;
          if (d === '"') {
            const from = this.pos;
            this.string();
            labels.push(JSON.parse(this.src.slice(from, this.pos)));
          } else {
            labels.push(this.ident());
          }
        }
        this.pos++; // {
        const body = this.body(false);
        this.pos++; // }
        items.push({ kind: 'block', type: name, labels, line, endLine: this.lineAt(this.pos), body });
      }
    }
  }

  /**
   * Skips an expression. With `toEndOfLine`, it ends at a newline outside brackets; it always
   * ends before a `}` that closes something opened before it.
   */
  expression(toEndOfLine) {
    let depth = 0;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      const next = this.src[this.pos + 1];
      if (c === '\n' && depth === 0 && toEndOfLine) return;
      if (c === '"') {
        this.string();
      } else if (c === '<' && next === '<' && /^<<-?[A-Za-z_]/.test(this.src.slice(this.pos, this.pos + 4))) {
        this.heredoc();
      } else if (c === '#' || (c === '/' && next === '/')) {
        this.lineComment();
      } else if (c === '/' && next === '*') {
        this.blockComment();
      } else if (c === '(' || c === '[' || c === '{') {
        depth++;
        this.pos++;
      } else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) return;
        depth--;
        this.pos++;
      } else {
        this.pos++;
      }
    }
  }

  /** A quoted template string, with `${ }` and `%{ }` inside. */
  string() {
    this.pos++; // opening quote
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\') {
        this.pos += 2;
      } else if (c === '"') {
        this.pos++;
        return;
      } else if ((c === '$' || c === '%') && this.src[this.pos + 1] === '{') {
        if (this.src[this.pos - 1] === c && this.src[this.pos - 2] !== c) {
          this.pos += 2; // $${ or %%{: an escaped, literal sequence
          continue;
        }
        this.pos += 2;
        this.expression(false);
        if (this.src[this.pos] !== '}') this.fail('unterminated template interpolation');
        this.pos++;
      } else if (c === '\n') {
        this.fail('newline in a quoted string');
      } else {
        this.pos++;
      }
    }
    this.fail('unterminated string');
  }

  heredoc() {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(this.src.slice(this.pos));
    if (!m) this.fail('malformed heredoc');
    const marker = m[2];
    this.pos += m[0].length;
    for (;;) {
      const eol = this.src.indexOf('\n', this.pos);
      const lineEnd = eol < 0 ? this.src.length : eol;
      const text = this.src.slice(this.pos, lineEnd).trim();
      this.pos = lineEnd;
      if (text === marker) return;
      if (eol < 0) this.fail(`unterminated heredoc ${marker}`);
      this.pos++;
    }
  }
}

/** The blocks of `items` of the given type (and first label, if given). */
export function blocksOf(items, type, label) {
  return items.filter((i) => i.kind === 'block' && i.type === type && (label === undefined || i.labels[0] === label));
}

/** The attribute `name` of `items`, or undefined. */
export function attributeOf(items, name) {
  return items.find((i) => i.kind === 'attribute' && i.name === name);
}
