import { evaluate } from '../../../src/engine/evaluate';
import { allow, deny, policyOf } from '../../support/policies';

const USER = 'arn:aws:iam::111122223333:user/David';
const MODEL = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1690000000001';

// IAM User Guide, reference_policies_evaluation-logic.md: explicit deny > allow > implicit deny.
describe('evaluation logic (reference_policies_evaluation-logic.md)', () => {
  test('a request nothing allows is implicitly denied', () => {
    const d = evaluate(policyOf([allow('s3:GetObject')]), { action: 'rekognition:DetectCustomLabels', resource: MODEL });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.deciding).toEqual([]);
  });
  test('an applicable Allow allows, and names the deciding statement with its position', () => {
    const p = policyOf([allow('rekognition:DescribeProjects', '*', { Sid: 'Describe' }), allow('rekognition:DetectCustomLabels', MODEL, { Sid: 'Detect' })]);
    const d = evaluate(p, { action: 'rekognition:DetectCustomLabels', resource: MODEL });
    expect(d.result).toBe('Allow');
    expect(d.deciding.map((t) => t.statement.sid)).toEqual(['Detect']);
    expect(d.deciding[0].statement.pos?.line).toBeGreaterThan(1);
    expect(d.reason).toMatchObject({ code: 'identity-allow', layer: 'identity', statement: { statement: { sid: 'Detect' } } });
  });
  test('an explicit Deny wins over any Allow, whatever the order', () => {
    for (const statements of [
      [allow('rekognition:*'), deny('rekognition:CreateProject')],
      [deny('rekognition:CreateProject'), allow('rekognition:*')],
    ]) {
      const d = evaluate(policyOf(statements), { action: 'rekognition:CreateProject', resource: '*' });
      expect(d.result).toBe('ExplicitDeny');
      expect(d.deciding).toHaveLength(1);
      expect(d.deciding[0].statement.effect).toBe('Deny');
    }
  });
  test('a Deny that does not match leaves the Allow in force', () => {
    const d = evaluate(policyOf([allow('rekognition:*'), deny('rekognition:CreateProject', 'arn:aws:rekognition:*:*:project/SampleProject/*')]), {
      action: 'rekognition:CreateProject',
      resource: 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1',
    });
    expect(d.result).toBe('Allow');
  });
  test('several identity policies: an allow in any of them suffices, a deny in any of them wins', () => {
    const a = policyOf([allow('s3:GetObject')], { name: 'a.json' });
    const b = policyOf([deny('s3:GetObject', 'arn:aws:s3:::secret/*')], { name: 'b.json' });
    expect(evaluate([a, b], { action: 's3:GetObject', resource: 'arn:aws:s3:::public/x' }).result).toBe('Allow');
    const d = evaluate([a, b], { action: 's3:GetObject', resource: 'arn:aws:s3:::secret/x' });
    expect(d.result).toBe('ExplicitDeny');
    expect(d.deciding[0].policy.name).toBe('b.json');
  });
});

