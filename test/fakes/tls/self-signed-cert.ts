/**
 * Builds throw-away self-signed X.509 certificates for TLS tests, in pure Node: an EC P-256 key
 * from `node:crypto` and a certificate encoded by hand in DER (Node can read certificates but not
 * write them). For tests only; the certificates are never trusted by anything.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import net from 'node:net';

export interface TestCertificateOptions {
  /** Subject and issuer common name. Default `localhost`. */
  commonName?: string;
  /** DNS names and IP addresses in subjectAltName. Default `['localhost', '127.0.0.1']`. */
  altNames?: string[];
  /** Start of validity. Default one day before now. */
  notBefore?: Date;
  /** End of validity. Default one day after now. */
  notAfter?: Date;
}

export interface TestCertificate {
  /** PEM certificate for `tls.createServer({ cert })`. */
  cert: string;
  /** PEM PKCS#8 private key for `tls.createServer({ key })`. */
  key: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.from([0]), bytes);
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);

function integer(bytes: Buffer): Buffer {
  return tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) groups.unshift(0x80 | (value & 0x7f));
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime, valid for the years 1950-2049. */
function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${text}Z`, 'ascii'));
}

function ipBytes(address: string): Buffer {
  if (net.isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  throw new Error(`test certificates support IPv4 alt names only, not ${address}`);
}

function altNameExtension(names: string[]): Buffer {
  const general = names.map((name) =>
    net.isIP(name) ? tlv(0x87, ipBytes(name)) : tlv(0x82, Buffer.from(name, 'ascii')),
  );
  return sequence(oid('2.5.29.17'), octetString(sequence(...general)));
}

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

/** A fresh self-signed certificate and its key, both PEM. */
export function createTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const now = Date.now();
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(options.commonName ?? 'localhost'))));
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  // The signed part: v3, random serial, issuer = subject, validity, key, subjectAltName.
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(8)),
    ECDSA_WITH_SHA256,
    name,
    sequence(
      utcTime(options.notBefore ?? new Date(now - DAY_MS)),
      utcTime(options.notAfter ?? new Date(now + DAY_MS)),
    ),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(altNameExtension(options.altNames ?? ['localhost', '127.0.0.1']))),
  );

  // ECDSA signatures from node:crypto are already DER, as X.509 wants them.
  const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(sign('sha256', tbs, privateKey)));
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${base64.trim()}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
