import { BoundedMemo } from '../../../src/util/bounded-memo';

// docs/architecture.md: "caches are keyed by identity or content and bounded".
describe('BoundedMemo', () => {
  test('computes a key once and answers it from memory after', () => {
    const memo = new BoundedMemo<string, number>(10);
    let calls = 0;
    const length = (k: string) => (calls++, k.length);
    expect(memo.get('abc', length)).toBe(3);
    expect(memo.get('abc', length)).toBe(3);
    expect(calls).toBe(1);
  });
  test('remembers undefined as a value, not as a miss', () => {
    const memo = new BoundedMemo<string, number | undefined>(10);
    let calls = 0;
    memo.get('x', () => (calls++, undefined));
    expect(memo.get('x', () => (calls++, 1))).toBeUndefined();
    expect(calls).toBe(1);
  });
  test('holds at most `limit` entries: the one past it starts over', () => {
    const memo = new BoundedMemo<number, number>(3);
    for (const k of [1, 2, 3]) memo.get(k, (n) => n * 2);
    expect(memo.size).toBe(3);
    memo.get(4, (n) => n * 2);
    expect(memo.size).toBe(1);
    let recomputed = false;
    memo.get(1, (n) => ((recomputed = true), n * 2));
    expect(recomputed).toBe(true);
  });
  test('a computation that throws remembers nothing', () => {
    const memo = new BoundedMemo<string, number>(3);
    expect(() =>
      memo.get('bad', () => {
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(memo.size).toBe(0);
    expect(memo.get('bad', () => 1)).toBe(1);
  });
});
