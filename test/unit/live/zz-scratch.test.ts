import { IAMClient, SimulateCustomPolicyCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { startIamQueryServer } from '../../support/iam-query-server';
test('scratch', async () => {
  const server = await startIamQueryServer({ throttle: { count: 1, actions: ['GetUser'] } });
  const client = new IAMClient({ ...server.clientOptions, maxAttempts: 1 });
  const pol = JSON.stringify({Version:'2012-10-17',Statement:[{Sid:'A',Effect:'Allow',Action:'s3:GetObject',Resource:'arn:aws:s3:::b/*', Condition: {NumericLessThan: {'s3:max-keys': '10'}}}]},null,2);
  const out = await client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [pol], ActionNames: ['s3:GetObject', 's3:PutObject'], ResourceArns: ['arn:aws:s3:::b/k', 'arn:aws:s3:::c/k'], ContextEntries: [{ContextKeyName: 's3:max-keys', ContextKeyValues: ['5'], ContextKeyType: 'numeric'}], OrderedOrganizationPolicyInputList: [{ServiceControlPolicyInputList: [pol]}, {ServiceControlPolicyInputList: [pol]}], MaxItems: 1 }));
  console.log(JSON.stringify(out, null, 1));
  console.log([...server.requests[0].params.entries()].map(([k,v]) => k + '=' + v.slice(0,30)).join('\n'));
  try { await client.send(new GetUserCommand({UserName: 'x'})); } catch (e) { const x = e as any; console.log(x.name, x.message, x.Code, x.$fault, x.$metadata, Object.keys(x)); }
  try { await client.send(new GetUserCommand({UserName: 'x'})); } catch (e) { const x = e as any; console.log(x.name, x.message, x.Code, x.$fault, x.$metadata?.httpStatusCode); }
  await server.close();
});
