/** `--help` text of each command, with its exit codes. */

const INPUTS = `Inputs (INPUT): a policy file (JSON or YAML), a CloudFormation or SAM template (YAML with
!Ref/!Sub/!GetAtt tags, or JSON), or a Terraform plan as JSON (terraform show -json plan.out);
any of them may be read from git as git:<rev>:<path>, e.g. git:origin/main:policies/role.json.
In templates and plans every role, user and SAM function is a principal with the policies
attached to it (and its permissions boundary); intrinsic functions are left symbolic
({DataBucket}, {AWS.AccountId}) and reported as notes.`;

const SCOPE = `Scope (default: the actions the policies name):
  --actions PATTERN[,PATTERN]   action patterns, expanded through the AWS service reference (rekognition:*, s3:Get*)
  --services PREFIX[,PREFIX]    every action of these services
  --resources ARN[,ARN]         resources to try for every action (default: sample ARNs derived from
                                the policies' Resource patterns and each action's ARN formats)
  --principal ARN               who makes every request
  --resource-account ID         account that owns the resources when their ARNs do not say (S3)
  --context KEY=VALUE           a condition key of every request (repeatable)`;

const POLICY_TYPES = `Policy set (the pieces of policySet(); plain INPUT files are read by their content: a
statement with Principal makes a resource-based or trust policy, otherwise an identity policy):
  --identity FILE         an identity-based policy (repeatable)
  --boundary FILE         permissions boundary
  --scp [LEVEL=]FILE      an SCP at an organisation level (repeatable, root first): files with the
                          same LEVEL (root, ou-prod, account) form one level, a bare FILE is a level
                          of its own; every level must allow (write ./FILE for a name with =)
  --rcp [LEVEL=]FILE      an RCP at an organisation level (repeatable, as --scp); a deny at any
                          level denies
  --resource-policy FILE  a resource-based policy of the resource: bucket or key policy (repeatable)
  --trust FILE            the role's trust policy (for sts:AssumeRole*)
  --session FILE          a session policy (repeatable)
  --endpoint-policy FILE  a VPC endpoint policy of the endpoint the requests go through (repeatable)
  --management-account ID the organisation's management account (SCPs and RCPs do not apply to it)
  --block-public-access LEVEL[:SETTINGS]
                          S3 Block Public Access (repeatable): organization, or account:/bucket:
                          with BlockPublicAcls,IgnorePublicAcls,BlockPublicPolicy,
                          RestrictPublicBuckets or all
  --set FILE[#NAME]       the policySets of a scenario or policy-set file (vars, include and
                          policySets, as in *.iam.yaml), each set a principal, or only NAME
The options add their policies to every principal of the inputs (a template's role keeps its own
boundary unless --boundary is given).`;

