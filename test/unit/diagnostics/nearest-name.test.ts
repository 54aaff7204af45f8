import { editDistance, MAX_NAME_LENGTH, nearestName } from '../../../src/diagnostics/nearest-name';
import { actionsOf, defaultCatalog } from '../../../src/catalog/service-catalog';

// Access Analyzer policy checks (access-analyzer-reference-policy-checks.md), "Invalid action" and
// "Invalid service in action": "The action does not exist. Did you mean ...?"
describe('nearest real name for "did you mean" (access-analyzer-reference-policy-checks.md)', () => {
  const rekognitionActions = () => actionsOf('rekognition').map((a) => a.name);

  test('a missing letter: DetectCustomLabel -> DetectCustomLabels', () => {
    expect(nearestName('DetectCustomLabel', rekognitionActions())).toBe('DetectCustomLabels');
  });

  test('two swapped letters count as one edit: rekognitoin -> rekognition', () => {
    expect(editDistance('rekognitoin', 'rekognition')).toBe(1);
    expect(nearestName('rekognitoin', defaultCatalog().allServices())).toBe('rekognition');
  });

  test('case is ignored, and a same-letters candidate wins at once', () => {
    expect(nearestName('detectcustomlabels', rekognitionActions())).toBe('DetectCustomLabels');
    expect(nearestName('S3', ['s3', 's4'])).toBe('s3');
  });

  test('nothing close enough gives no suggestion', () => {
    expect(nearestName('Frobnicate', rekognitionActions())).toBeUndefined();
    expect(nearestName('xy', ['s3'])).toBeUndefined();
    expect(nearestName('', ['s3'])).toBeUndefined();
  });

  test('the budget grows with length: one edit for short names, more for long ones', () => {
    expect(nearestName('s4', ['s3'])).toBe('s3');
    expect(nearestName('kmx', ['kms'])).toBe('kms');
    expect(nearestName('DetectCstmLabels', rekognitionActions())).toBe('DetectCustomLabels');
    expect(nearestName('abc', ['xyz'], { maxDistance: 3 })).toBe('xyz');
  });

  test('the fewest edits win; a tie goes to the candidate closest in length', () => {
    expect(nearestName('DescribeProject', rekognitionActions())).toBe('DescribeProjects');
    expect(nearestName('abcd', ['abcdef', 'abce'], { maxDistance: 2 })).toBe('abce');
    expect(nearestName('abcd', ['abcdxy', 'abxy'], { maxDistance: 2 })).toBe('abxy');
    expect(nearestName('abcd', ['abxy', 'abcdxy'], { maxDistance: 2 })).toBe('abxy');
  });

  test('with wildcards, * absorbs any run: rekognition:Descibe* -> a Describe action', () => {
    expect(nearestName('Descibe*', rekognitionActions(), { wildcards: true })).toMatch(/^Describe/);
    expect(nearestName('Det?ctCustomLabel', rekognitionActions(), { wildcards: true })).toBe('DetectCustomLabels');
  });

  test('cost is bounded: an over-long name gets no suggestion', () => {
    expect(nearestName('a'.repeat(MAX_NAME_LENGTH + 1), ['a'])).toBeUndefined();
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
  });
});
