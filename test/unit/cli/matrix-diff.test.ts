import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, ROOT } from './run-cli';

const policies = 'examples/rekognition-custom-labels/policies';
const before = 'test/fixtures/diff/project-model-manager.before.json';
const after = 'test/fixtures/diff/project-model-manager.after.json';
const model = 'arn:aws:rekognition:us-east-1:111122223333:project/MyProject/version/MyVersion/1700000000000';

// Every cell is decided by reference_policies_evaluation-logic.md; these tests check what the
// commands print about those decisions and their exit codes.
describe('jest-iam matrix (reference_policies_evaluation-logic.md)', () => {
  test('text: allows and explicit denies with the deciding statement, implicit denies counted', () => {
    const r = cli('matrix', '--actions', 'rekognition:*ProjectVersion*,rekognition:CreateProject', `${policies}/project-model-manager.json`);
    expect(r.code).toBe(0);
    expect(r.out).toContain('== project-model-manager.json ==');
    expect(r.out).toContain(`  allow                  rekognition:StartProjectVersion on ${model}`);
    expect(r.out).toMatch(/implicit deny {10}\d+ other cells/);
    // An explicit deny, from the ou-prod SCP's region guardrail (orgs_manage_policies_scps_evaluation.md).
    const g = 'examples/organisation-guardrails/policies';
    const apac = model.replace('us-east-1', 'ap-southeast-2');
    const denied = cli(
      'matrix',
      '--actions',
      'rekognition:DetectCustomLabels',
      '--resources',
      apac,
      '--context',
      'aws:RequestedRegion=ap-southeast-2',
      '--scp',
      `ou-prod=${g}/ou-prod-guardrails.json`,
      `${g}/developer-identity.json`,
    );
    expect(denied.out).toContain(
      `explicit deny          rekognition:DetectCustomLabels on ${apac}\n                           by ${g}/ou-prod-guardrails.json:10:5, statement DenyOutsideApprovedRegions (SCP at ou-prod)`,
    );
  });

  test('several plain files are one principal; --boundary limits it (reference_policies_boundaries.md)', () => {
    const both = cli(
      'matrix',
      '--format',
      'json',
      '--actions',
      's3:GetObject',
      `${policies}/s3-images-read.json`,
      `${policies}/AmazonRekognitionCustomLabelsFullAccess.json`,
    );
    const cells = JSON.parse(both.out).cells as { principal: string; resource: string; outcome: string }[];
    expect(new Set(cells.map((c) => c.principal))).toEqual(new Set(['s3-images-read.json + AmazonRekognitionCustomLabelsFullAccess.json']));
    expect(cells.find((c) => c.resource.startsWith('arn:aws:s3:::Tests3bucket/'))?.outcome).toBe('allow');
    const bounded = cli(
      'matrix',
      '--format',
      'json',
      '--actions',
      's3:GetObject',
      '--boundary',
      `${policies}/AmazonRekognitionCustomLabelsFullAccess.json`,
      `${policies}/s3-images-read.json`,
    );
    const tests3 = (JSON.parse(bounded.out).cells as { resource: string; outcome: string }[]).filter((c) =>
      c.resource.startsWith('arn:aws:s3:::Tests3bucket/example'),
    );
    expect(tests3.map((c) => c.outcome)).toEqual(['implicit-deny']);
  });

  test('CloudFormation: one principal per role and function, the boundary from the template applied', () => {
    const r = cli(
      'matrix',
      '--format',
      'json',
      '--actions',
      'rekognition:DescribeProjects,rekognition:DetectCustomLabels,s3:GetObject',
      'test/fixtures/cfn/rekognition-roles.yaml',
    );
    const out = JSON.parse(r.out) as {
      principals: string[];
      cells: { principal: string; action: string; resource: string; outcome: string; statements: { sid?: string; line?: number }[] }[];
    };
    expect(out.principals).toEqual(['InferenceFunctionRole', 'ModelManagerRole']);
    const read = out.cells.find((c) => c.principal === 'ModelManagerRole' && c.action === 's3:GetObject' && c.outcome === 'allow');
    expect(read?.resource).toBe('arn:{AWS.Partition}:s3:::{ImagesBucket}/example-object-name');
    // The grant, then the boundary statement that let it through (reference_policies_evaluation-logic.md).
    expect(read?.statements).toEqual([
      expect.objectContaining({ sid: 'ReadTrainingImages', line: 57 }),
      expect.objectContaining({ sid: 'RekognitionAndImagesOnly', role: 'boundary' }),
    ]);
  });

  test('markdown and html formats', () => {
    const md = cli('matrix', '--format', 'markdown', '--actions', 'rekognition:DetectCustomLabels', `${policies}/detect-custom-labels-only.json`);
    expect(md.out).toContain(`| allow | \`rekognition:DetectCustomLabels\` | \`${model}\` |`);
    const html = cli('matrix', '--format', 'html', '--actions', 'rekognition:DetectCustomLabels', `${policies}/detect-custom-labels-only.json`);
    expect(html.out).toMatch(/^<!doctype html>/);
    expect(html.out).toContain('<td class="cell allow"><a href="#cell-');
  });

  test('a policy naming only "*" needs a scope flag: exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-cli-'));
    const star = path.join(dir, 'star.json');
    fs.writeFileSync(star, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
    const r = cli('matrix', star);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.err).toContain('give --actions or --services');
  });

  // AWS Organizations User Guide, orgs_manage_policies_scps_evaluation.md (every level must allow)
  // and orgs_manage_policies_rcps_evaluation.md (a deny at any level denies).
  test('--scp LEVEL=FILE and --rcp LEVEL=FILE add organisation levels to the plain-file principal', () => {
    const g = 'examples/organisation-guardrails/policies';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-cli-'));
    const rcp = path.join(dir, 'rcp.json');
    fs.writeFileSync(
      rcp,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          // RCPs apply to the services that support them, S3 among them (orgs_manage_policies_rcps.md).
          { Sid: 'DenyObjectReads', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' },
        ],
      }),
    );
    const args = [
      'matrix',
      '--format',
      'json',
      '--actions',
      'rekognition:StartProjectVersion,ec2:StartInstances,s3:GetObject',
      '--resources',
      `${model},arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0,arn:aws:s3:::ml-training-data/images/cat.jpg`,
      '--context',
      'aws:RequestedRegion=us-east-1',
      `${g}/developer-identity.json`,
    ];
    const outcomes = (...more: string[]) => {
      const r = cli(...args, ...more);
      expect(r.err).toBe('');
      // Only the cells whose resource is of the action's service.
      const cells = (JSON.parse(r.out).cells as { action: string; resource: string; outcome: string }[]).filter(
        (c) => c.resource.split(':')[2] === c.action.split(':')[0],
      );
      return Object.fromEntries(cells.map((c) => [c.action, c.outcome]));
    };
    try {
      const scps = ['--scp', `root=${g}/FullAWSAccess.json`, '--scp', `account=${g}/account-ml-only.json`];
      // The account level allows ML services only: ec2 is denied there.
      expect(outcomes(...scps)).toEqual({ 'rekognition:StartProjectVersion': 'allow', 'ec2:StartInstances': 'implicit-deny', 's3:GetObject': 'allow' });
      // A second policy at the same level is an alternative: FullAWSAccess there lets ec2 through.
      expect(outcomes(...scps, '--scp', `account=${g}/FullAWSAccess.json`)).toEqual({
        'rekognition:StartProjectVersion': 'allow',
        'ec2:StartInstances': 'allow',
        's3:GetObject': 'allow',
      });
      expect(outcomes(...scps, '--rcp', `root=${rcp}`)).toEqual({
        'rekognition:StartProjectVersion': 'allow',
        'ec2:StartInstances': 'implicit-deny',
        's3:GetObject': 'explicit-deny',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an invalid policy stops the matrix: exit 1 with the problem', () => {
    const r = cli('matrix', 'test/fixtures/cfn/invalid-policy.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toContain('invalid-policy.yaml:18:25: error: Effect must be');
  });
});

