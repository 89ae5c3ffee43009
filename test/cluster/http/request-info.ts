// Parsing of resource request paths (`/api/v1/namespaces/ns/pods/name/log`,
// `/apis/apps/v1/deployments`, legacy `/api/v1/watch/...`) into group, version, resource,
// namespace, name, subresource and verb, as the real API server's request-info factory does.

/** What a resource request addresses. */
export interface RequestInfo {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
  readonly verb: string;
}

const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

function splitPrefix(
  parts: string[],
): { group: string; version: string; rest: string[] } | undefined {
  if (parts[0] === "api" && parts.length >= 2)
    return { group: "", version: parts[1] ?? "", rest: parts.slice(2) };
  if (parts[0] === "apis" && parts.length >= 3)
    return { group: parts[1] ?? "", version: parts[2] ?? "", rest: parts.slice(3) };
  return undefined;
}

function verbFor(method: string, name: string | undefined, watch: boolean): string {
  switch (method) {
    case "GET":
    case "HEAD":
      if (watch) return "watch";
      return name === undefined ? "list" : "get";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return name === undefined ? "deletecollection" : "delete";
    default:
      return method.toLowerCase();
  }
}

function scope(rest: string[]): { namespace: string | undefined; parts: string[] } {
  if (rest[0] !== "namespaces" || rest.length < 2) return { namespace: undefined, parts: rest };
  if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? "")) {
    return { namespace: rest[1], parts: rest.slice(2) };
  }
  return { namespace: undefined, parts: rest };
}

/**
 * Parses a resource path; undefined for non-resource paths (discovery, health, openapi).
 * `watchParam` is the `watch` query parameter.
 */
export function parseRequestInfo(
  path: string,
  method: string,
  watchParam: string | null,
): RequestInfo | undefined {
  const prefix = splitPrefix(
    path
      .split("/")
      .filter((p) => p !== "")
      .map(decodeURIComponent),
  );
  if (prefix === undefined || prefix.rest.length === 0) return undefined;
  let rest = prefix.rest;
  let watch = watchParam === "true" || watchParam === "1";
  if (rest[0] === "watch") {
    watch = true;
    rest = rest.slice(1);
  }
  const { namespace, parts } = scope(rest);
  const [resource = "", name, subresource] = parts;
  if (parts.length > 3) return undefined;
  return {
    group: prefix.group,
    version: prefix.version,
    resource,
    namespace: resource === "namespaces" ? undefined : namespace,
    name,
    subresource,
    verb: verbFor(method, name, watch),
  };
}
