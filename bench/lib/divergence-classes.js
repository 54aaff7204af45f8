'use strict';
/**
 * Which documented divergence class (docs/divergences.md) explains a difference between
 * jest-iam and the peer, read from jest-iam's explaining-path decision for the request. A
 * difference no class explains is `undefined`: that is the figure issue 18 wants at 0.
 * Only the classes the bench's workloads show are recognised; each test is narrow, so a new
 * kind of difference is never counted as documented by accident.
 */

// A wildcard standing for the whole first part of the resource, with more parts after it:
// `arn:aws:quicksight:*:*:*` + `/*`, or `arn:aws:aws-marketplace:*:*:*` + `/SaaSProduct/*`.
function wildcardFirstResourcePart(pattern) {
  const parts = String(pattern).split(':');
  if (parts.length < 6) return false;
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  return slash > 0 && /^[*?]+$/.test(resource.slice(0, slash));
}

const allowingTraces = (decision) => (decision.deciding ?? []).filter((t) => t.statement?.effect === 'Allow');

/**
 * The class number for one difference, or undefined. `decision` is jest-iam's
 * `evaluateWithExplanation` result; `peer` the peer's result name (Allow, ImplicitDeny, ExplicitDeny).
 */
function divergenceClassOf(decision, peer) {
  const ours = decision.result;
  const req = decision.request;
  const reason = decision.reason ?? {};
  // 13: the service-enforced refusal of changes to a service-linked role.
  if (ours === 'ExplicitDeny' && peer === 'Allow' && reason.layer === 'aws-protected' && reason.code === 'service-linked-role') return 13;
  // 15: sts:AssumeRole* decided without the role's trust policy.
  if (ours === 'ImplicitDeny' && peer === 'Allow' && reason.code === 'resource-policy-required' && reason.required === 'trust-policy') return 15;
  if (ours !== 'Allow' || peer !== 'ImplicitDeny') return undefined;
  const traces = allowingTraces(decision);
  if (!traces.length) return undefined;
  // 14: the peer refuses changes to any role under role/aws-reserved/.
  if (/^iam:/i.test(req.action) && /:role\/aws-reserved\//.test(req.resource)) return 14;
  const resourceBy = (t) => t.checks?.find((c) => c.element === 'Resource')?.by?.value;
  // 8: every allowing statement matched through a wildcard in place of the first resource part.
  if (traces.every((t) => wildcardFirstResourcePart(resourceBy(t)))) return 8;
  // 16: every allowing statement needed a ForAnyValue:...IfExists clause on a missing key.
  const ifExistsOnMissing = (t) =>
    (t.conditions ?? []).some((o) => o.missingKey && o.reason?.rule === 'if-exists' && /^ForAnyValue:/i.test(o.clause?.operator ?? ''));
  if (traces.every(ifExistsOnMissing)) return 16;
  return undefined;
}

/** `class 8 x9, class 13 x5` for a Map of class -> count. */
function describeClassCounts(counts) {
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, n]) => `class ${k} x${n}`)
    .join(', ');
}

module.exports = { divergenceClassOf, describeClassCounts, wildcardFirstResourcePart };
