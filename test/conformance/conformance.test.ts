import { evaluate } from '../../src/engine/evaluate';
import { conformancePolicySet, loadConformanceCases, policyTypesOf } from '../support/conformance';

// The conformance corpus: every case is a documented AWS rule (doc.page, doc.sentence) with the
// decision the rule gives. See test/conformance/README.md.
const cases = loadConformanceCases();

describe('conformance corpus (test/conformance/cases)', () => {
  test('holds at least 400 cases covering every policy type', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    const types = new Set(cases.flatMap(policyTypesOf));
    for (const t of ['identity', 'resource', 'trust', 'boundary', 'scp', 'rcp', 'session', 'endpoint']) expect(types).toContain(t);
  });

  test.each(cases.map((c) => [c.id, c.name, c] as const))('%s: %s', (_id, _name, c) => {
    const d = evaluate(conformancePolicySet(c), c.request);
    // Reading the reason builds the explanation, which checks the decision-only path against the explaining path.
    expect({ id: c.id, result: d.result, reason: d.reason }).toEqual({
      id: c.id,
      result: c.expect,
      reason: expect.objectContaining({ code: expect.any(String), layer: expect.any(String) }),
    });
  });
});
