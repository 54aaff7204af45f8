import fc from 'fast-check';
import { StringEquals, StringLike, StringNotLike, type StringPolicyValue } from '../../../src/conditions/operators/string';
import { IpAddress } from '../../../src/conditions/operators/ip';
import ipaddr from 'ipaddr.js';
import { RequestContext } from '../../../src/request/request-context';

/**
 * String values with policy variables are compared piece by piece (string.ts), never
 * substituted; that must give what substituting the variables and matching the glob gives,
 * including which variable is reported missing (reference_policies_variables.md: a variable
 * without a value matches nothing, unless it has a default).
 */

const pieceArb = fc.oneof(
  fc.constantFrom('home/', '/', 'a', 'team-', '*', '?', '${*}', '${$}'),
  fc.constantFrom('${aws:username}', '${aws:PrincipalTag/team}', "${aws:PrincipalTag/x, 'dflt'}", '${s3:prefix}'),
);
const templateArb = fc.array(pieceArb, { maxLength: 5 }).map((p) => p.join(''));
const contextArb = fc.record(
  {
    'aws:username': fc.constantFrom('alice', 'bob', '*', 'a/b'),
    'aws:PrincipalTag/team': fc.oneof(fc.constantFrom('ml', 'x*', ''), fc.constant(['ml', 'ops'])),
    'aws:PrincipalTag/x': fc.constantFrom('dflt', 'other'),
  },
  { requiredKeys: [] },
);
const requestArb = fc.array(fc.constantFrom('home/', 'alice', 'bob', '/', 'ml', 'team-', 'a', 'dflt', '*', 'x'), { maxLength: 6 }).map((p) => p.join(''));

describe('string values with policy variables, compared piece by piece', () => {
  for (const op of [StringLike, StringNotLike, StringEquals]) {
    test(`${op.name}: the same answer as substituting and matching, the same missing variable`, () => {
      let compared = 0;
      fc.assert(
        fc.property(templateArb, contextArb, requestArb, (template, context, request) => {
          const parsed = op.parsePolicyValue(template, { variables: true });
          if (!parsed.ok) return;
          const value = parsed.value as StringPolicyValue;
          const ctx = RequestContext.from(context);
          const fast = op.matches(request, value, ctx);
          if (value.pieces) compared++;
          const reference: StringPolicyValue = { ...value, pieces: undefined };
          expect(fast).toEqual(op.matches(request, reference, ctx));
        }),
        { numRuns: 600 },
      );
      // Not vacuous: the piecewise form was taken.
      expect(compared).toBeGreaterThan(50);
    });
  }
});

describe('IPv4 request addresses read in one pass', () => {
  test('the same address (or refusal) as ipaddr.js for dotted quads and near misses', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(300).map(String), fc.constantFrom('00', '01', '', '1e1', ' 1', '0x1')), { minLength: 3, maxLength: 5 }), (parts) => {
        const text = parts.join('.');
        const read = IpAddress.parseRequestValue(text);
        const reference = ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text).toString() : undefined;
        if (reference === undefined && text.includes(':')) return;
        expect(read.ok ? (read.value as ipaddr.IPv4).toString() : undefined).toBe(reference);
      }),
      { numRuns: 1000 },
    );
  });
});
