import '../../../matchers';
import { policySet } from '../../../src/engine/build-policy-set';
import { cli, ROOT } from './run-cli';
import * as path from 'node:path';

/**
 * What a user sees when a request is denied: the statements about the request's action first,
 * and the layer that still has to allow it with what to add. A KMS key's policy must allow every
 * use of the key (AWS KMS Developer Guide, key-policies.md: "no AWS principal has any
 * permissions to a KMS key unless the key policy allows it"); every SCP level from the root to
 * the account must allow (AWS Organizations User Guide, orgs_manage_policies_scps_evaluation.md).
 */
const identity = 'test/fixtures/cli/app-decrypt-identity.json';
const ouProd = 'test/fixtures/cli/ou-prod-no-kms.json';
const root = 'examples/organisation-guardrails/policies/FullAWSAccess.json';
const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const app = 'arn:aws:iam::444455556666:role/App';

/** The lines of the section headed `heading` in an explanation. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!/^\s+(-|\w+:|\|)/.test(l) || /^\s*(Missing|Allowed by|Closest)/.test(l)) break;
    out.push(l.trim());
  }
  return out;
}

const statements = (lines: string[]) => lines.filter((l) => l.startsWith('- ')).map((l) => /statement (\w+)/.exec(l)?.[1]);

describe('jest-iam explain: kms:Decrypt across accounts', () => {
  test('without a key policy: the key policy is named as the missing layer with the flag that gives it; the kms statements come first', () => {
    const r = cli('explain', '--action', 'kms:Decrypt', '--resource', key, '--principal', app, identity);
    expect(r.err).toBe('');
    expect(r.out).toContain('Decision: implicit Deny');
    expect(section(r.out, 'Missing:')).toEqual(['- the KMS key policy must allow the request: give it as `resource:` (--resource-policy on the command line)']);
    // The statement that matched is shown as allowing, with its file:line:col.
    expect(section(r.out, 'Allowed by (not enough on their own):')).toEqual([
      `- identity-based policy app-decrypt-identity.json, statement DecryptWithSharedKey (${identity}:7:5)`,
    ]);
    // kms:Encrypt concerns the request more than dynamodb:* and s3:ListBucket.
    expect(statements(section(r.out, 'Closest allow statements that did not apply:'))).toEqual(['EncryptWithSharedKey', 'OrdersTable', 'ListReports']);
  });

  test('with a key policy that does not name the caller: what to add to it', () => {
    const keyPolicy = path.join(ROOT, 'test/fixtures/cli/key-policy-own-account.json');
    const r = cli('explain', '--action', 'kms:Decrypt', '--resource', key, '--principal', app, '--resource-policy', keyPolicy, identity);
    expect(section(r.out, 'Missing:')).toEqual(['- the KMS key policy must allow the request: add an Allow for kms:Decrypt whose Principal names the caller']);
  });

  test('an SCP level without kms: both missing layers, the SCP level by its name and the key policy', () => {
    const r = cli('explain', '--action', 'kms:Decrypt', '--resource', key, '--principal', app, '--scp', `root=${root}`, '--scp', `ou-prod=${ouProd}`, identity);
    expect(section(r.out, 'Missing:')).toEqual([
      '- no allow in SCP at level ou-prod: an SCP of that level must allow kms:Decrypt (scps: level ou-prod)',
      '- the KMS key policy must allow the request: give it as `resource:` (--resource-policy on the command line)',
    ]);
    expect(statements(section(r.out, 'Allowed by (not enough on their own):'))).toEqual(['DecryptWithSharedKey', 'FullAWSAccess']);
  });
});

describe('a matcher failure says the same', () => {
  test('toAllow(kms:Decrypt) fails naming the key policy and the SCP level, kms statements first', () => {
    const set = policySet({
      identity: path.join(ROOT, identity),
      scps: [
        { name: 'root', policies: [path.join(ROOT, root)] },
        { name: 'ou-prod', policies: [path.join(ROOT, ouProd)] },
      ],
    });
    let message = '';
    try {
      expect(set).toAllow('kms:Decrypt', key, { principal: app });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('no allow in SCP at level ou-prod: an SCP of that level must allow kms:Decrypt');
    expect(message).toContain('the KMS key policy must allow the request: give it as `resource:`');
    expect(statements(section(message, 'Closest allow statements that did not apply:'))[0]).toBe('EncryptWithSharedKey');
  });
});

describe('matrix text: implicit denies of one service counted once per reason', () => {
  test('two reasons in one group: each reason once, with its count, most cells first', () => {
    const r = cli(
      'matrix',
      '--resource-policy',
      'examples/cross-account-s3/policies/training-data-bucket-policy.json',
      '--principal',
      'arn:aws:iam::444455556666:role/ModelTrainer',
      '--resource-account',
      '111122223333',
      '--context',
      'aws:SecureTransport=true',
      '--actions',
      's3:GetObject,s3:PutObject,s3:DeleteObject,s3:ListBucket',
      'examples/cross-account-s3/policies/model-trainer-identity.json',
    );
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => /^\s+implicit deny\s+\d+ other cells$/.test(l));
    expect(at).toBeGreaterThan(-1);
    const total = Number(/(\d+) other cells/.exec(lines[at])![1]);
    const groups = lines
      .slice(at + 1)
      .map((l) => /^\s+(\d+): (denied: .*)$/.exec(l))
      .filter((m) => m !== null);
    // Two reasons, each once: most cells have no allow at all; PutObject lacks the bucket policy's.
    expect(groups).toHaveLength(2);
    expect(new Set(groups.map((m) => m![2])).size).toBe(2);
    expect(groups[1]![2]).toMatch(/resource-based policy/);
    expect(groups.reduce((n, m) => n + Number(m![1]), 0)).toBe(total);
    expect(Number(groups[0]![1])).toBeGreaterThan(Number(groups[1]![1]));
    // The one cell the bucket policy must still allow is s3:PutObject: the identity policy allows it.
    expect(r.out).not.toMatch(/allow\s+s3:PutObject/);
  });

  test('a service with no implicit deny prints no empty count', () => {
    const r = cli(
      'matrix',
      '--boundary',
      'examples/organisation-guardrails/policies/developer-boundary.json',
      '--actions',
      'iam:CreateRole',
      'examples/organisation-guardrails/policies/developer-identity.json',
    );
    expect(r.out).toContain('explicit deny');
    expect(r.out).not.toContain('0 other cells');
  });
});