export const HELP: Record<string, string> = {
  main: `Usage: jest-iam <command> [options]

Commands:
  validate   check policies: IAM grammar and the AWS service reference (text or SARIF)
  matrix     print the access table of a set of policies over a scope
  diff       access gained and lost between two versions of policies
  explain    decide one request and explain the decision
  report     report merge DIR...: one report from the decision records of sharded Jest runs
  live       run Jest with every decision cross-checked against IAM (see jest-iam live --help)

Run jest-iam <command> --help for a command's options.

Exit codes: 0 ok, 1 findings (invalid policy, new access under --fail-on-new-access,
decision other than --expect), 2 usage error or unreadable input.`,

  validate: `Usage: jest-iam validate [--type [TYPE:]FILE]... [--format text|sarif] [--output FILE] [--warnings-as-errors] INPUT...

Checks every policy of every input: syntax and the IAM policy grammar (with file:line:col),
then the AWS service reference (unknown services, actions and condition keys, operators that do
not suit a key's type). Intrinsic functions and policies left out are reported as notes.

  --type TYPE[:FILE]     policy type of plain policy files (repeatable): identity, resource,
                         boundary, scp, rcp, session, trust or endpoint; TYPE:FILE for one file.
                         Default: read from the file (a Principal makes a resource-based or
                         trust policy); a scenario or policy-set file is recognised by its keys
Service-reference findings are graded as IAM Access Analyzer's policy checks grade them: an
unknown service, action or condition key is an ERROR, an operator that does not suit its key a
WARNING, ForAllValues on a single-valued key a SECURITY_WARNING (reported as a warning).
  --format text|sarif    text (default), or SARIF 2.1.0 for GitHub code scanning
  --output FILE          write the report to FILE instead of standard output
  --warnings-as-errors   exit 1 on warnings too

${INPUTS}

Exit codes: 0 no errors, 1 errors found (or warnings with --warnings-as-errors),
2 usage error or unreadable input.`,

  matrix: `Usage: jest-iam matrix [scope options] [--format text|json|markdown|html] [--output FILE] INPUT...

Evaluates every action x resource of the scope for each principal and prints who may do what,
with the statement that decides each allow and explicit deny. Plain policy files together are
the identity policies of one principal; --boundary, --scp, --rcp, --resource-policy and --session
add the other policy types to it.

${SCOPE}
${POLICY_TYPES}
  --format FORMAT         text (default), json, markdown, or html (the access-matrix page)
  --output FILE           write to FILE instead of standard output

${INPUTS}

Exit codes: 0 ok, 1 an input has invalid policies, 2 usage error or unreadable input.`,

  diff: `Usage: jest-iam diff [scope options] [policy-set options] [--type TYPE] [--format text|json|markdown] [--fail-on-new-access] OLD NEW

Compares two versions of the same policies over one scope, cell by cell, and prints the access
gained ("now allowed", with the statement that grants it as file:line:col and Sid) and lost
("no longer allowed"). Both versions are evaluated on the same requests: sample resources come
from the Resource patterns of both.

${SCOPE}
${POLICY_TYPES}
  --type TYPE             what OLD and NEW are: identity, resource, trust, boundary, scp, rcp,
                          session or endpoint (default: read from the documents); the policy-set
                          options are the parts both versions share, e.g.
                          diff --type boundary --identity role.json old-boundary.json new-boundary.json
  --format FORMAT         text (default), json, or markdown (for a pull-request comment or
                          $GITHUB_STEP_SUMMARY; cut to GitHub's 65,536 characters, saying so)
  --output FILE           write to FILE instead of standard output
  --fail-on-new-access    exit 1 when the new version allows anything the old one did not
  --prove                 decide every request, not sampled cells: each region of new access
                          with a witness request (--format text|json|markdown|sarif); with
                          --fail-on-new-access, also exit 1 when the proof cannot decide
                          (including allows that depend on a condition)

OLD and NEW are inputs as below; with one principal on each side they are compared with each
other, otherwise principals are matched by name (a role's logical id or Terraform address).

${INPUTS}

Exit codes: 0 ok, 1 new access under --fail-on-new-access or an invalid policy,
2 usage error or unreadable input.`,

  explain: `Usage: jest-iam explain --action ACTION [--resource ARN] [--principal ARN] [--resource-account ID]
                      [--context KEY=VALUE]... [policy-type options] [--trace] [--expect DECISION] [INPUT...]

Decides one request against a policy set and explains the decision: the deciding statements
with file:line:col, or for a deny the statements that came closest. Plain policy files together
are the identity policies of the principal; a template or plan gives one principal per role,
user or function, each explained.

The request is checked against the AWS service reference first, as the matchers check it: an
unknown service or action (with the nearest real one), an ARN of a resource type the action does
not act on, or a specific ARN for an action that only takes "*" is an error (exit 1); "*" for an
action that always acts on a resource, a context key no request of the action carries, or an
aws: key that is not a global condition key is a warning. An action pattern (rekognition:Describe*)
is expanded and each action explained. Findings about the policies themselves are printed too.

  --action ACTION         the action, service:ActionName
  --resource ARN          the resource (default "*")
  --principal ARN         who asks: an IAM user, role, assumed-role session or root ARN, an
                          account id, a service principal (s3.amazonaws.com) or anonymous
  --resource-account ID   account that owns the resource when its ARN does not say (S3)
  --context KEY=VALUE     a condition key of the request (repeatable; a key given twice is
                          multivalued)
${POLICY_TYPES}
  --trace                 also list every statement with why it did or did not apply
  --expect DECISION       allow, deny, explicit-deny or implicit-deny: exit 1 when a decision
                          differs

Validation levels come from JEST_IAM_WARNINGS_AS_ERRORS=1 (warnings become errors).

${INPUTS}

Exit codes: 0 ok, 1 invalid policy, a request the service reference rejects, or a decision other
than --expect, 2 usage error or unreadable input.`,

  report: `Usage: jest-iam report merge [--html FILE] [--markdown FILE] [--coverage-threshold N] DIR...

Merges the decision records of several Jest runs into one report: the folders the reporter's
records option writes (reporters: [['jest-iam/reporter', { records: 'iam-records' }]]), one per
shard of jest --shard=i/n or per CI machine. Prints statement coverage over all of them.

  --html FILE              write the HTML access matrix of every run
  --markdown FILE          write the Markdown run summary (for $GITHUB_STEP_SUMMARY)
  --coverage-threshold N   exit 1 when fewer than N% of the statements decided a request

Exit codes: 0 ok, 1 coverage below the threshold, 2 usage error or unreadable folder.`,
};
