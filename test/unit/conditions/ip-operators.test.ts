import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { evaluate, matches } from './condition-helpers';
import { describeConditionOutcome } from '../../../src/explain/decision-wording';

// IAM User Guide, reference_policies_elements_condition_operators.md, "IP address condition operators".
describe('IpAddress / NotIpAddress (reference_policies_elements_condition_operators.md#Conditions_IPAddress)', () => {
  const k = 'aws:SourceIp';

  test('IPv4 CIDR: 203.0.113.0/24 holds 203.0.113.1, not 198.51.100.1 (the page table)', () => {
    expect(matches('IpAddress', k, '203.0.113.0/24', { [k]: '203.0.113.1' })).toBe(true);
    expect(matches('IpAddress', k, '203.0.113.0/24', { [k]: '198.51.100.1' })).toBe(false);
  });

  test('every IPv4 prefix length, at the range edges: in CIDR, the first N bits decide (the integer test agrees with ipaddr.js)', () => {
    const rng = fc.sample(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 0xffffffff })), {
      numRuns: 300,
      seed: 18,
    });
    const quad = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    for (const [net, bits, other] of rng) {
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      const first = (net & mask) >>> 0;
      const last = (first | ~mask) >>> 0;
      const range = `${quad(net)}/${bits}`;
      expect(matches('IpAddress', k, range, { [k]: quad(first) })).toBe(true);
      expect(matches('IpAddress', k, range, { [k]: quad(last) })).toBe(true);
      expect(matches('IpAddress', k, range, { [k]: quad(other) })).toBe(ipaddr.IPv4.parse(quad(other)).match(ipaddr.IPv4.parse(quad(net)), bits));
      // Just outside the range (where there is an outside): not in it.
      const outside = [first - 1, last + 1].filter((n) => bits > 0 && n >= 0 && n <= 0xffffffff);
      expect(outside.map((n) => matches('IpAddress', k, range, { [k]: quad(n) }))).toEqual(outside.map(() => false));
    }
  });

  test('an address without a prefix is a single address (/32)', () => {
    expect(matches('IpAddress', k, '203.0.113.7', { [k]: '203.0.113.7' })).toBe(true);
    expect(matches('IpAddress', k, '203.0.113.7', { [k]: '203.0.113.8' })).toBe(false);
  });

  test('IPv6 CIDR 2001:DB8:1234:5678::/64 holds addresses in any case and compression', () => {
    expect(matches('IpAddress', k, '2001:DB8:1234:5678::/64', { [k]: '2001:db8:1234:5678:abcd::1' })).toBe(true);
    expect(matches('IpAddress', k, '2001:DB8:1234:5678::/64', { [k]: '2001:0db8:1234:5678:0:0:0:ffff' })).toBe(true);
    expect(matches('IpAddress', k, '2001:DB8:1234:5678::/64', { [k]: '2001:db8:1234:5679::1' })).toBe(false);
    expect(matches('IpAddress', k, '2001:db8::1', { [k]: '2001:DB8:0::1' })).toBe(true);
  });

  test('mixed IPv4 and IPv6 values are ORed (the page example)', () => {
    const values = ['203.0.113.0/24', '2001:DB8:1234:5678::/64'];
    expect(matches('IpAddress', k, values, { [k]: '203.0.113.200' })).toBe(true);
    expect(matches('IpAddress', k, values, { [k]: '2001:db8:1234:5678::9' })).toBe(true);
  });

  test('an IPv4 request never falls in an IPv6 range, nor an IPv6 request in an IPv4 range', () => {
    expect(matches('IpAddress', k, '::/0', { [k]: '203.0.113.1' })).toBe(false);
    expect(matches('IpAddress', k, '0.0.0.0/0', { [k]: '2001:db8::1' })).toBe(false);
  });

  test('an IPv4-mapped IPv6 request is an IPv6 address (the docs define no mapping)', () => {
    expect(matches('IpAddress', k, '203.0.113.0/24', { [k]: '::ffff:203.0.113.5' })).toBe(false);
    expect(matches('IpAddress', k, '::ffff:0:0/96', { [k]: '::ffff:203.0.113.5' })).toBe(true);
  });

  test('NotIpAddress matches addresses outside every listed range', () => {
    expect(matches('NotIpAddress', k, ['10.0.0.0/8', '192.168.0.0/16'], { [k]: '203.0.113.1' })).toBe(true);
    expect(matches('NotIpAddress', k, ['10.0.0.0/8', '192.168.0.0/16'], { [k]: '192.168.4.4' })).toBe(false);
  });

  test('a request value that is not an IP address does not match, even for NotIpAddress', () => {
    const o = evaluate('NotIpAddress', k, '10.0.0.0/8', { [k]: 'localhost' });
    expect(o.matched).toBe(false);
    expect(describeConditionOutcome(o)).toBe('NotIpAddress aws:SourceIp: request value "localhost" is not an IP address, so the condition does not match');
  });
});
