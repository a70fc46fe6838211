/**
 * A self-signed X.509 certificate (ECDSA P-256, SHA-256) for the demo's gateway TLS Secret,
 * valid for the window asked, written with Node's crypto and a small DER encoder: the demo
 * needs a real certificate whose expiry Meshlens reads, and no openssl at run time.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1
 */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

/** DER: a tag, its length (short or long form) and its content. */
function der(tag: number, content: Buffer): Buffer {
  const length =
    content.length < 0x80
      ? Buffer.from([content.length])
      : (() => {
          const bytes: number[] = [];
          for (let n = content.length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
          return Buffer.from([0x80 | bytes.length, ...bytes]);
        })();
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const sequence = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** A positive INTEGER from big-endian bytes (a leading zero keeps the sign bit clear). */
const integer = (bytes: Buffer) =>
  der(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 asks. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? der(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : der(0x18, Buffer.from(`${iso}Z`));
}

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const name = (commonName: string) => sequence(set(sequence(oid('2.5.4.3'), utf8(commonName))));

const pem = (label: string, body: Buffer) =>
  `-----BEGIN ${label}-----\n${body
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;

export interface SelfSigned {
  certificatePem: string;
  privateKeyPem: string;
}

/** A self-signed certificate for `commonName` (also its DNS subject alternative name). */
export function selfSignedCertificate(options: {
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  /** Serial number bytes; random when left out. */
  serial?: Buffer;
}): SelfSigned {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const subjectAltName = sequence(
    oid('2.5.29.17'),
    der(0x04, sequence(der(0x82, Buffer.from(options.commonName)))),
  );
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))), // v3
    integer(
      options.serial ??
        Buffer.from(Array.from({ length: 8 }, () => Math.floor(Math.random() * 256))),
    ),
    ECDSA_WITH_SHA256,
    name(options.commonName),
    sequence(time(options.notBefore), time(options.notAfter)),
    name(options.commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, sequence(subjectAltName)),
  );
  const signature = sign(
    'sha256',
    tbs,
    createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })),
  );
  const certificate = sequence(
    tbs,
    ECDSA_WITH_SHA256,
    der(0x03, Buffer.concat([Buffer.from([0]), signature])),
  );
  return {
    certificatePem: pem('CERTIFICATE', certificate),
    privateKeyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
  };
}
