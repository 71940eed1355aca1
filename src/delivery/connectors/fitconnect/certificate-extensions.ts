// What a certificate says about itself beyond what node:crypto's X509Certificate exposes:
// key usage and where its CRL is (distribution points), read with @peculiar/asn1-x509
// (ADR 0049).
import type { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  Certificate,
  CRLDistributionPoints,
  id_ce_cRLDistributionPoints,
  id_ce_keyUsage,
  KeyUsage,
  type KeyUsageFlags,
} from '@peculiar/asn1-x509';

export const serialHex = (bytes: ArrayBuffer) =>
  Buffer.from(bytes)
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');

export function asn1Of(cert: X509Certificate): Certificate {
  return AsnConvert.parse(cert.raw, Certificate);
}

function extension(cert: Certificate, oid: string) {
  return cert.tbsCertificate.extensions?.find((e) => e.extnID === oid)?.extnValue.buffer;
}

/** The certificate's key-usage bits, or undefined when it sets none (then any use is allowed). */
export function keyUsageOf(cert: X509Certificate): number | undefined {
  const value = extension(asn1Of(cert), id_ce_keyUsage);
  return value === undefined ? undefined : AsnConvert.parse(value, KeyUsage).toNumber();
}

/** True when the certificate may be used for `flag` (RFC 5280 4.2.1.3). */
export function allowsUse(cert: X509Certificate, flag: KeyUsageFlags): boolean {
  const usage = keyUsageOf(cert);
  return usage === undefined || (usage & flag) !== 0;
}

/** The http(s) distribution points the certificate names for its CRL. */
export function distributionPointsOf(cert: X509Certificate): string[] {
  const value = extension(asn1Of(cert), id_ce_cRLDistributionPoints);
  if (value === undefined) return [];
  const points = AsnConvert.parse(value, CRLDistributionPoints);
  return [...points].flatMap((point) =>
    (point.distributionPoint?.fullName ?? [])
      .map((name) => name.uniformResourceIdentifier)
      .filter((uri): uri is string => uri !== undefined && /^https?:\/\//i.test(uri)),
  );
}
