import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkLiveCredentials } from '../../../src/live/live-credentials';
import globalSetup from '../../live/global-setup';
import { failure, tempDir } from './live-helpers';

const repo = path.join(__dirname, '../../..');
const NO_CREDENTIALS =
  'No AWS credentials found for the IAM cross-check: the AWS SDK tried environment keys, AWS_PROFILE or the default profile in ~/.aws (run `aws sso login --profile <name>` for an SSO profile), web identity, container credentials and the instance role, and none answered. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a container or instance role is available.';

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

/** An environment without AWS settings: empty shared files, no instance metadata (so nothing touches the network). */
function isolatedEnv(): { credentialsFile: string } {
  const dir = tempDir('jest-iam-aws-');
  const config = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  fs.writeFileSync(config, '');
  fs.writeFileSync(credentialsFile, '');
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_') || k === 'JEST_IAM_LIVE') delete process.env[k];
  process.env.AWS_CONFIG_FILE = config;
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return { credentialsFile };
}

describe('npm run test:live global setup: credentials resolve through the AWS SDK default chain before any test', () => {
  test('nothing in the chain: the one clear message of aws-errors, from the global setup itself', async () => {
    isolatedEnv();
    const e = await failure(globalSetup());
    expect(e.code).toBe('CredentialsProviderError');
    expect(e.message).toBe(NO_CREDENTIALS);
    expect(e.stack).toBe(`jest-iam live: ${NO_CREDENTIALS}`);
  });

  test('the default profile of the shared credentials file is found without AWS_PROFILE (the old config refused it)', async () => {
    const { credentialsFile } = isolatedEnv();
    fs.writeFileSync(credentialsFile, '[default]\naws_access_key_id = AKIDEXAMPLEDEFAULT\naws_secret_access_key = x\n');
    process.env.AWS_REGION = 'us-east-1';
    await expect(checkLiveCredentials(process.env)).resolves.toBeUndefined();
  });

  test('environment keys resolve; a missing region is named', async () => {
    isolatedEnv();
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'x';
    const e = await failure(checkLiveCredentials(process.env));
    expect(e.message).toMatch(/^No AWS region is configured for the IAM client: set AWS_REGION/);
    process.env.AWS_REGION = 'us-east-1';
    await expect(checkLiveCredentials(process.env)).resolves.toBeUndefined();
  });

  test('a credential provider that fails (as IMDS or container credentials do off AWS) gives the same message', async () => {
    isolatedEnv();
    const provider = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const e = await failure(checkLiveCredentials({ AWS_REGION: 'us-east-1' }, { credentials: provider }));
    expect(e.message).toBe(NO_CREDENTIALS);
  });
});

describe('jest.live.config.js: live tests run only when their environment asks for them', () => {
  /** Loads the config in a fresh Node with `env` (AWS_* and JEST_IAM_LIVE of this process removed). */
  function loadConfig(env: Record<string, string>): { status: number | null; stderr: string; config?: { globalSetup?: string; roots?: string[] } } {
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_') && k !== 'JEST_IAM_LIVE') base[k] = v;
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(require("./jest.live.config.js")))'], {
      cwd: repo,
      env: { ...base, ...env },
      encoding: 'utf8',
    });
    return { status: r.status, stderr: r.stderr, ...(r.status === 0 ? { config: JSON.parse(r.stdout) as { globalSetup?: string; roots?: string[] } } : {}) };
  }

  test('nothing set: exits 1 and says what to set, JEST_IAM_LIVE=1 included', () => {
    const r = loadConfig({});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('set JEST_IAM_LIVE=1 to use the default profile, container credentials or the instance role');
    expect(loadConfig({ JEST_IAM_LIVE: '0' }).status).toBe(1);
  });

  test('JEST_IAM_LIVE=1 opts in for the SDK chain (default profile, containers, IMDS); credentials then resolve in the global setup', () => {
    const r = loadConfig({ JEST_IAM_LIVE: '1' });
    expect(r.status).toBe(0);
    expect(r.config?.globalSetup).toBe('<rootDir>/test/live/global-setup.ts');
    expect(r.config?.roots).toEqual(['<rootDir>/test/live']);
  });

  test('AWS_PROFILE, a key pair or a web identity token file still opt in by themselves', () => {
    expect(loadConfig({ AWS_PROFILE: 'dev' }).status).toBe(0);
    expect(loadConfig({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' }).status).toBe(0);
    expect(loadConfig({ AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token' }).status).toBe(0);
    expect(loadConfig({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' }).status).toBe(1);
  });
});
