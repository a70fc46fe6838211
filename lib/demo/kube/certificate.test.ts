import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from './certificate';

describe('selfSignedCertificate', () => {
  it('is a certificate Node (OpenSSL) reads, valid for the window asked, signed by its own key', () => {
    const notBefore = new Date('2026-12-05T12:00:00Z');
    const notAfter = new Date('2026-12-15T12:00:00Z');
    const { certificatePem, privateKeyPem } = selfSignedCertificate({
      commonName: 'bookinfo.example.com',
      notBefore,
      notAfter,
    });
    const certificate = new X509Certificate(certificatePem);
    expect(Date.parse(certificate.validFrom)).toBe(notBefore.getTime());
    expect(Date.parse(certificate.validTo)).toBe(notAfter.getTime());
    expect(certificate.subject).toBe('CN=bookinfo.example.com');
    expect(certificate.subjectAltName).toBe('DNS:bookinfo.example.com');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(
      certificate.checkPrivateKey(
        // The key that goes with it, as a TLS Secret holds both.
        createPrivateKey(privateKeyPem),
      ),
    ).toBe(true);
  });

  it('writes dates after 2049 as GeneralizedTime', () => {
    const { certificatePem } = selfSignedCertificate({
      commonName: 'far.example.com',
      notBefore: new Date('2049-06-01T00:00:00Z'),
      notAfter: new Date('2051-06-01T00:00:00Z'),
    });
    expect(Date.parse(new X509Certificate(certificatePem).validTo)).toBe(
      Date.parse('2051-06-01T00:00:00Z'),
    );
  });
});
