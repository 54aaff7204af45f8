import { defaultCatalog } from '../../../src/catalog';
import { policySet } from '../../../src/engine/build-policy-set';
import { evaluate } from '../../../src/engine/evaluate';
import { proveEquivalent, proveNeverAllows, proveNoNewAccess } from '../../../src/proof';
import { unlistedActionClasses } from '../../../src/proof/unknown-actions';

const listed = (action: string) => {
  const [service, name] = action.split(':');
  return defaultCatalog()
    .actionsOf(service)
    .some((a) => a.name.toLowerCase() === name.toLowerCase());
};
const allow = (action: string | string[], extra: object = {}) =>
  policySet({ identity: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*', ...extra }] } });

describe('actions the service reference does not list, as classes', () => {
  test('one unlisted action per cut of the patterns, per service prefix, never a listed one', () => {
    const classes = unlistedActionClasses(['s3:Delete*'], ['s3:Delete*', 's3:DeleteObject*', 's3:*'], defaultCatalog());
    expect(classes.length).toBeGreaterThanOrEqual(2);
    for (const a of classes) {
      expect(a).toMatch(/^s3:delete/);
      expect(listed(a)).toBe(false);
    }
    // One inside s3:DeleteObject* and one outside it.
    expect(classes.some((a) => a.startsWith('s3:deleteobject'))).toBe(true);
    expect(classes.some((a) => !a.startsWith('s3:deleteobject'))).toBe(true);
  });

  test('"*" reaches services the reference does not list: one class for them', () => {
    const classes = unlistedActionClasses(['*'], ['*'], defaultCatalog());
    const prefixes = new Set(classes.map((a) => a.slice(0, a.indexOf(':'))));
    expect(classes.some((a) => !defaultCatalog().serviceExists(a.slice(0, a.indexOf(':'))))).toBe(true);
    expect(prefixes.has('s3')).toBe(true);
  });

  test('s3:* allows a future S3 action: a never-allow on s3:Delete* over a policy granting s3:* minus the listed deletes is a counterexample', () => {
    const deletes = defaultCatalog()
      .actionsOf('s3')
      .filter((a) => a.name.startsWith('Delete'))
      .map((a) => `s3:${a.name}`);
    const set = policySet({
      identity: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', Action: deletes, Resource: '*' },
        ],
      },
    });
    const r = proveNeverAllows(set, 's3:Delete*');
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    const w = r.witnesses[0].request;
    expect(listed(w.action)).toBe(false);
    expect(evaluate(set, w).result).toBe('Allow');
    // Denying the pattern instead covers future actions too: PROVED.
    const safe = policySet({
      identity: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
        ],
      },
    });
    expect(proveNeverAllows(safe, 's3:Delete*').verdict).toBe('PROVED');
  });

  test('NotAction grants unlisted actions: replacing it by the list of listed actions is not equivalent', () => {
    const notAction = policySet({ identity: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'sqs:*', Resource: '*' }] } });
    const sqsOnly = allow('sqs:*');
    const r = proveNoNewAccess(notAction, sqsOnly, { actions: 'kms:*' });
    expect(r.verdict).toBe('COUNTEREXAMPLE');
    // A listed KMS action is found first or an unlisted one; either is allowed by NotAction and not by sqs:*.
    expect(evaluate(notAction, r.witnesses[0].request).result).toBe('Allow');
    const listedKms = defaultCatalog()
      .actionsOf('kms')
      .map((a) => `kms:${a.name}`);
    const r2 = proveEquivalent(allow('kms:*'), allow(listedKms), { actions: 'kms:*' });
    expect(r2.verdict).toBe('COUNTEREXAMPLE');
    expect(listed(r2.witnesses[0].request.action)).toBe(false);
  });
});

test('an action the reference does not list, named literally by the new version, is new access', () => {
  const before = allow('s3:GetObject');
  const after = allow(['s3:GetObject', 's3:GetObjectHologram']);
  const r = proveNoNewAccess(after, before);
  expect(r.verdict).toBe('COUNTEREXAMPLE');
  expect(r.witnesses[0].request.action).toBe('s3:GetObjectHologram');
  expect(evaluate(after, r.witnesses[0].request).result).toBe('Allow');
  expect(proveNoNewAccess(before, after).verdict).toBe('PROVED');
});
