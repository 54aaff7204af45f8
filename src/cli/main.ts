#!/usr/bin/env node
/**
 * `jest-iam` command line: `validate` policy files, `explain` one request against policies.
 * Exit codes: 0 ok, 1 problems found (invalid policy, or `--expect` not met), 2 usage error.
 */
import { parseArgs } from 'node:util';
import { evaluate } from '../engine/evaluate';
import { checkPolicy } from '../policy/parse-policy';
import { toPolicy } from '../policy/policy-input';
import { formatIssue, PolicyValidationError } from '../policy/policy-issue';
import * as fs from 'node:fs';
import { explainDecision, traceLines } from '../report/explain-decision';
import type { PolicyType } from '../policy/policy-type';

const USAGE = `Usage:
  jest-iam validate [--type identity|resource|boundary|scp|rcp|session|trust] FILE...
      Checks policy files (JSON or YAML); prints every problem as file:line:col.
  jest-iam explain --action ACTION [--resource ARN] [--principal ARN] [--context KEY=VALUE]... POLICY...
      Decides one request against identity policies and explains the decision.
      --trace  also lists every statement with why it did or did not apply.
  jest-iam --help

Exit codes: 0 ok, 1 invalid policy or denied request under --expect, 2 usage error.`;

function validate(files: string[], type: PolicyType): number {
  let errors = 0;
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      console.error(`${file}: error: cannot read the file`);
      errors++;
      continue;
    }
    const format = /\.ya?ml$/i.test(file) ? 'yaml' : /\.json$/i.test(file) ? 'json' : 'auto';
    const { issues } = checkPolicy(text, { file, name: file, format, policyType: type });
    for (const i of issues) console.log(formatIssue(i));
    const n = issues.filter((i) => i.severity === 'error').length;
    errors += n;
    if (!issues.length) console.log(`${file}: ok`);
  }
  return errors ? 1 : 0;
}

function explain(policies: string[], values: Record<string, string | boolean | string[] | undefined>): number {
  const context: Record<string, string | string[]> = {};
  for (const kv of (values.context as string[] | undefined) ?? []) {
    const eq = kv.indexOf('=');
    if (eq < 1) throw new UsageError(`--context takes KEY=VALUE, got ${JSON.stringify(kv)}`);
    const key = kv.slice(0, eq);
    const value = kv.slice(eq + 1);
    const prev = context[key];
    context[key] = prev === undefined ? value : ([] as string[]).concat(prev, value);
  }
  const d = evaluate(
    policies.map((p) => toPolicy(p)),
    {
      action: String(values.action),
      ...(values.resource ? { resource: String(values.resource) } : {}),
      ...(values.principal ? { principal: String(values.principal) } : {}),
      context,
    },
  );
  console.log(explainDecision(d));
  if (values.trace) console.log(`\nStatements:\n${traceLines(d).map((l) => `  ${l}`).join('\n')}`);
  return 0;
}

class UsageError extends Error {}

export function main(argv: string[]): number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        type: { type: 'string' },
        action: { type: 'string' },
        resource: { type: 'string' },
        principal: { type: 'string' },
        context: { type: 'string', multiple: true },
        trace: { type: 'boolean' },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    if (command === 'validate') {
      if (!rest.length) throw new UsageError('validate needs at least one file');
      const type = (values.type ?? 'identity') as PolicyType;
      if (!['identity', 'resource', 'boundary', 'scp', 'rcp', 'session', 'trust'].includes(type)) throw new UsageError(`unknown --type ${type}`);
      return validate(rest, type);
    }
    if (command === 'explain') {
      if (!values.action) throw new UsageError('explain needs --action');
      if (!rest.length) throw new UsageError('explain needs at least one policy file');
      return explain(rest, values as Record<string, string | boolean | string[] | undefined>);
    }
    throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  } catch (e) {
    if (e instanceof PolicyValidationError) {
      console.error(e.message);
      return 1;
    }
    if (e instanceof UsageError || (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`jest-iam: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
