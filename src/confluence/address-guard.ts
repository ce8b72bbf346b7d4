/**
 * Keeps outbound Confluence requests on the integration's own host and off private networks.
 * Two checks: {@link checkRequestUrl} before every request and redirect hop (scheme, host, port,
 * literal IP addresses), and {@link createGuardedAgent}, whose connector checks the address a host
 * name actually resolved to at connect time, so a DNS answer that changes (rebinding) cannot slip
 * past.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';
import { AppError } from '../errors';

export interface AddressPolicy {
  /** Whether plain `http://` may be used. Default in config: false. */
  allowHttp: boolean;
  /** CIDR ranges (`10.0.0.0/8`, `::1/128`), single addresses or host names that may be private. */
  allowedPrivate: string[];
}

/** Same signature as `dns.lookup` with `{ all: true }`; injectable so tests can fake DNS. */
export type AddressLookup = (
  hostname: string,
  callback: (error: Error | null, addresses: dns.LookupAddress[]) => void,
) => void;

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

interface AllowList {
  ranges: Range[];
  hosts: Set<string>;
}

const ALLOW_REMEDY =
  'If this Confluence really is on a private network, ask whoever runs the bot to add its host ' +
  'name or address range to CONFLUENCE_ALLOWED_PRIVATE (e.g. wiki.corp or 10.0.0.0/8).';

function parseAllowList(entries: string[]): AllowList {
  const ranges: Range[] = [];
  const hosts = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (ipaddr.isValidCIDR(entry)) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(entry);
  }
  return { ranges, hosts };
}

/**
 * The only IPv6 block with public unicast addresses (RFC 4291 2.4). Everything outside it is
 * special or unassigned, e.g. the IPv4-compatible `::/96` (`::7f00:1` is 127.0.0.1 on hosts that
 * still route it), which ipaddr.js counts as plain unicast.
 */
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * Whether an address is anything but public unicast: loopback, private, link-local, reserved,
 * IPv4-compatible or -translated IPv6, anything outside 2000::/3. Called by the address guard for
 * literal hosts and for every address a host name resolves to; unparsable input counts as private.
 */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  // `process` turns IPv4-mapped IPv6 (::ffff:10.0.0.1) into the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return true;
  return parsed.kind() === 'ipv6' && !parsed.match(IPV6_GLOBAL_UNICAST);
}

function isAllowed(address: string, hostname: string, allow: AllowList): boolean {
  if (allow.hosts.has(hostname.toLowerCase())) return true;
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return allow.ranges.some(
    ([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits),
  );
}

function blocked(hostname: string, address: string): AppError {
  const shown = hostname === address ? address : `${hostname} (${address})`;
  return new AppError(
    'blocked_address',
    `Datasource Bot will not contact ${shown}: it is a private, loopback or link-local address.`,
    { details: { host: hostname, address }, remedies: [ALLOW_REMEDY] },
  );
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

/** Throws `blocked_address` unless the address is public or allow-listed. */
function checkAddress(hostname: string, address: string, allow: AllowList): void {
  if (isPrivateAddress(address) && !isAllowed(address, hostname, allow)) {
    throw blocked(hostname, address);
  }
}

/**
 * Checks one request URL (first request or redirect hop) against the integration's base URL,
 * before any credentials are sent to it: the same scheme, host and effective port as `base` (no
 * downgrade to http, no port change), `https` unless `policy.allowHttp`, and no private literal
 * address. Called by the HTTP layer for every hop. Throws `blocked_address`.
 */
export function checkRequestUrl(url: URL, base: URL, policy: AddressPolicy): void {
  if (url.hostname !== base.hostname) {
    throw new AppError(
      'blocked_address',
      `Confluence sent us to ${url.host}, which is not the integration's host ${base.host}.`,
      {
        details: { host: url.host, expectedHost: base.host },
        remedies: ['Use the final address of your Confluence site as the integration URL.'],
      },
    );
  }
  // The same host name with another scheme or port: the token would travel elsewhere (in clear).
  if (url.protocol !== base.protocol || url.host !== base.host) {
    throw new AppError(
      'blocked_address',
      `Confluence sent us from ${base.protocol}//${base.host} to ${url.protocol}//${url.host}; ` +
        'the credentials are only sent to the address the integration was saved with.',
      {
        details: { origin: url.origin, expectedOrigin: base.origin },
        remedies: ['Use the final address of your Confluence site as the integration URL.'],
      },
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new AppError('blocked_address', `Only https:// Confluence addresses are allowed.`, {
      details: { protocol: url.protocol },
      remedies: [
        'Use the https:// address of your Confluence site.',
        'Whoever runs the bot can allow plain http with CONFLUENCE_ALLOW_HTTP=true.',
      ],
    });
  }
  const hostname = stripBrackets(url.hostname);
  if (net.isIP(hostname)) checkAddress(hostname, hostname, parseAllowList(policy.allowedPrivate));
}

const systemLookup: AddressLookup = (hostname, callback) =>
  dns.lookup(hostname, { all: true }, callback);

/**
 * An undici `Agent` whose connections are checked after DNS resolution: every resolved address
 * must be public or allow-listed, else the connection fails with `blocked_address`. Literal IP
 * hosts (which skip DNS) are checked in the connector too.
 */
export function createGuardedAgent(
  policy: AddressPolicy,
  options: { lookup?: AddressLookup; connectTimeoutMs?: number } = {},
): Agent {
  const allow = parseAllowList(policy.allowedPrivate);
  const resolve = options.lookup ?? systemLookup;

  // net.connect calls this with `all: true` when it races IPv4 and IPv6, otherwise without.
  const lookup = (
    hostname: string,
    lookupOptions: dns.LookupOptions,
    callback: (...args: unknown[]) => void,
  ): void => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error);
      try {
        if (addresses.length === 0) throw new Error(`no address for ${hostname}`);
        for (const { address } of addresses) checkAddress(hostname, address, allow);
      } catch (refusal) {
        return callback(refusal);
      }
      if (lookupOptions.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };

  const connector = buildConnector({
    lookup: lookup as unknown as net.LookupFunction,
    timeout: options.connectTimeoutMs ?? 10_000,
  });
  return new Agent({
    connect: (connectOptions, callback) => {
      const hostname = stripBrackets(connectOptions.hostname);
      if (net.isIP(hostname)) {
        try {
          checkAddress(hostname, hostname, allow);
        } catch (refusal) {
          return callback(refusal as Error, null);
        }
      }
      connector(connectOptions, callback);
    },
  });
}