// IAM User Guide, reference_policies_elements_action.md and reference_policies_elements_notaction.md.
describe('Action and NotAction (reference_policies_elements_action.md)', () => {
  test('service prefix and action name are case-insensitive', () => {
    expect(evaluate(policyOf([allow('Rekognition:detectcustomlabels')]), { action: 'rekognition:DetectCustomLabels' }).result).toBe('Allow');
    expect(evaluate(policyOf([allow('rekognition:DetectCustomLabels')]), { action: 'REKOGNITION:DETECTCUSTOMLABELS' }).result).toBe('Allow');
  });
  test('* and ? wildcards in actions', () => {
    const p = policyOf([allow(['rekognition:Describe*', 's3:GetObjec?'])]);
    expect(evaluate(p, { action: 'rekognition:DescribeProjectVersions' }).result).toBe('Allow');
    expect(evaluate(p, { action: 'rekognition:DetectLabels' }).result).toBe('ImplicitDeny');
    expect(evaluate(p, { action: 's3:GetObject' }).result).toBe('Allow');
    expect(evaluate(p, { action: 's3:GetObjectAcl' }).result).toBe('ImplicitDeny');
  });
  test('"*" matches every action of every service', () => {
    expect(evaluate(policyOf([allow('*')]), { action: 'kms:Decrypt' }).result).toBe('Allow');
  });
  test('NotAction with Allow allows everything except the listed actions', () => {
    const p = policyOf([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]);
    expect(evaluate(p, { action: 's3:GetObject' }).result).toBe('Allow');
    expect(evaluate(p, { action: 'iam:CreateUser' }).result).toBe('ImplicitDeny');
  });
  test('NotAction with Deny denies everything except the listed actions', () => {
    const p = policyOf([allow('*'), { Effect: 'Deny', NotAction: ['iam:Get*', 'iam:List*'], Resource: '*' }]);
    expect(evaluate(p, { action: 'iam:ListUsers' }).result).toBe('Allow');
    expect(evaluate(p, { action: 's3:PutObject' }).result).toBe('ExplicitDeny');
  });
});

// IAM User Guide, reference_policies_elements_resource.md and reference_policies_elements_notresource.md.
describe('Resource and NotResource (reference_policies_elements_resource.md)', () => {
  const project = (name: string) => `arn:aws:rekognition:us-east-1:111122223333:project/${name}/1690000000000`;
  test('the resource part is matched case-sensitively and by prefix only with a wildcard', () => {
    const p = policyOf([allow('rekognition:CreateProject', 'arn:aws:rekognition:*:*:project/MyProject/*')]);
    expect(evaluate(p, { action: 'rekognition:CreateProject', resource: project('MyProject') }).result).toBe('Allow');
    expect(evaluate(p, { action: 'rekognition:CreateProject', resource: project('myproject') }).result).toBe('ImplicitDeny');
    expect(evaluate(p, { action: 'rekognition:CreateProject', resource: project('MyProjectX') }).result).toBe('ImplicitDeny');
  });
  test('region and account segments take wildcards', () => {
    const p = policyOf([allow('rekognition:CreateProject', 'arn:aws:rekognition:us-*:111122223333:project/*')]);
    expect(evaluate(p, { action: 'rekognition:CreateProject', resource: project('A') }).result).toBe('Allow');
    expect(evaluate(p, { action: 'rekognition:CreateProject', resource: project('A').replace('us-east-1', 'eu-west-1') }).result).toBe('ImplicitDeny');
    expect(evaluate(p, { action: 'rekognition:CreateProject', resource: project('A').replace('111122223333', '444455556666') }).result).toBe('ImplicitDeny');
  });
  test('NotResource with Allow allows every resource except the listed ones', () => {
    const p = policyOf([{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }]);
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::public/x' }).result).toBe('Allow');
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::secret/x' }).result).toBe('ImplicitDeny');
  });
  test('a request without a resource is a request on "*": only "*"-style patterns match it', () => {
    const p = policyOf([allow('rekognition:DescribeProjects', '*'), allow('rekognition:CreateProject', 'arn:aws:rekognition:*:*:project/*')]);
    expect(evaluate(p, { action: 'rekognition:DescribeProjects' }).result).toBe('Allow');
    expect(evaluate(p, { action: 'rekognition:CreateProject' }).result).toBe('ImplicitDeny');
  });
});

