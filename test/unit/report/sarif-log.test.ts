import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sarifLog, type SarifFinding } from '../../../src/report/sarif-log';

interface Log {
  runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region?: object }; logicalLocations?: object[] }[] }[] }[];
}

const cwd = path.join(path.sep, 'work', 'repo');
const locations = (findings: SarifFinding[]) => (sarifLog(findings, { cwd }) as Log).runs[0].results.map((r) => r.locations[0]);

// SARIF 2.1.0 (OASIS), §3.4.3 (a relative URI reference needs a base to resolve against) and
// §3.33 (logicalLocation: a location by name, for findings without a place in a file).
describe('SARIF locations for code scanning (SARIF 2.1.0 §3.4.3, §3.33)', () => {
  test('a finding without a file position names the resource as a logical location', () => {
    const [tf, inner] = locations([
      {
        file: 'infra/plan.json',
        level: 'note',
        issue: { severity: 'warning', code: 'external-managed-policy', message: 'left out', path: ['aws_iam_role_policy_attachment.a', 'policy_arn'] },
      },
      {
        file: 'infra/plan.json',
        level: 'error',
        context: 'aws_iam_policy.reader',
        issue: { severity: 'error', code: 'bad-effect', message: 'Effect', path: ['Statement', 0, 'Effect'], pos: { line: 3, column: 5, offset: 40 } },
      },
    ]);
    expect(tf).toEqual({
      physicalLocation: { artifactLocation: { uri: 'infra/plan.json' } },
      logicalLocations: [{ name: 'aws_iam_role_policy_attachment.a', fullyQualifiedName: 'aws_iam_role_policy_attachment.a.policy_arn', kind: 'resource' }],
    });
    // A position inside a policy embedded as a string is no position in the file.
    expect(inner.logicalLocations).toEqual([
      { name: 'aws_iam_policy.reader', fullyQualifiedName: 'aws_iam_policy.reader/Statement[0].Effect', kind: 'resource' },
    ]);
    expect(inner.physicalLocation.region).toBeUndefined();
  });

  test('a finding with a file position has a region and no logical location', () => {
    const [loc] = locations([
      {
        file: path.join(cwd, 'templates', 'roles.yaml'),
        level: 'error',
        issue: { severity: 'error', code: 'bad-effect', message: 'Effect', pos: { file: 'templates/roles.yaml', line: 18, column: 25, offset: 400 } },
      },
    ]);
    expect(loc).toEqual({ physicalLocation: { artifactLocation: { uri: 'templates/roles.yaml' }, region: { startLine: 18, startColumn: 25 } } });
  });

  test('URIs are relative to the current directory; a file outside it is an absolute file: URI, never "../.."', () => {
    const outside = path.join(path.sep, 'elsewhere', 'policy.json');
    const uris = locations([
      { file: '../../elsewhere/policy.json', level: 'error', issue: { severity: 'error', code: 'x', message: 'm', path: [] } },
      { file: 'policies/role.json@HEAD', level: 'error', issue: { severity: 'error', code: 'x', message: 'm', path: [] } },
      { file: 'policies/my role.json', level: 'error', issue: { severity: 'error', code: 'x', message: 'm', path: [] } },
    ]).map((l) => l.physicalLocation.artifactLocation.uri);
    expect(uris).toEqual([pathToFileURL(outside).href, 'policies/role.json', 'policies/my%20role.json']);
    expect(uris.some((u) => u.includes('..'))).toBe(false);
  });
});
