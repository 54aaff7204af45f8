/**
 * IP address condition operators. IAM User Guide, reference_policies_elements_condition_operators.md
 * (IP address condition operators): values are IPv4 or IPv6 addresses or ranges "in the standard
 * CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If you specify an IP
 * address without the associated routing prefix, IAM uses the default prefix value of /32" (for
 * IPv6 the single-address prefix is /128). No policy variables, no wildcards.
 *
 * An IPv4 request never falls in an IPv6 range and vice versa: the page's mixed example lists
 * both families to cover both, and the Amazon S3 User Guide (ipv6-access) tells policy authors
 * to "update the policies to include IPv6 address ranges". The docs say nothing of IPv4-mapped
 * IPv6 addresses (`::ffff:203.0.113.5`), so they are read as IPv6 addresses and only IPv6 ranges
 * (such as `::ffff:0:0/96`) contain them.
 */

import ipaddr from 'ipaddr.js';
import { parsed, rejected, type ComparisonOperator, type ParseOutcome } from './operator-descriptor';
import { BoundedMemo } from '../../util/bounded-memo';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export interface IpRange {
  address: Address;
  bits: number;
  /** For an IPv4 range: its first `bits` bits as a 32-bit number, and the mask that keeps them (read once, compared as integers). */
  v4?: { net: number; mask: number };
}

/** An IPv4 address as one unsigned 32-bit number. */
function v4Number(a: ipaddr.IPv4): number {
  const o = a.octets;
  return ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0;
}

function withV4(range: IpRange): IpRange {
  if (range.address.kind() !== 'ipv4') return range;
  const mask = range.bits === 0 ? 0 : (~0 << (32 - range.bits)) >>> 0;
  return { ...range, v4: { net: (v4Number(range.address as ipaddr.IPv4) & mask) >>> 0, mask } };
}

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Dotted-quad IPv4 (no octal, hex or short forms) or IPv6 without a zone index. */
function readAddress(text: string): Address | null {
  const quad = DOTTED_QUAD.exec(text);
  if (quad) {
    // The common case, read in one pass: what isValidFourPartDecimal accepts (each part 0 or
    // without leading zeros, at most 255), as the octets IPv4.parse would give.
    const octets = [Number(quad[1]), Number(quad[2]), Number(quad[3]), Number(quad[4])];
    return octets[0] <= 255 && octets[1] <= 255 && octets[2] <= 255 && octets[3] <= 255 ? new ipaddr.IPv4(octets) : null;
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes('%') && text.includes(':') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return null;
}

function readRange(raw: string): ParseOutcome<IpRange> {
  const slash = raw.indexOf('/');
  const address = readAddress(slash < 0 ? raw : raw.slice(0, slash));
  if (!address) return rejected('is not an IP address or CIDR range (such as 203.0.113.0/24 or 2001:DB8:1234:5678::/64)');
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (slash < 0) return parsed(withV4({ address, bits: max }));
  const prefix = raw.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max)
    return rejected(`has a bad prefix length (0 to ${max} for ${address.kind() === 'ipv4' ? 'IPv4' : 'IPv6'})`);
  return parsed(withV4({ address, bits: Number(prefix) }));
}

// A matrix sends the same few source addresses in thousands of requests: each is read once.
const requestAddresses = new BoundedMemo<string, ParseOutcome<Address>>(10_000);

function readRequestAddress(raw: string): ParseOutcome<Address> {
  return requestAddresses.get(raw, (r) => {
    const a = readAddress(r);
    return a ? parsed(a) : rejected('is not an IP address');
  });
}

function ipOperator(name: string, negated: boolean): ComparisonOperator<IpRange, Address> {
  return {
    kind: 'comparison',
    name,
    family: 'IpAddress',
    negated,
    variables: false,
    wildcards: false,
    relation: 'in',
    expects: 'an IP address',
    parsePolicyValue: (raw) => readRange(raw),
    parseRequestValue: (raw) => readRequestAddress(raw),
    matches(request, policy) {
      if (request.kind() !== policy.address.kind()) return false;
      // IPv4: the same test as ipaddr's match (the first `bits` bits are equal), on integers.
      if (policy.v4) return (v4Number(request as ipaddr.IPv4) & policy.v4.mask) >>> 0 === policy.v4.net;
      return request.match(policy.address, policy.bits);
    },
  };
}

export const IpAddress = ipOperator('IpAddress', false);
export const NotIpAddress = ipOperator('NotIpAddress', true);

/** Every IP address operator, for the registry. */
export const ipOperators = [IpAddress, NotIpAddress];
