import { LineIndex } from '../../../src/diagnostics/source-position';
import { readSourceTree } from '../../../src/policy/source-tree';
import { decodeSourceTree, encodeSourceTree } from '../../../src/scenario/compact-source-tree';

const TEXT = [
  'name: "quoted"',
  'list:',
  '  - plain',
  '  - { a: 1, b: true, c: ~ }',
  '  -',
  'anchor: &x [1.50, 0x1f, .inf]',
  'alias: *x',
  'empty:',
  'big: 12345678901234567890',
  '',
].join('\n');

describe('compact source tree', () => {
  test('reads back the very tree readSourceTree gave: kinds, values, texts and every position', () => {
    const lines = new LineIndex(TEXT, 'm.iam.yaml');
    const { root } = readSourceTree(TEXT, { format: 'yaml', file: 'm.iam.yaml', locate: lines });
    const compact = encodeSourceTree(root!, lines, 'm.iam.yaml');
    expect(compact).toBeDefined();
    const back = decodeSourceTree(JSON.parse(JSON.stringify(compact)), new LineIndex(TEXT, 'm.iam.yaml'));
    expect(back).toEqual(root);
    // Positions are plain offsets in the compact form.
    expect(JSON.stringify(compact)).not.toContain('line');
  });

  test('a tree it cannot carry exactly is refused: -0, positions of another file or another text', () => {
    const minusZero = 'n: -0.0\n';
    const l0 = new LineIndex(minusZero, 'a');
    expect(encodeSourceTree(readSourceTree(minusZero, { format: 'yaml', file: 'a', locate: l0 }).root!, l0, 'a')).toBeUndefined();
    const lines = new LineIndex(TEXT, 'm.iam.yaml');
    const { root } = readSourceTree(TEXT, { format: 'yaml', file: 'm.iam.yaml', locate: lines });
    expect(encodeSourceTree(root!, lines, 'other.iam.yaml')).toBeUndefined();
    const shifted = new LineIndex(`\n${TEXT}`, 'm.iam.yaml');
    expect(encodeSourceTree(root!, shifted, 'm.iam.yaml')).toBeUndefined();
  });
});
