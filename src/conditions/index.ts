/** Condition operators: parsing operator names, validating clauses, compiling and evaluating them. */
export { compileCondition, evaluateConditions, type CompiledCondition, type ConditionOutcome } from './compile-condition';
export { validateConditionClause } from './validate-condition';
export { parseOperator, nearestOperator, type OperatorParse, type ParsedOperator, type SetQualifier } from './parse-operator';
export { operatorRegistry, lookupOperator } from './operators/registry';
export type {
  ComparisonOperator,
  ExistenceOperator,
  OperatorDescriptor,
  OperatorFamily,
  ParseOutcome,
  PolicyValueOptions,
  ValueMatch,
} from './operators/operator-descriptor';
export { parseTemplate, resolveTemplate, type Template, type TemplatePart, type TemplateOptions, type Resolved } from '../match/policy-variables';
