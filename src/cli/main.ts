#!/usr/bin/env node
/**
 * `jest-iam` command line: `validate`, `matrix`, `diff` and `explain` (see `help-text.ts`).
 * Exit codes: 0 ok, 1 findings (invalid policy, new access under --fail-on-new-access, a
 * decision other than --expect), 2 usage error or unreadable input.
 */
import { parseArgs } from 'node:util';
import { CatalogError } from '../catalog';
import { PolicyValidationError } from '../diagnostics/policy-issue';
import { InputError } from '../policy-sources/read-policy-source';
import { EXIT, processIo, UsageError, type CliIo } from './cli-io';
import { diffCommand } from './command-diff';
import { explainCommand } from './command-explain';
import { matrixCommand } from './command-matrix';
import { reportCommand } from './command-report';
import { validateCommand } from './command-validate';
import { nearestName } from '../diagnostics/nearest-name';
import { HELP } from './help-text';
import { checkOutputFlags } from './write-output';
import { POLICY_TYPE_OPTIONS } from './load-principals';
import { REQUEST_OPTIONS, SCOPE_OPTIONS } from './scope-options';
import { runLive } from '../live/live-run';

const COMMON = { help: { type: 'boolean', short: 'h' }, format: { type: 'string' }, output: { type: 'string', short: 'o' } } as const;

/** The options each command takes (parseArgs rejects any other). */
const OPTIONS = {
  validate: { ...COMMON, type: { type: 'string', multiple: true }, 'warnings-as-errors': { type: 'boolean' } },
  matrix: { ...COMMON, ...SCOPE_OPTIONS, ...POLICY_TYPE_OPTIONS },
  diff: {
    ...COMMON,
    ...SCOPE_OPTIONS,
    ...POLICY_TYPE_OPTIONS,
    type: { type: 'string' },
    'fail-on-new-access': { type: 'boolean' },
    prove: { type: 'boolean' },
  },
  explain: {
    help: COMMON.help,
    action: { type: 'string' },
    resource: { type: 'string' },
    ...REQUEST_OPTIONS,
    trace: { type: 'boolean' },
    expect: { type: 'string' },
    ...POLICY_TYPE_OPTIONS,
  },
  report: { help: COMMON.help, html: { type: 'string' }, markdown: { type: 'string' }, 'coverage-threshold': { type: 'string' } },
} as const;

type Command = keyof typeof OPTIONS;

const RUN: Record<Command, (positionals: string[], values: Record<string, unknown>, io: CliIo) => number> = {
  validate: validateCommand,
  matrix: matrixCommand,
  diff: diffCommand,
  explain: explainCommand,
  report: reportCommand,
};

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export function run(argv: string[], io: CliIo = processIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' && rest[0] && rest[0] in HELP ? rest[0] : 'main';
    (command === undefined ? io.err : io.out)(HELP[topic]);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!(command in OPTIONS)) {
    const near = nearestName(command, [...Object.keys(OPTIONS), 'live', 'help']);
    io.err(
      `jest-iam: unknown command ${printable(command)}${near ? `; did you mean "${near}"?` : ''} (commands: ${Object.keys(OPTIONS).join(', ')}, live; see jest-iam --help)`,
    );
    return EXIT.usage;
  }
  const name = command as Command;
  try {
    const unknown = unknownOption(rest, OPTIONS[name]);
    if (unknown) throw new UsageError(unknown, name);
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: OPTIONS[name] });
    if ((values as { help?: boolean }).help) {
      io.out(HELP[name]);
      return EXIT.ok;
    }
    checkOutputFlags(io, values as Record<string, unknown>, [...positionals, ...flagFiles(values as Record<string, unknown>)]);
    return RUN[name](positionals, values as Record<string, unknown>, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`jest-iam ${name}: ${oneLine(e.message)} (see jest-iam ${name} --help)`);
      return EXIT.usage;
    }
    if (e instanceof Error && String((e as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')) {
      io.err(`jest-iam ${name}: ${parseArgsMessage(e)} (see jest-iam ${name} --help)`);
      return EXIT.usage;
    }
    if (e instanceof InputError || e instanceof CatalogError) {
      io.err(`jest-iam ${name}: ${oneLine(e.message)}`);
      return EXIT.usage;
    }
    if (e instanceof PolicyValidationError && e.issues.length && e.issues.every((i) => i.code.startsWith('bad-request-') || i.code === 'too-many-cells')) {
      // The request comes from the flags (--principal, --resource, --resources), and so does a scope over the cell cap: a usage error.
      io.err(`jest-iam ${name}: ${oneLine(e.issues.map((i) => i.message).join('; '))}`);
      return EXIT.usage;
    }
    if (e instanceof PolicyValidationError) {
      // A bad scope is a usage error; a bad policy or request is a finding. The engine names
      // request fields as the matchers spell them; on the command line they are flags.
      io.err(e.message.replace(/\bgive resourceAccount\b/g, 'give --resource-account ACCOUNT_ID'));
      return e.issues.some((i) => i.code === 'bad-scope') ? EXIT.usage : EXIT.findings;
    }
    throw e;
  }
}

/**
 * A message naming the user's own text (a path, a revision) as one line: a line break or other
 * control character in an argument would otherwise start a line that looks like jest-iam's own.
 */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  return message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** Flags that name input files (a policy of the set, `--type TYPE:FILE`). */
const FILE_FLAGS = new Set<string>([...Object.keys(POLICY_TYPE_OPTIONS).filter((k) => k !== 'management-account' && k !== 'block-public-access'), 'type']);

/** The files the flags name: an output must not overwrite them. */
function flagFiles(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([k]) => FILE_FLAGS.has(k))
    .flatMap(([, v]) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));
}

/** Text as one line a terminal shows literally: control characters escaped, long text cut. */
function printable(text: string): string {
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
  return shown;
}

/**
 * The first `--name` or `-x` of `args` that the command does not take, as a message with the
 * nearest option ("did you mean"); undefined when all are known. Arguments after `--` are inputs.
 */
function unknownOption(args: readonly string[], options: Record<string, { type: string; short?: string }>): string | undefined {
  const names = Object.keys(options);
  const shorts = new Set(Object.values(options).flatMap((o) => (o.short ? [o.short] : [])));
  for (const arg of args) {
    if (arg === '--') return undefined;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0];
      if (names.includes(name)) continue;
      const near = nearestName(name, names) ?? names.find((n) => n.startsWith(name) && name.length >= 3);
      return `unknown option ${printable(`--${name}`)}${near ? `; did you mean --${near}?` : ''}`;
    }
    if (/^-[^-]/.test(arg) && !/^-\d/.test(arg)) {
      const letters = arg.slice(1);
      // -o FILE, -h: every letter of a group must be a known short option.
      if ([...letters].every((l) => shorts.has(l)) || shorts.has(letters[0])) continue;
      return `unknown option ${printable(arg)}`;
    }
  }
  return undefined;
}

/** parseArgs's error in one line, without its advice about positionals. */
function parseArgsMessage(e: Error): string {
  const code = String((e as { code?: unknown }).code);
  const option = /'(-[^']*)'/.exec(e.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${option.split(' ')[0]} needs a value`;
  return e.message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === 'live') void runLive(argv.slice(1)).then((code) => (process.exitCode = code));
  else process.exitCode = run(argv, processIo);
}
