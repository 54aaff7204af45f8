import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { policySet } from '../../../src/engine/build-policy-set';
import { toPolicy } from '../../../src/policy/policy-input';

/**
 * Bad (and big) inputs too large, or too machine-specific (symbolic links), to keep as files in
 * test/fixtures/bad: each is generated here from its name in `test/fixtures/bad/expected.json`
 * (policies: section `generated`; scenarios: entries of section `scenarios` with `generated`).
 */

const MB = 'a'.repeat(1 << 20);

/** Pretty JSON of a policy with the given statements (2-space indent, so positions are stable). */
function policyJson(statement: unknown): string {
  return `${JSON.stringify({ Version: '2012-10-17', Statement: statement }, null, 2)}\n`;
}

function statements(n: number): object[] {
  const out: object[] = [];
  for (let i = 0; i < n; i++)
    out.push({ Sid: `S${i}`, Effect: i % 10 === 9 ? 'Deny' : 'Allow', Action: [`s3:GetObject`, `s3:PutObject`], Resource: `arn:aws:s3:::bucket-${i}/*` });
  return out;
}

const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

/**
 * A one-statement policy whose compact JSON is exactly `size` characters (the size AWS counts
 * against its quotas, white space outside strings not counted), padded where `statement` puts `pad`.
 */
