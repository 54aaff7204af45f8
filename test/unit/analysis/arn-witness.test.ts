import fc from 'fast-check';
import { compileArnTemplate } from '../../../src/catalog';
import { RequestContext } from '../../../src/request/request-context';
import { compileArnPattern } from '../../../src/match/arn';
import { arnWitness, fillPattern, sampleArn, UNUSUAL_STYLE } from '../../../src/analysis/arn-witness';

const PROJECT = 'arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/${CreationTimestamp}';
const VERSION = 'arn:${Partition}:rekognition:${Region}:${Account}:project/${ProjectName}/version/${VersionName}/${CreationTimestamp}';
const OBJECT = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';

const matches = (pattern: string, arn: string, variables: Record<string, string> = {}) =>
  compileArnPattern(pattern, true).match(arn, RequestContext.from(variables)) === true;

// IAM User Guide, reference_policies_elements_resource.md: a sample ARN must be one the Resource
// pattern matches (wildcards within a segment, the resource part after the fifth colon), and it
// must have the action's ARN format from the Service Authorization Reference.
describe('arnWitness: an ARN both the policy pattern (reference_policies_elements_resource.md) and the ARN format accept', () => {
  test('fills region and account wildcards with realistic values and keeps the literal project name', () => {
    const w = arnWitness('arn:aws:rekognition:*:*:project/MyProject/*', PROJECT);
    expect(w).toEqual({ arn: 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000', variables: {} });
  });

  test('a pattern for model versions yields a version ARN of that model', () => {
    const w = arnWitness('arn:aws:rekognition:*:*:project/MyProject/version/MyVersion/*', VERSION)!;
    expect(w.arn).toBe('arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000');
    expect(compileArnTemplate(VERSION).fit(w.arn)).toBe('exact');
  });

  test('a pattern of another service shares no ARN with the format: null', () => {
    expect(arnWitness('arn:aws:s3:::Tests3bucket/*', PROJECT)).toBeNull();
  });

  test('literal region and account segments are kept; a trailing "*" becomes the remaining placeholders', () => {
    const w = arnWitness('arn:aws:rekognition:eu-west-1:444455556666:project/*', PROJECT);
    expect(w?.arn).toBe('arn:aws:rekognition:eu-west-1:444455556666:project/example-project-name/1700000000000');
  });

  test('a text that is not an ARN pattern has no witness', () => {
    expect(arnWitness('arn:aws:rekognition:us-*', PROJECT)).toBeNull();
  });

  test('reference_policies_variables.md: a policy variable gets a value, returned for the request context', () => {
    const w = arnWitness('arn:aws:s3:::home/${aws:username}/*', OBJECT)!;
    expect(w.variables).toEqual({ 'aws:username': 'example-username' });
    expect(w.arn).toBe('arn:aws:s3:::home/example-username/example-object-name');
    expect(matches('arn:aws:s3:::home/${aws:username}/*', w.arn, w.variables)).toBe(true);
    expect(matches('arn:aws:s3:::home/${aws:username}/*', w.arn)).toBe(false);
  });

  test('the unusual style names resources no policy is likely to name', () => {
    expect(sampleArn(OBJECT, UNUSUAL_STYLE)).toBe('arn:aws:s3:::jest-iam-other-bucket-name/jest-iam-other-object-name');
    expect(sampleArn(PROJECT)).toBe('arn:aws:rekognition:us-east-1:111122223333:project/example-project-name/1700000000000');
  });

  test('fillPattern fills a pattern without a format, keeping empty region and account of S3 ARNs', () => {
    expect(fillPattern('arn:aws:s3:::*custom-labels*')?.arn).toBe('arn:aws:s3:::examplecustom-labelsexample');
    expect(fillPattern('arn:aws:rekognition:*:*:project/MyProject/*')?.arn).toBe('arn:aws:rekognition:us-east-1:111122223333:project/MyProject/example');
    expect(fillPattern('not-an-arn')).toBeNull();
  });

  test('property: whenever a witness is found, the pattern matches it and the format fits it', () => {
    const piece = fc.constantFrom('*', '?', 'MyProject', 'version', '/', 'a', 'b1', '-', '.');
    const resourcePart = fc.array(piece, { minLength: 1, maxLength: 6 }).map((xs) => xs.join(''));
    const region = fc.constantFrom('*', 'us-east-1', 'eu-*', '', '?s-east-1');
    const account = fc.constantFrom('*', '111122223333', '', '1111*');
    fc.assert(
      fc.property(region, account, resourcePart, fc.constantFrom(PROJECT, VERSION), (r, a, res, template) => {
        const pattern = `arn:aws:rekognition:${r}:${a}:project/${res}`;
        const w = arnWitness(pattern, template);
        if (!w) return true;
        return matches(pattern, w.arn) && compileArnTemplate(template).fit(w.arn) !== 'none';
      }),
      { numRuns: 400 },
    );
  });
});
