// Keeps secrets out of the messages a location's status shows: signed-URL and SAS query
// parameters, and `key=value` credential pairs, are redacted (Velero redacts Azure SAS tokens).

const signedQueryParams =
  /([?&])(sig|se|st|sp|spr|sv|sr|sip|srt|ss|skoid|sktid|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Goog-Signature|X-Goog-Credential|Signature|AWSAccessKeyId)=([^&\s<>"']+)/gi;

const credentialPairs =
  /\b(aws_secret_access_key|aws_session_token|AccountKey|SharedAccessSignature|AZURE_CLIENT_SECRET|AZURE_STORAGE_KEY|private_key|client_secret|password|secret)(\s*[=:]\s*)("[^"]*"|[^\s,;"']+)/gi;

const pemBlocks = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

/** `message` with signed-URL parameters, credential pairs and private keys replaced by `***REDACTED***`. */
export function sanitizeLocationMessage(message: string): string {
  return message
    .replace(signedQueryParams, "$1$2=***REDACTED***")
    .replace(credentialPairs, "$1$2***REDACTED***")
    .replace(pemBlocks, "***REDACTED***");
}
