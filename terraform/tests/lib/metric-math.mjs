// A small evaluator of the CloudWatch metric math the module's alarms and policies use, on one
// datapoint per series: numbers, series ids, + - * /, the comparison operators (1 when true, 0
// when false) and IF(condition, true value, false value), CEIL and FILL(series, value)
// (CloudWatch User Guide, "Metric math syntax and functions"). A series without a datapoint is
// undefined; arithmetic or a comparison on it is undefined, as CloudWatch leaves such a
// timestamp out; FILL gives it its value. Enough to compute what an alarm or a target tracking
// policy sees from given datapoints, not a general implementation.

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|[-+*/(),<>]))/y;

function tokenize(expression) {
  const tokens = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match) throw new Error(`metric math: cannot read ${JSON.stringify(expression.slice(at))} in ${JSON.stringify(expression)}`);
    if (match[1] !== undefined) tokens.push({ number: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ name: match[2] });
    else tokens.push({ op: match[3] });
  }
  return tokens;
}

const COMPARE = { '==': (a, b) => a === b, '!=': (a, b) => a !== b, '<=': (a, b) => a <= b, '>=': (a, b) => a >= b, '<': (a, b) => a < b, '>': (a, b) => a > b };
const ARITHMETIC = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => (b === 0 ? undefined : a / b) };
const lift = (f) => (a, b) => (a === undefined || b === undefined ? undefined : f(a, b));

/** Parses `expression` into a function of the datapoints ({ id: number | undefined }). */
export function compile(expression) {
  const tokens = tokenize(expression);
  let i = 0;
  const peek = () => tokens[i];
  const expect = (op) => {
    if (tokens[i]?.op !== op) throw new Error(`metric math: expected ${op} at token ${i} of ${JSON.stringify(expression)}`);
    i += 1;
  };
  const binary = (next, ops) => () => {
    let left = next();
    while (peek()?.op && ops[peek().op]) {
      const f = lift(ops[tokens[i++].op]);
      const l = left;
      const r = next();
      left = (v) => f(l(v), r(v));
    }
    return left;
  };
  const primary = () => {
    const t = tokens[i++];
    if (!t) throw new Error(`metric math: ${JSON.stringify(expression)} ends too early`);
    if (t.number !== undefined) return () => t.number;
    if (t.op === '(') { const e = comparison(); expect(')'); return e; }
    if (t.op === '-') { const e = primary(); return (v) => (e(v) === undefined ? undefined : -e(v)); }
    if (t.name && peek()?.op === '(') {
      i += 1;
      const args = [comparison()];
      while (peek()?.op === ',') { i += 1; args.push(comparison()); }
      expect(')');
      const fn = t.name.toUpperCase();
      if (fn === 'IF' && args.length === 3) {
        return (v) => { const c = args[0](v); return c === undefined ? undefined : (c !== 0 ? args[1](v) : args[2](v)); };
      }
      if (fn === 'FILL' && args.length === 2) return (v) => args[0](v) ?? args[1](v);
      if (fn === 'CEIL' && args.length === 1) return (v) => (args[0](v) === undefined ? undefined : Math.ceil(args[0](v)));
      throw new Error(`metric math: ${t.name} with ${args.length} arguments is not evaluated here`);
    }
    if (t.name) return (v) => v[t.name];
    throw new Error(`metric math: unexpected ${JSON.stringify(t)} in ${JSON.stringify(expression)}`);
  };
  const product = binary(primary, { '*': ARITHMETIC['*'], '/': ARITHMETIC['/'] });
  const sum = binary(product, { '+': ARITHMETIC['+'], '-': ARITHMETIC['-'] });
  const comparison = binary(sum, Object.fromEntries(Object.entries(COMPARE).map(([op, f]) => [op, (a, b) => (f(a, b) ? 1 : 0)])));
  const root = comparison();
  if (i !== tokens.length) throw new Error(`metric math: unread tokens after ${i} in ${JSON.stringify(expression)}`);
  return root;
}

/** The value of `expression` for the datapoints `values` ({ id: number | undefined }). */
export function evaluate(expression, values) {
  return compile(expression)(values);
}

/** Whether a value breaches `threshold` under a CloudWatch ComparisonOperator. */
export function breaches(operator, value, threshold) {
  const compare = {
    GreaterThanThreshold: value > threshold,
    GreaterThanOrEqualToThreshold: value >= threshold,
    LessThanThreshold: value < threshold,
    LessThanOrEqualToThreshold: value <= threshold,
  }[operator];
  if (compare === undefined) throw new Error(`comparison operator ${operator} is not evaluated here`);
  return compare;
}

/**
 * The scaling adjustment a step policy makes for an alarm value (Amazon EC2 Auto Scaling,
 * "Step adjustments for step scaling": bounds relative to the alarm's threshold; above it, the
 * lower bound inclusive and the upper exclusive; a null bound is unbounded). Undefined if no step holds it.
 */
export function stepAdjustment(steps, value, threshold) {
  const difference = value - threshold;
  const bound = (b) => (b === null || b === undefined || b === '' ? undefined : Number(b));
  const step = steps.find((s) => {
    const lower = bound(s.metric_interval_lower_bound);
    const upper = bound(s.metric_interval_upper_bound);
    return (lower === undefined || difference >= lower) && (upper === undefined || difference < upper);
  });
  return step?.scaling_adjustment;
}