describe('jest-iam diff (like Access Analyzer CheckNoNewAccess, decided by reference_policies_evaluation-logic.md)', () => {
  test('files: prints access gained with the granting statement and access lost', () => {
    const r = cli('diff', before, after);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`  + rekognition:DeleteProjectVersion on ${model}`);
    expect(r.out).toContain(`      granted by ${after}:30:5, statement DeleteOwnModels (identity-based policy)`);
    expect(r.out).toContain('  - rekognition:DescribeProjectVersions on arn:aws:rekognition:us-east-1:111122223333:project/MyProject/1700000000000');
  });

  test('--fail-on-new-access exits 1 on new access, 0 when access only shrinks', () => {
    expect(cli('diff', '--fail-on-new-access', before, after).code).toBe(1);
    expect(cli('diff', '--fail-on-new-access', after, after).code).toBe(0);
    const shrink = cli('diff', '--fail-on-new-access', '--actions', 'rekognition:DescribeProjectVersions', before, after);
    expect(shrink.code).toBe(0);
    expect(shrink.out).toContain('Now allowed: nothing');
  });

  test('markdown for $GITHUB_STEP_SUMMARY, and JSON', () => {
    const md = cli('diff', '--format', 'markdown', '--actions', 'rekognition:*', before, after);
    const json = JSON.parse(cli('diff', '--format', 'json', '--actions', 'rekognition:*', before, after).out) as {
      gained: { action: string }[];
      lost: { action: string }[];
    };
    // The counts depend on the sample resources; the markdown summary must agree with the JSON.
    expect(md.out).toMatch(
      new RegExp(`^### IAM access diff\\n\\n${json.gained.length} now allowed, ${json.lost.length} no longer allowed, 0 allowed-under-condition changes`),
    );
    expect(md.out).toContain('DeleteOwnModels');
    expect(new Set(json.gained.map((c) => c.action))).toEqual(new Set(['rekognition:DeleteProjectVersion']));
    expect(new Set(json.lost.map((c) => c.action))).toEqual(new Set(['rekognition:DescribeProjectVersions']));
  });

  test('git:<rev>:<path> reads the old version with git show', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=jest-iam', '-c', 'user.email=jest-iam@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: repo,
        stdio: 'pipe',
      });
    try {
      git('init', '-q');
      fs.mkdirSync(path.join(repo, 'policies'));
      fs.copyFileSync(path.join(ROOT, before), path.join(repo, 'policies', 'manager.json'));
      git('add', '.');
      git('commit', '-q', '-m', 'before');
      fs.copyFileSync(path.join(ROOT, after), path.join(repo, 'policies', 'manager.json'));
      const out: string[] = [];
      const err: string[] = [];
      const { run } = jest.requireActual('../../../src/cli/main') as typeof import('../../../src/cli/main');
      const code = run(['diff', '--fail-on-new-access', 'git:HEAD:policies/manager.json', 'policies/manager.json'], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        cwd: repo,
      });
      expect(code).toBe(1);
      expect(out.join('\n')).toContain('granted by policies/manager.json:30:5, statement DeleteOwnModels');
      expect(out.join('\n')).toContain('was granted by policies/manager.json@HEAD:21:5, statement SpecificProject');
      const bad = run(['diff', 'git:no-such-rev:policies/manager.json', 'policies/manager.json'], { out: () => undefined, err: (t) => err.push(t), cwd: repo });
      expect(bad).toBe(2);
      expect(err.join('\n')).toContain('git:no-such-rev:policies/manager.json: cannot read policies/manager.json at revision no-such-rev with git show');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  test('Terraform plans: principals matched by address', () => {
    const r = cli(
      'diff',
      '--actions',
      'rekognition:DetectCustomLabels',
      'test/fixtures/terraform/rekognition-plan.json',
      'test/fixtures/terraform/rekognition-plan.json',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('Now allowed: nothing');
  });

  test('diff takes exactly two inputs: exit 2', () => {
    const r = cli('diff', before);
    expect(r.code).toBe(2);
    expect(r.err).toContain('diff compares exactly two inputs, OLD and NEW; got 1');
  });
});

describe('help and explain', () => {
  test.each(['validate', 'matrix', 'diff', 'explain'])('jest-iam %s --help documents its exit codes', (command) => {
    const r = cli(command, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: jest-iam ${command}`);
    expect(r.out).toMatch(/Exit codes: 0 .*, 1 .*2 usage error/s);
  });

  test('no command prints the overview and exits 2; an unknown command too', () => {
    expect(cli().code).toBe(2);
    const r = cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"');
  });

  test('explain still decides one request; --expect turns a different decision into exit 1', () => {
    const args = ['explain', '--action', 'rekognition:DetectCustomLabels', '--resource', model, `${policies}/project-model-manager.json`];
    const r = cli(...args);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: Allow');
    expect(cli(...args, '--expect', 'allow').code).toBe(0);
    expect(cli(...args, '--expect', 'deny').code).toBe(1);
    expect(cli(...args, '--expect', 'maybe').code).toBe(2);
  });
});
