import fc from 'fast-check';
import { LineIndex } from '../../../src/diagnostics/source-position';
import { readJsonTreeWithParser } from '../../../src/policy/json-source-tree';
import { readStrictJson } from '../../../src/policy/strict-json-tree';

/**
 * The one-pass reader (strict-json-tree.ts) must give the tree jsonc-parser gives, positions
 * included, for every well-formed JSON text, and give up on every text jsonc-parser reports an
 * issue for (so the issue is still found and worded the same way).
 */

const careful = (text: string, file?: string) => readJsonTreeWithParser(text, new LineIndex(text, file), 64);

/** JSON values with strings that need escapes, unicode, numbers in every notation. */
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('a"b', 'back\\slash', 'tab\there', 'line\nfeed', '\u2028', '\u{1F600}', '${aws:username}', '\ud800'),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Whitespace JSON allows between tokens, line breaks included, so line/column counting is exercised. */
const layoutArb = fc.constantFrom<(v: unknown) => string>(
  (v) => JSON.stringify(v),
  (v) => JSON.stringify(v, null, 2),
  (v) => JSON.stringify(v, null, '\t'),
  (v) => `\r\n  ${JSON.stringify(v, null, 1).replace(/\n/g, '\r\n')} \n`,
);

describe('the one-pass JSON reader reads what jsonc-parser reads', () => {
  test('well-formed JSON: the same tree, every position and number text included', () => {
    fc.assert(
      fc.property(valueArb, layoutArb, fc.boolean(), (v, layout, withFile) => {
        const text = layout(v);
        const file = withFile ? 'p.json' : undefined;
        const slow = careful(text, file);
        expect(slow.issues).toEqual([]);
        expect(readStrictJson(text, file, 64)).toEqual(slow.root);
      }),
      { numRuns: 500 },
    );
  });

  test('numbers as written: exponent, fraction and negative zero keep their text', () => {
    const text = '{"a": [-0, 1E400, 0.5e-3, 12, -7.25]}';
    expect(readStrictJson(text, undefined, 64)).toEqual(careful(text).root);
  });

  test('text jsonc-parser finds an issue in: the one-pass reader gives up, so the issue is reported', () => {
    const bad = [
      '{"a": 1,}',
      '{"a": 1 "b": 2}',
      "{'a': 1}",
      '{"a": "x\ny"}',
      '{"a": 01}',
      '{"a": 1} x',
      '{"a": 1, "a": 2}',
      '// c\n{}',
      '[1,]',
      '{"a": "\\x"}',
      '{"a": tru}',
      '',
      '{"a": -}',
      '{"a": 1.}',
    ];
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
    for (const text of [...bad, deep]) {
      expect(careful(text).issues.length).toBeGreaterThan(0);
      expect(readStrictJson(text, undefined, 64)).toBeUndefined();
    }
  });

  test('any edit of a policy: either both readers accept it with the same tree, or the one-pass reader gives up', () => {
    const base = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:Get*'], Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': true } } }],
      },
      null,
      2,
    );
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(3), fc.constantFrom('', ',', '}', ']', '"', ' ', '\n', ':', '1', 'null', '\\'), (at, cut, insert) => {
        const text = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + cut));
        const slow = careful(text);
        const quick = readStrictJson(text, undefined, 64);
        // Text with issues: the one-pass reader gives up; without: the same tree as the parser.
        expect(quick).toEqual(slow.issues.length ? undefined : slow.root);
      }),
      { numRuns: 1000 },
    );
  });
});
