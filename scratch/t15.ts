import { evaluate } from '../src/engine/evaluate';
const pol = (cond: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: cond }] });
for (const op of ['StringEquals', 'StringNotEquals', 'ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'Null']) {
  for (const ctx of [{}, { 'aws:TagKeys': ['a'] }]) {
    try {
      const d = evaluate(pol({ [op]: { 'aws:TagKeys': [] } }), { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: 'arn:aws:iam::111122223333:user/a', context: ctx });
      console.log(op, JSON.stringify(ctx), d.result);
    } catch (e) { console.log(op, 'ERR', (e as Error).message); }
  }
}
