import { hasPlaceholder, templateGlob } from '../../../src/catalog/template-glob';

// The Service Authorization Reference writes condition keys with placeholders, e.g.
// `aws:RequestTag/${TagKey}` (reference_policies_condition-keys.md, aws:RequestTag/tag-key):
// the tag key is one or more characters of any kind.
describe('templateGlob: a service-reference template as a glob', () => {
  test('a placeholder stands for one or more characters, compared without regard to case', () => {
    const g = templateGlob('aws:RequestTag/${TagKey}');
    expect(['aws:requesttag/team', 'aws:RequestTag/cost/center:a b'].map((k) => g.test(k))).toEqual([true, true]);
    expect(g.test('aws:RequestTag/')).toBe(false);
  });
  test('`<name>` placeholders and the literal `/tag-key` spelling read the same way', () => {
    expect(templateGlob('ssm:resourceTag/tag-key').test('ssm:resourceTag/env')).toBe(true);
    expect(templateGlob('s3:ExistingObjectTag/<key>').test('s3:ExistingObjectTag/env')).toBe(true);
    expect([hasPlaceholder('ssm:resourceTag/tag-key'), hasPlaceholder('s3:prefix')]).toEqual([true, false]);
  });
  test('every other character is literal, `*` and `?` included', () => {
    expect(templateGlob('svc:a*b').test('svc:aXb')).toBe(false);
    expect(templateGlob('svc:a*b').test('svc:a*b')).toBe(true);
    expect(templateGlob('svc:a?').test('svc:ab')).toBe(false);
  });
});