// IAM User Guide, reference_policies_variables.md.
describe('policy variables (reference_policies_variables.md)', () => {
  const home = allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*');
  test('${aws:username} takes the friendly name of the IAM user making the request', () => {
    const p = policyOf([home]);
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/David/a', principal: USER }).result).toBe('Allow');
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/Maria/a', principal: USER }).result).toBe('ImplicitDeny');
  });
  test('a role session has no aws:username: the statement cannot match', () => {
    const d = evaluate(policyOf([home]), {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::home/David/a',
      principal: 'arn:aws:sts::111122223333:assumed-role/R/David',
    });
    expect(d.result).toBe('ImplicitDeny');
    expect(d.trace[0].reason).toMatchObject({
      code: 'check-failed',
      check: { element: 'Resource', code: 'not-matched', unresolvedVariable: '${aws:username}' },
    });
  });
  test('a context key given by the test overrides the derived one', () => {
    const d = evaluate(policyOf([home]), {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::home/Maria/a',
      principal: USER,
      context: { 'aws:username': 'Maria' },
    });
    expect(d.result).toBe('Allow');
  });
  test('without Version (2008-10-17) variables are literal text', () => {
    const p = policyOf([home], { version: null });
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/David/a', principal: USER }).result).toBe('ImplicitDeny');
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/${aws:username}/a', principal: USER }).result).toBe('Allow');
  });
});

// reference_policies_variables.md#principaltable: keys AWS derives from the principal.
describe('context keys derived from the principal (reference_policies_variables.md#principaltable)', () => {
  const cond = (op: string, key: string, value: string) => allow('s3:ListAllMyBuckets', '*', { Condition: { [op]: { [key]: value } } });
  const decide = (principal: string, key: string, value: string, op = 'StringEquals') =>
    evaluate(policyOf([cond(op, key, value)]), { action: 's3:ListAllMyBuckets', principal }).result;
  test('aws:PrincipalArn of a role session is the role ARN', () => {
    expect(decide('arn:aws:sts::111122223333:assumed-role/Admin/alice', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/Admin')).toBe('Allow');
  });
  test('aws:PrincipalAccount and aws:PrincipalType', () => {
    expect(decide(USER, 'aws:PrincipalAccount', '111122223333')).toBe('Allow');
    expect(decide(USER, 'aws:PrincipalType', 'User')).toBe('Allow');
    expect(decide('arn:aws:iam::111122223333:root', 'aws:PrincipalType', 'Account')).toBe('Allow');
  });
  test('condition key names are case-insensitive', () => {
    expect(decide(USER, 'AWS:PRINCIPALACCOUNT', '111122223333')).toBe('Allow');
  });
});

describe('explanations', () => {
  test('every statement says why it did or did not apply, naming the element and condition key', () => {
    const p = policyOf([
      allow('s3:GetObject', 'arn:aws:s3:::a/*', { Sid: 'WrongResource' }),
      allow('s3:PutObject', '*', { Sid: 'WrongAction' }),
      allow('s3:GetObject', '*', { Sid: 'WrongCondition', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } }),
    ]);
    const d = evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', context: { 'aws:PrincipalTag/team': 'dev' } });
    expect(d.result).toBe('ImplicitDeny');
    const bySid = new Map(d.trace.map((t) => [t.statement.sid, t]));
    const miss = (sid: string) => bySid.get(sid)!.checks.find((c) => !c.matched)?.element;
    expect(miss('WrongResource')).toBe('Resource');
    expect(miss('WrongAction')).toBe('Action');
    expect(miss('WrongCondition')).toBe('Condition');
    expect(bySid.get('WrongCondition')!.conditions[0].clause.key).toBe('aws:PrincipalTag/team');
    expect(bySid.get('WrongCondition')!.conditions[0].matched).toBe(false);
  });
  test('bad requests are reported, not evaluated', () => {
    expect(() => evaluate(policyOf([allow('*')]), { action: 'DetectCustomLabels' })).toThrow(/not of the form service:Action/);
    expect(() => evaluate(policyOf([allow('*')]), { action: 's3:GetObject', resource: 'bucket/key' })).toThrow(/not "\*" nor an ARN/);
    expect(() => evaluate(policyOf([allow('*')]), { action: 's3:GetObject', principal: 'david' })).toThrow(/principal "david"/);
  });
});
