// What a certificate says about itself beyond what node:crypto's X509Certificate exposes:
// key usage, extended key usage, where its CRL is (distribution points) and who answers OCSP
// for it (authority information access), read with @peculiar/asn1-x509 (ADR 0049, 0052).
import type { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  Certificate,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  id_ad_ocsp,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_pe_authorityInfoAccess,
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

/** The http OCSP responders the certificate names (RFC 5280 4.2.2.1, RFC 6960). */
export function ocspRespondersOf(cert: X509Certificate): string[] {
  const value = extension(asn1Of(cert), id_pe_authorityInfoAccess);
  if (value === undefined) return [];
  return [...AsnConvert.parse(value, AuthorityInfoAccessSyntax)]
    .filter((access) => access.accessMethod === id_ad_ocsp)
    .map((access) => access.accessLocation.uniformResourceIdentifier)
    .filter((uri): uri is string => uri !== undefined && /^https?:\/\//i.test(uri));
}

/** The extended key usages (OIDs), or undefined when the certificate names none. */
export function extendedKeyUsesOf(cert: X509Certificate): string[] | undefined {
  const value = extension(asn1Of(cert), id_ce_extKeyUsage);
  return value === undefined ? undefined : [...AsnConvert.parse(value, ExtendedKeyUsage)];
}
