import { createHash, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The digest file's JSON, in the order real digests have it (and compact, as real ones are).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */
export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm: 'SHA-256';
  newestEventTime: string;
  oldestEventTime: string;
}

export interface DigestDocument {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: 'SHA256withRSA';
  newestEventTime: string | null;
  oldestEventTime: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: 'SHA-256' | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogFile[];
}

/** Serialise with the fields in the real order, whatever order the object was built in. */
export function serializeDigest(d: DigestDocument): string {
  return JSON.stringify({
    awsAccountId: d.awsAccountId,
    digestStartTime: d.digestStartTime,
    digestEndTime: d.digestEndTime,
    digestS3Bucket: d.digestS3Bucket,
    digestS3Object: d.digestS3Object,
    digestPublicKeyFingerprint: d.digestPublicKeyFingerprint,
    digestSignatureAlgorithm: d.digestSignatureAlgorithm,
    newestEventTime: d.newestEventTime,
    oldestEventTime: d.oldestEventTime,
    previousDigestS3Bucket: d.previousDigestS3Bucket,
    previousDigestS3Object: d.previousDigestS3Object,
    previousDigestHashValue: d.previousDigestHashValue,
    previousDigestHashAlgorithm: d.previousDigestHashAlgorithm,
    previousDigestSignature: d.previousDigestSignature,
    logFiles: d.logFiles.map((f) => ({
      s3Bucket: f.s3Bucket,
      s3Object: f.s3Object,
      hashValue: f.hashValue,
      hashAlgorithm: f.hashAlgorithm,
      newestEventTime: f.newestEventTime,
      oldestEventTime: f.oldestEventTime,
    })),
  });
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The data signing string: end time, bucket/key, hex SHA-256 of the uncompressed digest, and the
 * previous digest's signature — the literal `null` for a starting digest (the AWS CLI's validator
 * says this must be 'null' to match the Java implementation).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html
 */
export function stringToSign(
  d: Pick<DigestDocument, 'digestEndTime' | 'digestS3Bucket' | 'digestS3Object' | 'previousDigestSignature'>,
  uncompressedDigest: string | Buffer,
): string {
  return `${d.digestEndTime}\n${d.digestS3Bucket}/${d.digestS3Object}\n${sha256Hex(uncompressedDigest)}\n${d.previousDigestSignature ?? 'null'}`;
}

/** SHA256withRSA (RSA PKCS#1 v1.5 over SHA-256), hex: what goes in `x-amz-meta-signature`. */
export function signDigest(toSign: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(toSign, 'utf8'), privateKey).toString('hex');
}

export function verifyDigestSignature(toSign: string, signatureHex: string, publicKey: KeyObject): boolean {
  if (!/^[0-9a-f]+$/i.test(signatureHex) || signatureHex.length % 2 !== 0) return false;
  return verify('sha256', Buffer.from(toSign, 'utf8'), publicKey, Buffer.from(signatureHex, 'hex'));
}

/** The side-car holding what S3 keeps as the digest object's user metadata. */
export interface DigestMetadata {
  signature: string;
  'signature-algorithm': 'SHA256withRSA';
}
