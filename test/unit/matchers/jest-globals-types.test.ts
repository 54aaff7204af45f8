// The matchers type-check and run with `@jest/globals` as well as with the global `expect`
// (the typecheck step of `npm test` compiles this file).
import { expect as jestExpect, test } from '@jest/globals';
import '../../../matchers';

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'rekognition:DescribeProjects', Resource: '*' }] };

test('matchers from @jest/globals expect', () => {
  jestExpect(doc).toAllow('rekognition:DescribeProjects');
  jestExpect(doc).not.toAllow('rekognition:DeleteProject', '*', { principal: 'arn:aws:iam::111122223333:role/R' });
  jestExpect(doc).toImplicitlyDeny(['rekognition:DeleteProject', 'rekognition:CreateProject']);
});
