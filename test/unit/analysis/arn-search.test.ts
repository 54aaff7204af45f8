import fc from 'fast-check';
import { checkRequest } from '../../../src/catalog';
import { RequestContext } from '../../../src/request/request-context';
import { compileArnPattern } from '../../../src/match/arn';
import { searchArn, shapeMatches, shapeOfPattern, shapeOfTemplate, type ArnShape } from '../../../src/analysis/arn-search';

const noVariables = { known: () => undefined, assume: (key: string) => `example-${key}` };
const shape = (p: string) => shapeOfPattern(p, true, noVariables) as ArnShape;
const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
const PROJECT = 'arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}';

// IAM User Guide, reference_policies_elements_resource.md: wildcards stay within the partition,
// service, region and account segments, and span anything in the resource part.
describe('ARN shapes match as the evaluator does (reference_policies_elements_resource.md)', () => {
  test('header wildcards stop at ":", resource-part wildcards do not', () => {
    expect(shapeMatches(shape('arn:aws:rekognition:*:*:project/*'), 'arn:aws:rekognition:us-east-1:111122223333:project/a:b/c')).toBe(true);
    // "*" in the region cannot take "a:b" to line the account up with 111122223333.
    expect(shapeMatches(shape('arn:aws:rekognition:*:111122223333:project/*'), 'arn:aws:rekognition:a:b:111122223333:project/x')).toBe(false);
    expect(
      compileArnPattern('arn:aws:rekognition:*:111122223333:project/*', true).match('arn:aws:rekognition:a:b:111122223333:project/x', new RequestContext()),
    ).toBe(false);
  });

  test('property: a shape matches exactly what compileArnPattern matches', () => {
    const seg = (chars: string) => fc.stringMatching(new RegExp(`^[${chars}]{0,5}$`));
    const pattern = fc.tuple(seg('ab*?'), seg('ab*?:/')).map(([region, rest]) => `arn:aws:s3:${region}::${rest}`);
    const arn = fc.tuple(seg('ab'), seg('ab:/')).map(([region, rest]) => `arn:aws:s3:${region}::${rest}`);
    fc.assert(
      fc.property(pattern, arn, (p, a) => {
        expect(shapeMatches(shape(p), a)).toBe(compileArnPattern(p, true).match(a, new RequestContext()) === true);
      }),
      { numRuns: 500 },
    );
  });

  test('reference_policies_variables.md: a variable becomes the request value, else an assumed one that is recorded', () => {
    const known = shapeOfPattern('arn:aws:s3:::home/${aws:username}/*', true, {
      known: (k) => (k === 'aws:username' ? 'bob' : undefined),
      assume: () => 'x',
    }) as ArnShape;
    expect(shapeMatches(known, 'arn:aws:s3:::home/bob/a')).toBe(true);
    expect(known.variables).toEqual({});
    const assumed = shape('arn:aws:s3:::home/${aws:username}/*');
    expect(assumed.variables).toEqual({ 'aws:username': 'example-aws:username' });
    // In policy language 2008-10-17 "${...}" is text.
    expect(shapeMatches(shapeOfPattern('arn:aws:s3:::a/${x}', false, noVariables) as ArnShape, 'arn:aws:s3:::a/${x}')).toBe(true);
  });
});

// Amazon Rekognition API Reference, API_CreateProjectVersion.md: a project ARN ends in
// "/[0-9]+", so its CreationTimestamp never holds "/".
describe('catalogue ARN formats as shapes', () => {
  test('the last placeholder may hold "/" (S3 object keys), a creation timestamp may not', () => {
    expect(shapeMatches(shapeOfTemplate(OBJECT), 'arn:aws:s3:::bucket/a/b/c')).toBe(true);
    expect(shapeMatches(shapeOfTemplate(PROJECT), 'arn:aws:rekognition:us-east-1:111122223333:project/P/1700000000000')).toBe(true);
    expect(shapeMatches(shapeOfTemplate(PROJECT), 'arn:aws:rekognition:us-east-1:111122223333:project/P/version/1700000000000')).toBe(false);
  });
});

describe('searchArn: a resource the Allow reaches and no Deny does, or a proof there is none (reference_policies_evaluation-logic.md)', () => {
  test('bucket/* minus bucket/e* and bucket/j*, as an S3 object: found', () => {
    const r = searchArn([shape('arn:aws:s3:::bucket/*'), shapeOfTemplate(OBJECT)], [shape('arn:aws:s3:::bucket/e*'), shape('arn:aws:s3:::bucket/j*')]);
    expect(r.kind).toBe('found');
    const arn = (r as { arn: string }).arn;
    expect(compileArnPattern('arn:aws:s3:::bucket/*', true).match(arn, new RequestContext())).toBe(true);
    expect(['arn:aws:s3:::bucket/e*', 'arn:aws:s3:::bucket/j*'].some((d) => compileArnPattern(d, true).match(arn, new RequestContext()) === true)).toBe(false);
    expect(checkRequest('s3:GetObject', arn)).toEqual([]);
  });

  test('bucket/a* minus bucket/*: proven empty', () => {
    expect(searchArn([shape('arn:aws:s3:::bucket/a*')], [shape('arn:aws:s3:::bucket/*')])).toEqual({ kind: 'none' });
  });

  test('a Deny on every one-character name still leaves longer ones', () => {
    const r = searchArn([shape('arn:aws:s3:::b/*'), shapeOfTemplate(OBJECT)], [shape('arn:aws:s3:::b/?')]);
    expect(r).toEqual({ kind: 'found', arn: 'arn:aws:s3:::b/xx' });
  });

  test('past the state limit it says so instead of guessing', () => {
    expect(searchArn([shape('arn:aws:s3:::*')], [shape('arn:aws:s3:::*a*')], { maxStates: 3 }).kind).toBe('gave-up');
  });

  test('property: when a short text exists, the search finds one; when it says none, there is none', () => {
    const glob = fc.stringMatching(/^[ab*?]{0,4}$/);
    fc.assert(
      fc.property(glob, fc.array(glob, { maxLength: 3 }), (allow, denies) => {
        const must = [shape(`arn:aws:s3:::${allow}`)];
        const mustNot = denies.map((d) => shape(`arn:aws:s3:::${d}`));
        const r = searchArn(must, mustNot);
        expect(r.kind).not.toBe('gave-up');
        // A text found fits the allow and no deny.
        const arn = r.kind === 'found' ? r.arn : undefined;
        expect(arn === undefined ? [true, false] : [shapeMatches(must[0], arn), mustNot.some((s) => shapeMatches(s, arn))]).toEqual([true, false]);
        if (arn !== undefined) return;
        // Brute force over every short name on the alphabet plus one other character.
        const names = [''];
        for (let len = 1; len <= 6; len++) for (const n of names.filter((x) => x.length === len - 1)) for (const c of 'abx') names.push(n + c);
        const hit = names.map((n) => `arn:aws:s3:::${n}`).find((a) => shapeMatches(must[0], a) && !mustNot.some((s) => shapeMatches(s, a)));
        expect(hit).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
