import { parseAwsDate } from '../../../src/conditions/operators/iso-date';
import { evaluate, matches } from './condition-helpers';
import { describeConditionOutcome } from '../../../src/explain/decision-wording';

// IAM User Guide, reference_policies_elements_condition_operators.md, "Date condition operators":
// W3C ISO 8601 formats or epoch (UNIX) time.
describe('Date operators (reference_policies_elements_condition_operators.md#Conditions_Date)', () => {
  const now = 'aws:CurrentTime';

  test('DateGreaterThan / DateLessThan bound a time window (reference_policies_multi-value-conditions.md example)', () => {
    const inWindow = { [now]: '2019-07-16T13:30:00Z' };
    expect(matches('DateGreaterThan', now, '2019-07-16T12:00:00Z', inWindow)).toBe(true);
    expect(matches('DateLessThan', now, '2019-07-16T15:00:00Z', inWindow)).toBe(true);
    expect(matches('DateLessThan', now, '2019-07-16T12:00:00Z', inWindow)).toBe(false);
  });

  test('an epoch policy value compares with an ISO request value and vice versa', () => {
    // 1563278400 is 2019-07-16T12:00:00Z.
    expect(matches('DateEquals', now, '1563278400', { [now]: '2019-07-16T12:00:00Z' })).toBe(true);
    expect(matches('DateEquals', 'aws:EpochTime', '2019-07-16T12:00:00Z', { 'aws:EpochTime': 1563278400 })).toBe(true);
    expect(matches('DateGreaterThanEquals', 'aws:EpochTime', '2019-07-16T12:00:01Z', { 'aws:EpochTime': '1563278400' })).toBe(false);
  });

  test('a date without a time is midnight UTC', () => {
    expect(matches('DateEquals', now, '2019-07-16', { [now]: '2019-07-16T00:00:00Z' })).toBe(true);
    expect(matches('DateLessThanEquals', now, '2019-07-16', { [now]: '2019-07-16T00:00:01Z' })).toBe(false);
  });

  test('time zone offsets are honoured', () => {
    expect(matches('DateEquals', now, '2019-07-16T14:00:00+02:00', { [now]: '2019-07-16T12:00:00Z' })).toBe(true);
    expect(matches('DateNotEquals', now, '2019-07-16T14:00:00+02:00', { [now]: '2019-07-16T14:00:00Z' })).toBe(true);
  });

  test('a request value that is not a date does not match', () => {
    const o = evaluate('DateLessThan', now, '2020-01-01T00:00:00Z', { [now]: 'yesterday' });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toContain('request value "yesterday" is not a date');
  });

  test('date parsing: W3C forms, epoch seconds, invalid calendar dates', () => {
    expect(parseAwsDate('2019-07-16T12:00:00Z')).toBe(Date.UTC(2019, 6, 16, 12));
    expect(parseAwsDate('2019-07-16T12:00Z')).toBe(Date.UTC(2019, 6, 16, 12));
    expect(parseAwsDate('2019-07-16T12:00:00.250Z')).toBe(Date.UTC(2019, 6, 16, 12, 0, 0, 250));
    expect(parseAwsDate('2019-07')).toBe(Date.UTC(2019, 6, 1));
    expect(parseAwsDate('0')).toBe(0);
    expect(parseAwsDate('1563278400')).toBe(Date.UTC(2019, 6, 16, 12));
    expect(parseAwsDate('2019-02-29')).toBeNull();
    expect(parseAwsDate('2020-02-29')).toBe(Date.UTC(2020, 1, 29));
    expect(parseAwsDate('2019-13-01')).toBeNull();
    expect(parseAwsDate('2019-07-16T24:00:00Z')).toBeNull();
    expect(parseAwsDate('2019-07-16 12:00:00Z')).toBeNull();
    expect(parseAwsDate('2019-*')).toBeNull();
    expect(parseAwsDate('0050-01-01')).toBe(new Date('0050-01-01T00:00:00Z').getTime());
  });
});
