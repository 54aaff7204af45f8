import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WARNINGS_AS_ERRORS_ENV } from '../../../src/catalog/validation-config';
import { cli } from './run-cli';

const rekognition = 'examples/rekognition-custom-labels/policies';
const manager = `${rekognition}/project-model-manager.json`;
const model = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000';
const project = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000';

const s3 = 'examples/cross-account-s3/policies';
const trainer = 'arn:aws:iam::444455556666:role/ModelTrainer';
const object = 'arn:aws:s3:::ml-training-data/images/cat.jpg';
const crossAccount = (action: string, secure: string, ...more: string[]) =>
  cli(
    'explain',
    '--action',
    action,
    '--resource',
    object,
    '--principal',
    trainer,
    '--resource-policy',
    `${s3}/training-data-bucket-policy.json`,
    '--context',
    `aws:SecureTransport=${secure}`,
    ...more,
    `${s3}/model-trainer-identity.json`,
  );

const guardrails = 'examples/organisation-guardrails/policies';
const account = '111122223333';
const developer = `arn:aws:iam::${account}:role/Developer`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-explain-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, policy: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, JSON.stringify(policy, null, 2));
  return f;
}

// IAM User Guide, reference_policies_evaluation-logic.md and
// reference_policies_evaluation-logic-cross-account.md: a decision weighs every policy type, so
// explain takes the whole policy set, as matrix does.
describe('jest-iam explain decides over the whole policy set (reference_policies_evaluation-logic.md)', () => {
  test('--resource-policy: a Deny in the bucket policy decides (explicit deny)', () => {
    const r = crossAccount('s3:GetObject', 'false', '--resource-account', '111122223333');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: explicit Deny');
    expect(r.out).toMatch(
      /Deciding: resource-based policy training-data-bucket-policy\.json, statement DenyInsecureTransport \(examples\/cross-account-s3\/policies\/training-data-bucket-policy\.json:\d+:\d+\)/,
    );
  });

  test('cross-account (reference_policies_evaluation-logic-cross-account.md): --resource-account makes the bucket policy necessary', () => {
    // The identity policy allows PutObject, the bucket policy in the other account does not.
    const across = crossAccount('s3:PutObject', 'true', '--resource-account', '111122223333', '--expect', 'implicit-deny');
    expect(across.code).toBe(0);
    expect(across.out).toContain('cross-account request (principal account 444455556666, resource account 111122223333)');
    // The same request within the role's own account: the identity policy alone allows it.
    const same = crossAccount('s3:PutObject', 'true', '--resource-account', '444455556666', '--expect', 'allow');
    expect(same.code).toBe(0);
    expect(same.out).toContain('statement ReadAndWriteTrainingData');
    // An S3 ARN names no account, so with a resource policy the owner must be given.
    const unknown = crossAccount('s3:PutObject', 'true');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('does not name its account');
    // Both sides allow GetObject.
    expect(crossAccount('s3:GetObject', 'true', '--resource-account', '111122223333', '--expect', 'allow').code).toBe(0);
  });

  test('--resource-account takes a 12-digit account id: exit 2', () => {
    const r = crossAccount('s3:GetObject', 'true', '--resource-account', '1111');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--resource-account takes a 12-digit AWS account id, got "1111"');
  });

  // AWS Organizations User Guide, orgs_manage_policies_scps_evaluation.md: every level from the
  // root to the account must allow.
  test('--scp LEVEL=FILE: every level must allow; the level names the deny', () => {
    const scps = [
      '--scp',
      `root=${guardrails}/FullAWSAccess.json`,
      '--scp',
      `ou-prod=${guardrails}/ou-prod-guardrails.json`,
      '--scp',
      `account ${account}=${guardrails}/account-ml-only.json`,
    ];
    const ec2 = `arn:aws:ec2:us-east-1:${account}:instance/i-0123456789abcdef0`;
    const region = ['--context', 'aws:RequestedRegion=us-east-1'];
    const r = cli(
      'explain',
      '--action',
      'ec2:StartInstances',
      '--resource',
      ec2,
      '--principal',
      developer,
      ...region,
      ...scps,
      `${guardrails}/developer-identity.json`,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(`denied: no allow in SCP at account ${account}`);
    // Two files at one level: either may allow.
    const widened = cli(
      'explain',
      '--action',
      'ec2:StartInstances',
      '--resource',
      ec2,
      '--principal',
      developer,
      ...region,
      ...scps,
      '--scp',
      `account ${account}=${guardrails}/FullAWSAccess.json`,
      `${guardrails}/developer-identity.json`,
    );
    expect(widened.out).toContain('Decision: Allow');
  });

  test('--scp with a region guardrail and --boundary together', () => {
    const base = [
      'explain',
      '--principal',
      developer,
      '--scp',
      `root=${guardrails}/FullAWSAccess.json`,
      '--scp',
      `ou-prod=${guardrails}/ou-prod-guardrails.json`,
      '--boundary',
      `${guardrails}/developer-boundary.json`,
      `${guardrails}/developer-identity.json`,
    ];
    const apac = cli(
      ...base,
      '--action',
      'rekognition:DetectCustomLabels',
      '--resource',
      model.replace('us-east-1', 'ap-southeast-2'),
      '--context',
      'aws:RequestedRegion=ap-southeast-2',
    );
    expect(apac.out).toContain('Decision: explicit Deny');
    expect(apac.out).toContain('statement DenyOutsideApprovedRegions');
    const iam = cli(
      ...base,
      '--action',
      'iam:CreateRole',
      '--resource',
      `arn:aws:iam::${account}:role/Escalated`,
      '--context',
      'aws:RequestedRegion=us-east-1',
    );
    expect(iam.out).toContain('statement DenyIam');
  });

  // AWS Organizations User Guide, orgs_manage_policies_rcps_evaluation.md: an RCP Deny at any
  // level denies access to the resources of the accounts below it.
  test('--rcp LEVEL=FILE: a deny in an RCP decides', () => {
    const rcp = file('rcp-secure-transport.json', {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'RCPFullAWSAccess', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Sid: 'DenyInsecureS3', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    const args = [
      'explain',
      '--action',
      's3:PutObject',
      '--resource',
      object,
      '--principal',
      trainer,
      '--rcp',
      `root=${rcp}`,
      `${s3}/model-trainer-identity.json`,
    ];
    const insecure = cli(...args, '--context', 'aws:SecureTransport=false');
    expect(insecure.code).toBe(0);
    expect(insecure.out).toContain('Decision: explicit Deny');
    expect(insecure.out).toContain('statement DenyInsecureS3');
    expect(cli(...args, '--context', 'aws:SecureTransport=true').out).toContain('Decision: Allow');
  });

  test('--session: a session policy limits the session (reference_policies_evaluation-logic.md, session policies)', () => {
    const session = file('session-read-only.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const args = [
      'explain',
      '--resource',
      object,
      '--principal',
      'arn:aws:sts::444455556666:assumed-role/ModelTrainer/job-1',
      '--session',
      session,
      `${s3}/model-trainer-identity.json`,
    ];
    expect(cli(...args, '--action', 's3:PutObject').out).toMatch(/Decision: implicit Deny \(denied: .*the session policy has no allow/);
    expect(cli(...args, '--action', 's3:GetObject').out).toContain('Decision: Allow');
  });

  test('a template: each role is explained under its name', () => {
    const r = cli(
      'explain',
      '--action',
      'rekognition:DetectCustomLabels',
      '--resource',
      'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/v1/1',
      'test/fixtures/cfn/rekognition-roles.yaml',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('== InferenceFunctionRole ==');
    expect(r.out).toContain('== ModelManagerRole ==');
  });

  test('--help of explain and matrix lists the policy-type options', () => {
    const explain = cli('explain', '--help').out;
    for (const flag of [
      '--resource-policy FILE',
      '--boundary FILE',
      '--scp [LEVEL=]FILE',
      '--rcp [LEVEL=]FILE',
      '--session FILE',
      '--resource-account ID',
      '--context KEY=VALUE',
    ])
      expect(explain).toContain(flag);
    expect(cli('matrix', '--help').out).toContain('--rcp [LEVEL=]FILE');
  });

  test('no policy at all is a usage error: exit 2', () => {
    const r = cli('explain', '--action', 's3:GetObject', '--resource', object);
    expect(r.code).toBe(2);
    expect(r.err).toContain('explain needs a policy');
  });

  test('a malformed --scp value is a usage error: exit 2', () => {
    const r = cli('explain', '--action', 's3:GetObject', '--resource', object, '--scp', `=${guardrails}/FullAWSAccess.json`, manager);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--scp takes FILE or LEVEL=FILE');
  });
});

// The same checks as the matchers (src/catalog/prepare-cells.ts): Access Analyzer policy checks
// ("Invalid action"), and the Service Authorization Reference's resource types per action.
describe('jest-iam explain checks the request against the service reference first (Service Authorization Reference)', () => {
  test('an unknown action: exit 1 with the nearest real action', () => {
    const r = cli('explain', '--action', 'rekognition:DetectCustomLabel', '--resource', model, manager);
    expect(r.code).toBe(1);
    expect(r.err).toContain('rekognition has no action "DetectCustomLabel"; did you mean rekognition:DetectCustomLabels?');
    expect(r.out).toBe('');
  });

  test('a specific ARN for an action without resource types ("you must specify all resources"): exit 1', () => {
    const r = cli(
      'explain',
      '--action',
      'rekognition:CreateProject',
      '--resource',
      'arn:aws:rekognition:us-east-1:111122223333:project/SampleProject/1',
      manager,
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('rekognition:CreateProject does not support resource-level permissions; use "*" as the resource');
  });

  test('an ARN of the wrong resource type: exit 1', () => {
    const r = cli('explain', '--action', 'rekognition:DetectCustomLabels', '--resource', project, manager);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${project} is a project`);
  });

  test('"*" for an action with a required resource type: a warning, the decision still printed', () => {
    const r = cli('explain', '--action', 'rekognition:DetectCustomLabels', manager);
    expect(r.code).toBe(0);
    expect(r.err).toContain('jest-iam explain: warning: rekognition:DetectCustomLabels always acts on a projectversion');
    expect(r.out).toContain('Decision: implicit Deny');
  });

  test('a misspelt global context key: a warning with the nearest global key', () => {
    const r = cli('explain', '--action', 'rekognition:DetectCustomLabels', '--resource', model, '--context', 'aws:SoruceIp=203.0.113.7', manager);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'warning: aws:SoruceIp is not a global condition key in the AWS service reference, so no AWS request carries it; did you mean aws:SourceIp?',
    );
  });

  test('JEST_IAM_WARNINGS_AS_ERRORS=1 turns the warnings into exit 1', () => {
    const saved = process.env[WARNINGS_AS_ERRORS_ENV];
    process.env[WARNINGS_AS_ERRORS_ENV] = '1';
    try {
      const r = cli('explain', '--action', 'rekognition:DetectCustomLabels', manager);
      expect(r.code).toBe(1);
      expect(r.err).toContain('error: rekognition:DetectCustomLabels always acts on a projectversion');
    } finally {
      if (saved === undefined) delete process.env[WARNINGS_AS_ERRORS_ENV];
      else process.env[WARNINGS_AS_ERRORS_ENV] = saved;
    }
  });

  test('an action pattern is expanded and each action explained', () => {
    const r = cli('explain', '--action', 'rekognition:St*ProjectVersion', '--resource', model, manager);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Request:  action rekognition:StartProjectVersion');
    expect(r.out).toContain('Request:  action rekognition:StopProjectVersion');
  });

  test("findings about the policies themselves are printed (Access Analyzer, 'Invalid action')", () => {
    const typo = file('typo.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] });
    const r = cli('explain', '--action', 's3:GetObject', '--resource', object, typo);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/typo\.json:\d+:\d+: warning: .*GetObjekt/);
  });
});
