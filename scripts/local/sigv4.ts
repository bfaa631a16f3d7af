/**
 * Checks an AWS Signature Version 4 `Authorization` header the way an AWS service does, for the
 * local Lambda Invoke endpoint: without it, anyone who can reach the port could run sweeps and
 * send mail. The signature is recomputed with the SDK's own signer (@smithy/signature-v4, with
 * the SDK's Node.js SHA-256) over exactly the headers the caller signed, so what the SDK signs
 * verifies, and any other key, secret, body, header or date does not.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import { headerValue, type IncomingRequest, splitUrl } from "./event.ts";

/** AWS refuses a signature dated more than this before or after its own clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export type SigV4Refusal = { type: string; message: string };

export type SigV4Options = {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  service: string;
};

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/\d{8}\/[^/\s]+\/[^/\s]+\/aws4_request, ?SignedHeaders=([a-z0-9;._-]+), ?Signature=[0-9a-f]{64}$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

// The messages AWS answers with, so a developer searching for them finds the real explanation.
const missingToken: SigV4Refusal = {
  type: "MissingAuthenticationTokenException",
  message: "Missing Authentication Token",
};
const unrecognizedClient: SigV4Refusal = {
  type: "UnrecognizedClientException",
  message: "The security token included in the request is invalid.",
};
const mismatch: SigV4Refusal = {
  type: "InvalidSignatureException",
  message:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret " +
    "Access Key and signing method. Consult the service documentation for details.",
};

const amzDate = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

const parseAmzDate = (value: string | undefined): Date | undefined => {
  const parts = value === undefined ? null : AMZ_DATE.exec(value);
  if (!parts) return undefined;
  const [, year, month, day, hour, minute, second] = parts;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

const skewRefusal = (signed: Date, now: Date): SigV4Refusal | undefined => {
  if (now.getTime() - signed.getTime() > MAX_CLOCK_SKEW_MS) {
    const limit = new Date(now.getTime() - MAX_CLOCK_SKEW_MS);
    return {
      type: "InvalidSignatureException",
      message: `Signature expired: ${amzDate(signed)} is now earlier than ${amzDate(limit)} (${amzDate(now)} - 5 min.)`,
    };
  }
  if (signed.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    const limit = new Date(now.getTime() + MAX_CLOCK_SKEW_MS);
    return {
      type: "InvalidSignatureException",
      message: `Signature not yet current: ${amzDate(signed)} is still later than ${amzDate(limit)} (${amzDate(now)} + 5 min.)`,
    };
  }
  return undefined;
};

/** Every value of each header the caller signed, joined as HTTP joins repeated headers. */
const signedHeaderValues = (
  rawHeaders: readonly string[],
  names: readonly string[],
): Record<string, string> => {
  const values = new Map<string, string[]>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]?.toLowerCase() ?? "";
    if (names.includes(name)) values.set(name, [...(values.get(name) ?? []), rawHeaders[index + 1] ?? ""]);
  }
  return Object.fromEntries([...values].map(([name, list]) => [name, list.join(",")]));
};

const queryOf = (rawQueryString: string): Record<string, string | string[]> => {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const existing = query[name];
    query[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
};

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Undefined when the request carries a valid signature by these credentials; else AWS's refusal. */
export const verifySigV4 = async (
  request: IncomingRequest,
  options: SigV4Options,
): Promise<SigV4Refusal | undefined> => {
  const authorization = headerValue(request.rawHeaders, "authorization");
  if (authorization === undefined) return missingToken;
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) {
    return {
      type: "IncompleteSignatureException",
      message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${authorization}`,
    };
  }
  const [, accessKeyId = "", signedHeaderList = ""] = parsed;
  if (accessKeyId !== options.credentials.accessKeyId) return unrecognizedClient;
  const signingDate = parseAmzDate(headerValue(request.rawHeaders, "x-amz-date"));
  if (!signingDate) {
    return {
      type: "IncompleteSignatureException",
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    };
  }
  const skewed = skewRefusal(signingDate, new Date());
  if (skewed) return skewed;

  const names = signedHeaderList.split(";");
  const headers = signedHeaderValues(request.rawHeaders, names);
  // The signer trusts a payload hash header as given; the body actually received is what counts.
  if ("x-amz-content-sha256" in headers) {
    headers["x-amz-content-sha256"] = createHash("sha256").update(request.body).digest("hex");
  }
  const { rawPath, rawQueryString } = splitUrl(request.url);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: options.service,
    sha256: Hash.bind(null, "sha256"),
    // Only the headers the caller listed are signed: no payload hash header of the signer's own.
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: headers.host ?? "",
      path: rawPath,
      query: queryOf(rawQueryString),
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(names) },
  );
  return sameText(String(expected.headers.authorization), authorization) ? undefined : mismatch;
};
