import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { KmsProtocolError } from './errors';

export interface KmsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface VerifiedCaller {
  accessKeyId: string;
  region: string;
}

const maxClockSkewMs = 5 * 60 * 1000;
const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/kms\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/**
 * Full AWS Signature Version 4 check of a KMS request (POST /, no query): the access key must be
 * a configured one and the signature must match the one we compute with its secret over the
 * method, path, signed headers and the SHA-256 of the body actually received.
 */
export function verifySigV4(method: string, headers: IncomingHttpHeaders, body: Buffer, credentials: KmsCredentials[]): VerifiedCaller {
  const authorization = headers.authorization;
  if (!authorization) throw new KmsProtocolError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
  const match = authorizationPattern.exec(authorization);
  if (!match) throw new KmsProtocolError('IncompleteSignatureException', 'Authorization header is not a valid SigV4 header for kms.');
  const [, accessKeyId, scopeDate, region, signedHeaderList, signature] = match;

  const credential = credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!credential) throw new KmsProtocolError('UnrecognizedClientException', 'The security token included in the request is invalid.');

  const amzDate = String(headers['x-amz-date'] ?? '');
  const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (!amzDate.startsWith(scopeDate) || Number.isNaN(signedAt))
    throw new KmsProtocolError('IncompleteSignatureException', 'x-amz-date is missing or does not match the credential scope.');
  if (Math.abs(Date.now() - signedAt) > maxClockSkewMs)
    throw new KmsProtocolError('InvalidSignatureException', 'Signature expired: the request time is too far from the server time.');

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) {
    throw new KmsProtocolError('IncompleteSignatureException', 'SignedHeaders must include host and x-amz-date.');
  }
  const canonicalRequest = [
    method,
    '/',
    '',
    ...signedHeaders.map((name) => `${name}:${normalizeHeaderValue(headers[name])}`),
    '',
    signedHeaderList,
    sha256Hex(body),
  ].join('\n');
  const scope = `${scopeDate}/${region}/kms/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(Buffer.from(canonicalRequest))].join('\n');
  const signingKey = [scopeDate, region, 'kms', 'aws4_request'].reduce(hmac, Buffer.from(`AWS4${credential.secretAccessKey}`));
  const expected = hmac(signingKey, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    throw new KmsProtocolError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
  }
  return { accessKeyId, region };
}

function normalizeHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
