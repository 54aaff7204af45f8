import type { PolicyIssue } from '../../../src/diagnostics/policy-issue';
import { applyLevels, DEFAULT_VALIDATION_CONFIG, resolveValidationConfig, WARNINGS_AS_ERRORS_ENV } from '../../../src/catalog/validation-config';

const g = globalThis as Record<string, unknown>;

describe('validation levels: defaults, Jest globals, environment, overrides', () => {
  const savedEnv = process.env[WARNINGS_AS_ERRORS_ENV];
  afterEach(() => {
    delete g['jest-iam'];
    if (savedEnv === undefined) delete process.env[WARNINGS_AS_ERRORS_ENV];
    else process.env[WARNINGS_AS_ERRORS_ENV] = savedEnv;
  });
  beforeEach(() => {
    delete process.env[WARNINGS_AS_ERRORS_ENV];
  });

  test('defaults: request mistakes are errors, policy findings (and context keys an action never carries) are warnings', () => {
    expect(resolveValidationConfig()).toEqual({
      unknownService: 'error',
      unknownAction: 'error',
      resourceTypeMismatch: 'error',
      wildcardOnlyResource: 'error',
      resourceRequired: 'warning',
      contextKeyNotForAction: 'warning',
      unknownContextKey: 'warning',
      unknownServiceInPolicy: 'warning',
      unknownActionInPolicy: 'warning',
      unknownConditionKey: 'warning',
      conditionOperatorType: 'warning',
      warningsAsErrors: false,
    });
  });

  test("a Jest config's globals['jest-iam'].validation overrides the defaults", () => {
    g['jest-iam'] = { validation: { resourceTypeMismatch: 'warning', unknownConditionKey: 'off' } };
    const config = resolveValidationConfig();
    expect(config.resourceTypeMismatch).toBe('warning');
    expect(config.unknownConditionKey).toBe('off');
    expect(config.unknownAction).toBe('error');
  });

  test('JEST_IAM_WARNINGS_AS_ERRORS=1 overrides the globals; explicit overrides win over both', () => {
    g['jest-iam'] = { validation: { warningsAsErrors: false, unknownAction: 'warning' } };
    process.env[WARNINGS_AS_ERRORS_ENV] = '1';
    expect(resolveValidationConfig().warningsAsErrors).toBe(true);
    expect(resolveValidationConfig({ warningsAsErrors: false }).warningsAsErrors).toBe(false);
    expect(resolveValidationConfig({ unknownAction: 'off' }).unknownAction).toBe('off');
    process.env[WARNINGS_AS_ERRORS_ENV] = '0';
    expect(resolveValidationConfig().warningsAsErrors).toBe(false);
  });

  test('a misspelt setting or a bad value is an error naming where it came from', () => {
    g['jest-iam'] = { validation: { unknownActions: 'off' } };
    expect(() => resolveValidationConfig()).toThrow(
      "Jest globals['jest-iam'].validation.unknownActions is not a validation setting; did you mean unknownAction?",
    );
    g['jest-iam'] = { validation: { unknownAction: 'fatal' } };
    expect(() => resolveValidationConfig()).toThrow(`Jest globals['jest-iam'].validation.unknownAction must be 'error', 'warning' or 'off', not "fatal"`);
    delete g['jest-iam'];
    expect(() => resolveValidationConfig({ warningsAsErrors: 'yes' as unknown as boolean })).toThrow(
      'validation overrides.warningsAsErrors must be true or false, not "yes"',
    );
    process.env[WARNINGS_AS_ERRORS_ENV] = 'yes';
    expect(() => resolveValidationConfig()).toThrow('environment variable JEST_IAM_WARNINGS_AS_ERRORS must be 1 or 0 (or true/false), not "yes"');
  });

  test('a validation block that is not an object is an error', () => {
    g['jest-iam'] = { validation: ['off'] };
    expect(() => resolveValidationConfig()).toThrow("Jest globals['jest-iam'].validation must be an object of settings");
    g['jest-iam'] = 'strict';
    expect(() => resolveValidationConfig()).toThrow("Jest globals['jest-iam'] must be an object, not string");
  });
});

describe('applyLevels re-grades issues by code', () => {
  const issues: PolicyIssue[] = [
    { severity: 'error', code: 'resource-type-mismatch', message: 'm1' },
    { severity: 'warning', code: 'unknown-condition-key', message: 'm2', path: ['Statement', 0] },
    { severity: 'warning', code: 'missing-set-qualifier', message: 'm3' },
    { severity: 'warning', code: 'some-grammar-warning', message: 'm4' },
  ];

  test('defaults keep request errors as errors and policy findings as warnings', () => {
    expect(applyLevels(issues, DEFAULT_VALIDATION_CONFIG).map((i) => i.severity)).toEqual(['error', 'warning', 'warning', 'warning']);
  });

  test("'off' drops, 'warning' downgrades, 'error' upgrades; unlisted codes keep their severity", () => {
    const config = {
      ...DEFAULT_VALIDATION_CONFIG,
      resourceTypeMismatch: 'warning' as const,
      unknownConditionKey: 'off' as const,
      conditionOperatorType: 'error' as const,
    };
    expect(applyLevels(issues, config).map((i) => [i.code, i.severity])).toEqual([
      ['resource-type-mismatch', 'warning'],
      ['missing-set-qualifier', 'error'],
      ['some-grammar-warning', 'warning'],
    ]);
  });

  test('warningsAsErrors turns every remaining warning into an error', () => {
    const out = applyLevels(issues, { ...DEFAULT_VALIDATION_CONFIG, warningsAsErrors: true });
    expect(out.map((i) => i.severity)).toEqual(['error', 'error', 'error', 'error']);
    expect(out[1]).toEqual({ severity: 'error', code: 'unknown-condition-key', message: 'm2', path: ['Statement', 0] });
    expect(issues[1].severity).toBe('warning'); // the input is not changed
  });
});
