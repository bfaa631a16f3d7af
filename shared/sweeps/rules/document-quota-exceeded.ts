import { quotaRule } from "./quota.ts";

/** An issuer past its yearly quota of documents. */
export const documentQuotaExceeded = quotaRule("DOCUMENT_QUOTA_EXCEEDED", "document_issued", "documents");
