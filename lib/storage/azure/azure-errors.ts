// Translates Azure Blob SDK failures (RestError) into storage error classes.
import { numberField, stringField } from "../network-errors.js";
import {
  providerErrorTranslator,
  type ProviderCodeTable,
  type ProviderErrorTranslator,
  type ProviderFailure,
} from "../storage-failure.js";

/** Azure Blob error codes by meaning. */
export const azureCodes: ProviderCodeTable = {
  objectNotFound: ["BlobNotFound"],
  bucketNotFound: ["ContainerNotFound", "ContainerBeingDeleted", "ContainerDisabled"],
  auth: [
    "AuthenticationFailed",
    "AuthorizationFailure",
    "AuthorizationPermissionMismatch",
    "AuthorizationSourceIPMismatch",
    "AuthorizationProtocolMismatch",
    "InsufficientAccountPermissions",
    "InvalidAuthenticationInfo",
    "AccountIsDisabled",
    "NoAuthenticationInformation",
  ],
  unavailable: ["ServerBusy", "InternalError", "OperationTimedOut", "REQUEST_SEND_ERROR"],
  config: [
    "InvalidResourceName",
    "InvalidUri",
    "UnsupportedHeader",
    "InvalidHeaderValue",
    "InvalidQueryParameterValue",
    "AccountNotFound",
    "ResourceNotFound",
    "InvalidBlockList",
  ],
};

/** Status, code and a one-line message of a RestError (its message can span lines of XML). */
export function azureFailure(error: unknown): ProviderFailure {
  const status = numberField(error, "statusCode");
  const code = stringField(error, "code");
  const message = (stringField(error, "message") ?? String(error)).split("\n")[0] ?? "";
  return { status, code, message: message === "" ? "no details" : message };
}

/** The storage error for any failure of an Azure Blob request. */
export const translateAzureError: ProviderErrorTranslator = providerErrorTranslator({
  read: azureFailure,
  codes: azureCodes,
});
