// Reading `terraform show -json` of a saved plan.

/**
 * Every planned managed resource, child modules included: {address, type, name, values}. (Data
 * sources read only at apply time are listed in planned_values too: they are left out.)
 */
export function plannedResources(plan) {
  const found = [];
  const walk = (module) => {
    for (const r of module?.resources ?? []) if (r.mode === 'managed') found.push(r);
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(plan.planned_values?.root_module);
  return found;
}

/** The resource change of `address`; throws naming the addresses there are if it is absent. */
export function changeOf(plan, address) {
  const change = (plan.resource_changes ?? []).find((c) => c.address === address);
  if (!change) throw new Error(`no planned change for ${address}; planned: ${(plan.resource_changes ?? []).map((c) => c.address).join(', ')}`);
  return change;
}

/** The planned value of `attribute` of `address`; throws if it is only known after apply. */
export function knownValue(plan, address, attribute) {
  const change = changeOf(plan, address);
  if (change.change.after_unknown?.[attribute] === true) throw new Error(`${address}.${attribute} is only known after apply`);
  return change.change.after?.[attribute];
}

/** A JSON document attribute (a policy, a definition), parsed; throws if unknown or not JSON. */
export function knownJson(plan, address, attribute) {
  const text = knownValue(plan, address, attribute);
  if (typeof text !== 'string') throw new Error(`${address}.${attribute} is not a string: ${JSON.stringify(text)}`);
  return JSON.parse(text);
}

/** A policy document's statements by Sid. */
export function statementsBySid(policy) {
  return Object.fromEntries([].concat(policy.Statement).map((s) => [s.Sid, s]));
}

/** Arrays whatever IAM's JSON says (a single value or a list). */
export function list(value) {
  return value === undefined ? [] : [].concat(value);
}

/**
 * Every string value in the plan's planned values, with its address: for scans such as "no
 * arn:aws: in the China partition".
 */
export function plannedStrings(plan) {
  const found = [];
  const walk = (value, at) => {
    if (typeof value === 'string') found.push({ at, value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
  };
  for (const r of plannedResources(plan)) walk(r.values, r.address);
  return found;
}
