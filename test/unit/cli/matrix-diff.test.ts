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
    expect(r.out).toMatch(/explicit deny {10}rekognition:CreateProject on arn:aws:rekognition:us-east-1:111122223333:project\/SampleProject\/example\n {27}by examples\/rekognition-custom-labels\/policies\/project-model-manager\.json:31:5, statement ExplicitDenyCreateProject/);
    expect(r.out).toMatch(/implicit deny {10}\d+ other cells/);
  });

  test('several plain files are one principal; --boundary limits it (reference_policies_boundaries.md)', () => {
    const both = cli('matrix', '--format', 'json', '--actions', 's3:GetObject', `${policies}/s3-images-read.json`, `${policies}/AmazonRekognitionCustomLabelsFullAccess.json`);
    const cells = JSON.parse(both.out).cells as { principal: string; resource: string; outcome: string }[];
    expect(new Set(cells.map((c) => c.principal))).toEqual(new Set(['s3-images-read.json + AmazonRekognitionCustomLabelsFullAccess.json']));
    expect(cells.find((c) => c.resource.startsWith('arn:aws:s3:::Tests3bucket/'))?.outcome).toBe('allow');
    const bounded = cli('matrix', '--format', 'json', '--actions', 's3:GetObject', '--boundary', `${policies}/AmazonRekognitionCustomLabelsFullAccess.json`, `${policies}/s3-images-read.json`);
    const tests3 = (JSON.parse(bounded.out).cells as { resource: string; outcome: string }[]).filter((c) => c.resource.startsWith('arn:aws:s3:::Tests3bucket/example'));
    expect(tests3.map((c) => c.outcome)).toEqual(['implicit-deny']);
  });

  test('CloudFormation: one principal per role and function, the boundary from the template applied', () => {
    const r = cli('matrix', '--format', 'json', '--actions', 'rekognition:DescribeProjects,rekognition:DetectCustomLabels,s3:GetObject', 'test/fixtures/cfn/rekognition-roles.yaml');
    const out = JSON.parse(r.out) as { principals: string[]; cells: { principal: string; action: string; resource: string; outcome: string; statements: { sid?: string; line?: number }[] }[] };
    expect(out.principals).toEqual(['InferenceFunctionRole', 'ModelManagerRole']);
    const read = out.cells.find((c) => c.principal === 'ModelManagerRole' && c.action === 's3:GetObject' && c.outcome === 'allow');
    expect(read?.resource).toBe('arn:{AWS.Partition}:s3:::{ImagesBucket}/example-object-name');
    expect(read?.statements).toEqual([expect.objectContaining({ sid: 'ReadTrainingImages', line: 57 })]);
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
    expect(md.out).toMatch(/^### IAM access diff\n\n2 now allowed, 2 no longer allowed, 0 allowed-under-condition changes/);
    expect(md.out).toContain('DeleteOwnModels');
    const json = JSON.parse(cli('diff', '--format', 'json', before, after).out);
    expect(json.gained.length).toBeGreaterThan(0);
    expect(json.lost.map((c: { action: string }) => c.action)).toEqual(['rekognition:DescribeProjectVersions', 'rekognition:DescribeProjectVersions']);
  });

  test('git:<rev>:<path> reads the old version with git show', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-iam-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=jest-iam', '-c', 'user.email=jest-iam@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });
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
      const code = run(['diff', '--fail-on-new-access', 'git:HEAD:policies/manager.json', 'policies/manager.json'], { out: (t) => out.push(t), err: (t) => err.push(t), cwd: repo });
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
    const r = cli('diff', '--actions', 'rekognition:DetectCustomLabels', 'test/fixtures/terraform/rekognition-plan.json', 'test/fixtures/terraform/rekognition-plan.json');
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
    const args = ['explain', '--action', 'rekognition:CreateProject', '--resource', 'arn:aws:rekognition:us-east-1:111122223333:project/SampleProject/1', `${policies}/project-model-manager.json`];
    const r = cli(...args);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: explicit Deny');
    expect(cli(...args, '--expect', 'explicit-deny').code).toBe(0);
    expect(cli(...args, '--expect', 'allow').code).toBe(1);
    expect(cli(...args, '--expect', 'maybe').code).toBe(2);
  });
});