function policyOfCompactSize(
  size: number,
  statement: (pad: string) => Record<string, unknown> = (pad) => ({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::bucket/${pad}` }),
): string {
  const doc = (pad: string) => ({ Version: '2012-10-17', Statement: [statement(pad)] });
  const pad = 'p'.repeat(size - JSON.stringify(doc('')).length);
  if (JSON.stringify(doc(pad)).length !== size) throw new Error(`policyOfCompactSize(${size}) is off`);
  return `${JSON.stringify(doc(pad), null, 2)}\n`;
}

const allowRead = (pad: string) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket/${pad}` });

/** Generated inputs by name: the text and its format. */
export const GENERATED: Record<string, () => { text: string; format: 'json' | 'yaml' }> = {
  'statements-10000-json': () => ({ text: policyJson(statements(10_000)), format: 'json' }),
  'statements-10000-yaml': () => ({
    text: `Version: "2012-10-17"\nStatement:\n${statements(10_000)
      .map((s) => {
        const st = s as { Sid: string; Effect: string; Resource: string };
        return `  - Sid: ${st.Sid}\n    Effect: ${st.Effect}\n    Action: [s3:GetObject, s3:PutObject]\n    Resource: "${st.Resource}"`;
      })
      .join('\n')}\n`,
    format: 'yaml',
  }),
  'string-1mb-effect': () => ({ text: policyJson({ ...read, Effect: `Allow${MB}` }), format: 'json' }),
  'string-1mb-statement-key': () => ({ text: policyJson({ ...read, [`X${MB}`]: 1 }), format: 'json' }),
  'string-1mb-action': () => ({ text: policyJson({ ...read, Action: `s3:Get Object${MB}` }), format: 'json' }),
  'string-1mb-condition-value': () => ({ text: policyJson({ ...read, Condition: { NumericEquals: { 's3:max-keys': `1${MB}` } } }), format: 'json' }),
  'string-1mb-condition-operator': () => ({ text: policyJson({ ...read, Condition: { [`String${MB}`]: { 'aws:username': 'alice' } } }), format: 'json' }),
  'string-1mb-resource': () => ({ text: policyJson({ ...read, Resource: `arn:aws:s3:::bucket/${MB}` }), format: 'json' }),
  'string-1mb-yaml-value': () => ({
    text: `Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "${MB}"\n`,
    format: 'yaml',
  }),
  'nesting-json-arrays-100000': () => ({
    text: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"k":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}}`,
    format: 'json',
  }),
  'nesting-json-objects-100000': () => ({ text: `{"Version":"2012-10-17","Statement":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, format: 'json' }),
  'nesting-yaml-flow-100000': () => ({ text: `Version: "2012-10-17"\nStatement: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, format: 'yaml' }),
  'nesting-yaml-block-2000': () => ({
    text: `Version: "2012-10-17"\nStatement:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n')}x\n`,
    format: 'yaml',
  }),
  'quota-scp-5120': () => ({ text: policyOfCompactSize(5_120), format: 'json' }),
  'quota-scp-5121': () => ({ text: policyOfCompactSize(5_121), format: 'json' }),
  'quota-rcp-5121': () => ({
    text: policyOfCompactSize(5_121, (pad) => ({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket/${pad}` })),
    format: 'json',
  }),
  'quota-session-2048': () => ({ text: policyOfCompactSize(2_048, allowRead), format: 'json' }),
  'quota-session-2049': () => ({ text: policyOfCompactSize(2_049, allowRead), format: 'json' }),
  'quota-boundary-6145': () => ({ text: policyOfCompactSize(6_145, allowRead), format: 'json' }),
  'quota-identity-6145': () => ({ text: policyOfCompactSize(6_145, allowRead), format: 'json' }),
  'quota-identity-10241': () => ({ text: policyOfCompactSize(10_241, allowRead), format: 'json' }),
  'quota-trust-2049': () => ({
    text: policyOfCompactSize(2_049, (pad) => ({
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': pad } },
    })),
    format: 'json',
  }),
  'quota-yaml-whitespace-free': () => ({
    text: `Version: "2012-10-17"\nStatement:\n  - Effect: Deny\n    Action: s3:DeleteObject\n    Resource: "arn:aws:s3:::bucket/${'q'.repeat(5_100)}"\n`,
    format: 'yaml',
  }),
  'nesting-yaml-compact-100000': () => ({ text: `Version: "2012-10-17"\nStatement:\n  ${'- '.repeat(100_000)}x\n`, format: 'yaml' }),
};

/** A valid inline identity policy for generated scenarios (no file outside their folder needed). */
const INLINE_READ = '{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }';

/** A scenario with one principal whose one expectation reads `resource`, after `head` (name, vars...). */
function scenarioText(head: string[], policies: string, resource: string): string {
  return [
    ...head,
    'principals:',
    '  reader:',
    '    arn: arn:aws:iam::111122223333:user/reader',
    `    policies: ${policies}`,
    '    allow:',
    '      - action: s3:GetObject',
    `        resource: "${resource}"`,
    '',
  ].join('\n');
}

/**
 * `count` vars, each written as `"${next}${next}"`, over a last var holding `last`: the value of
 * the first doubles `count` times (2^40 characters for 40 vars; ~1.3 MB for 17 over 10 characters).
 */
function doublingVars(count: number, last: string): string[] {
  const lines = ['vars:'];
  for (let i = 0; i < count; i++) lines.push(`  v${i}: "\${v${i + 1}}\${v${i + 1}}"`);
  lines.push(`  v${count}: ${last}`);
  return lines;
}

/** `count` vars each naming the next: a chain deeper than any stack. */
function chainedVars(count: number): string[] {
  const lines = ['vars:'];
  for (let i = 0; i < count; i++) lines.push(`  v${i}: "\${v${i + 1}}"`);
  lines.push(`  v${count}: key`);
  return lines;
}

/**
 * A scenario folder `folder` under `root`, with `link` a symbolic link to `secret.yaml` next to
 * the folder (outside it): the path looks inside, the file is not.
 */
function withOutsideLink(root: string, folder: string, link: string, secret: string): void {
  fs.mkdirSync(path.join(root, folder));
  fs.writeFileSync(path.join(root, 'secret.yaml'), secret);
  fs.symlinkSync(path.join(root, 'secret.yaml'), path.join(root, folder, link));
}

/**
 * Generated scenario inputs by name: each writes its files under `root` (a fresh temporary
 * folder) and returns the scenario file's path relative to `root`.
 */
export const GENERATED_SCENARIOS: Record<string, (root: string) => string> = {
  'include-through-symlink': (root) => {
    withOutsideLink(root, 'symlink', 'link.yaml', 'vars:\n  stolen: "outside"\n');
    const text = scenarioText(
      ['name: include through a symbolic link', 'include:', '  - link.yaml'],
      `{ identity: [${INLINE_READ}] }`,
      'arn:aws:s3:::bucket/key',
    );
    fs.writeFileSync(path.join(root, 'symlink', 'scenario.iam.yaml'), text);
    return 'symlink/scenario.iam.yaml';
  },
  'policy-through-symlink': (root) => {
    withOutsideLink(root, 'policy-link', 'policy.json', 'root:x:0:0:root:/root:/bin/bash\n');
    fs.writeFileSync(
      path.join(root, 'policy-link', 'scenario.iam.yaml'),
      scenarioText(['name: policy through a symbolic link'], '{ identity: [policy.json] }', 'arn:aws:s3:::bucket/key'),
    );
    return 'policy-link/scenario.iam.yaml';
  },
  'vars-doubling-40': (root) => {
    fs.writeFileSync(
      path.join(root, 'doubling-40.iam.yaml'),
      scenarioText(['name: 40 doubling vars', ...doublingVars(40, 'x')], `{ identity: [${INLINE_READ}] }`, 'arn:aws:s3:::bucket/${v0}'),
    );
    return 'doubling-40.iam.yaml';
  },
  'vars-doubling-17': (root) => {
    fs.writeFileSync(
      path.join(root, 'doubling-17.iam.yaml'),
      scenarioText(['name: 17 doubling vars', ...doublingVars(17, 'abcdefghij')], `{ identity: [${INLINE_READ}] }`, 'arn:aws:s3:::bucket/${v0}'),
    );
    return 'doubling-17.iam.yaml';
  },
  'vars-chain-20000': (root) => {
    fs.writeFileSync(
      path.join(root, 'chain.iam.yaml'),
      scenarioText(['name: 20000 chained vars', ...chainedVars(20_000)], `{ identity: [${INLINE_READ}] }`, 'arn:aws:s3:::bucket/${v0}'),
    );
    return 'chain.iam.yaml';
  },
};

/** A statement-level policy document to spoil: a fresh copy each time. */
function doc(): { Version: unknown; Statement: Record<string, unknown>[] } {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] };
}

/** The first statement of a fresh document with `key` set to `value`, read by toPolicy. */
function withStatement(key: string, value: unknown): () => unknown {
  return () => {
    const d = doc();
    d.Statement[0][key] = value;
    return toPolicy(d as never);
  };
}

/** A statement whose `key` is a getter that throws, as a half-built or proxied object may have. */
function throwingGetter(key: string): () => unknown {
  return () => {
    const d = doc();
    Object.defineProperty(d.Statement[0], key, {
      enumerable: true,
      get: () => {
        throw new Error('getter exploded');
      },
    });
    return toPolicy(d as never);
  };
}

/**
 * Library-API inputs no JSON document can hold, by name (manifest test/fixtures/bad/hostile.json,
 * section `api`): each calls toPolicy or policySet and must throw a PolicyValidationError.
 */
export const API_CASES: Record<string, () => unknown> = {
  'symbol-effect': withStatement('Effect', Symbol('Allow')),
  'symbol-in-action-list': withStatement('Action', ['s3:GetObject', Symbol.iterator]),
  'bigint-version': () => toPolicy({ ...doc(), Version: 2012n } as never),
  'bigint-in-resource-list': withStatement('Resource', ['arn:aws:s3:::a', 10n]),
  'function-as-policy': () => toPolicy((() => ({})) as never),
  'function-as-condition-value': withStatement('Condition', { StringEquals: { 'aws:username': () => 'alice' } }),
  'getter-throwing-action': throwingGetter('Action'),
  'getter-throwing-effect': throwingGetter('Effect'),
  'getter-throwing-statement': () => {
    const d = doc();
    Object.defineProperty(d, 'Statement', {
      enumerable: true,
      get: () => {
        throw new TypeError('no statements today');
      },
    });
    return toPolicy(d as never);
  },
  'proxy-throwing-keys': () =>
    toPolicy(
      new Proxy(doc(), {
        ownKeys: () => {
          throw new Error('ownKeys exploded');
        },
      }) as never,
    ),
  'invalid-date-condition-value': withStatement('Condition', { DateLessThan: { 'aws:CurrentTime': new Date('yesterday') } }),
  'map-as-condition': withStatement('Condition', new Map([['StringEquals', { 'aws:username': 'alice' }]])),
  'class-instance-statement': () => {
    class Statement {
      Effect = 'Permit';
      Action = 's3:GetObject';
      Resource = '*';
    }
    return toPolicy({ Version: '2012-10-17', Statement: [new Statement()] } as never);
  },
  'sparse-action-list': withStatement('Action', [, 's3:GetObject']), // eslint-disable-line no-sparse-arrays
  'undefined-resource': withStatement('Resource', undefined),
  'nan-version': () => toPolicy({ ...doc(), Version: NaN } as never),
  'infinity-sid': withStatement('Sid', Infinity),
  'string-object-effect': withStatement('Effect', new String('Permit')),
  'circular-principal-in-resource-policy': () => {
    const p: Record<string, unknown> = { AWS: 'arn:aws:iam::111122223333:root' };
    p.Self = p;
    return policySet({
      resource: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: p, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] }],
    } as never);
  },
  'circular-deep-condition': () => {
    const inner: Record<string, unknown> = {};
    const d = doc();
    d.Statement[0].Condition = { StringEquals: { 'aws:username': ['a', { inner }] } };
    inner.back = d.Statement[0].Condition;
    return toPolicy(d as never);
  },
  'buffer-invalid-utf8': () =>
    toPolicy(
      Buffer.concat([
        Buffer.from('{"Version":"2012-10-17","Statement":{"Sid":"Caf'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}'),
      ]) as never,
    ),
  'buffer-in-policy-set': () =>
    policySet({ identity: [Buffer.from('{"Version":"2012-10-17","Statement":{"Effect":"Permit","Action":"s3:GetObject","Resource":"*"}}')] } as never),
  'uint8array-policy': () => toPolicy(new Uint8Array([123, 125]) as never),
  'policy-set-management-account-short': () => policySet({ identity: [doc()], managementAccount: '123' } as never),
  'scp-object-over-quota': () => toPolicy(JSON.parse(policyOfCompactSize(5_121)) as never, { policyType: 'scp' }),
  'session-object-over-quota': () => toPolicy(JSON.parse(policyOfCompactSize(2_049, allowRead)) as never, { policyType: 'session' }),
  'boundary-text-over-quota': () => toPolicy(policyOfCompactSize(6_145, allowRead), { policyType: 'boundary' }),
  'null-prototype-statement': () => {
    const st = Object.assign(Object.create(null) as Record<string, unknown>, { Effect: 'Permit', Action: 's3:GetObject', Resource: '*' });
    return toPolicy({ Version: '2012-10-17', Statement: [st] } as never);
  },
};

/** The JSON of a policy file, pretty-printed. */
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Folder set-ups for CLI cases (manifest hostile.json, `setup`), and scenario files too large to
 * write out (`scenario:<name>`, writing `s.iam.yaml`): each writes into `dir`.
 */
export const CLI_SETUPS: Record<string, (dir: string) => void> = {
  git: (dir) => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    fs.writeFileSync(path.join(dir, 'pol@v2.json'), json({ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] }));
    git('add', '.');
    git('commit', '-q', '-m', 'one');
  },
  link: (dir) => {
    fs.symlinkSync(path.join(dir, 'pol.json'), path.join(dir, 'link.json'));
  },
  'records-fifo': (dir) => {
    fs.mkdirSync(path.join(dir, 'recs'));
    execFileSync('mkfifo', [path.join(dir, 'recs', 'shard-1.jsonl')]);
  },
  'records-folder': (dir) => {
    fs.mkdirSync(path.join(dir, 'recs', 'shard-1.jsonl'), { recursive: true });
  },
  fifo: (dir) => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
  },
  big: (dir) => {
    // 2 MiB of valid statements: over the 1 MiB limit, far over any AWS quota.
    const st = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}';
    fs.writeFileSync(path.join(dir, 'big.json'), `{"Version":"2012-10-17","Statement":[${Array.from({ length: 36_000 }, () => st).join(',')}]}`);
  },
  'scenario:table-101x100': (dir) => {
    const columns = Array.from({ length: 100 }, (_, i) => `c${i}: "arn:aws:s3:::b/k${i}"`).join(', ');
    const cells = Array.from({ length: 100 }, (_, i) => `c${i}: deny`).join(', ');
    const rows = Array.from({ length: 101 }, (_, i) => `        s3:Action${i}: { ${cells} }`);
    fs.writeFileSync(
      path.join(dir, 's.iam.yaml'),
      [
        'name: too many cells',
        'principals:',
        '  p:',
        '    arn: arn:aws:iam::111122223333:user/p',
        `    policies: { identity: [${INLINE_READ}] }`,
        '    table:',
        `      columns: { ${columns} }`,
        '      rows:',
        ...rows,
        '',
      ].join('\n'),
    );
  },
  'scenario:fifo-policy': (dir) => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
    fs.writeFileSync(path.join(dir, 's.iam.yaml'), scenarioText(['name: a FIFO as policy'], '{ identity: [fifo.json] }', 'arn:aws:s3:::bucket/key'));
  },
  'scenario:big-policy': (dir) => {
    CLI_SETUPS.big(dir);
    fs.writeFileSync(path.join(dir, 's.iam.yaml'), scenarioText(['name: a 2 MB policy'], '{ identity: [big.json] }', 'arn:aws:s3:::bucket/key'));
  },
  'scenario:include-fifo': (dir) => {
    execFileSync('mkfifo', [path.join(dir, 'shared.yaml')]);
    fs.writeFileSync(
      path.join(dir, 's.iam.yaml'),
      scenarioText(['name: include a FIFO', 'include: [shared.yaml]'], `{ identity: [${INLINE_READ}] }`, 'arn:aws:s3:::bucket/key'),
    );
  },
  'scenario:file-5mb': (dir) => {
    // 5 MB of comments: over the 4 MiB limit on a scenario file before anything is parsed.
    fs.writeFileSync(
      path.join(dir, 's.iam.yaml'),
      `${'# padding padding padding padding padding padding padding padding\n'.repeat(80_000)}${scenarioText(['name: huge'], `{ identity: [${INLINE_READ}] }`, 'arn:aws:s3:::bucket/key')}`,
    );
  },
  'scenario:lists-1000x11': (dir) => {
    const resources = Array.from({ length: 11 }, (_, i) => `"arn:aws:s3:::b/k${i}"`).join(', ');
    const actions = Array.from({ length: 1000 }, (_, i) => `s3:A${i}`).join(', ');
    fs.writeFileSync(
      path.join(dir, 's.iam.yaml'),
      [
        'name: too many cells',
        'principals:',
        '  p:',
        '    arn: arn:aws:iam::111122223333:user/p',
        `    policies: { identity: [${INLINE_READ}] }`,
        '    implicitDeny:',
        `      - actions: [${actions}]`,
        `        resources: [${resources}]`,
        '',
      ].join('\n'),
    );
  },
};
