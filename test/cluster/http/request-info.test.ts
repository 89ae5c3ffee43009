import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRequestInfo } from "./request-info.js";

describe("resource request paths", () => {
  const cases: {
    method: string;
    path: string;
    watch?: string;
    expect: Record<string, unknown> | undefined;
  }[] = [
    {
      method: "GET",
      path: "/api/v1/namespaces",
      expect: {
        group: "",
        version: "v1",
        resource: "namespaces",
        namespace: undefined,
        name: undefined,
        subresource: undefined,
        verb: "list",
      },
    },
    {
      method: "GET",
      path: "/api/v1/namespaces/shop",
      expect: { resource: "namespaces", name: "shop", namespace: undefined, verb: "get" },
    },
    {
      method: "PUT",
      path: "/api/v1/namespaces/shop/finalize",
      expect: { resource: "namespaces", name: "shop", subresource: "finalize", verb: "update" },
    },
    {
      method: "GET",
      path: "/api/v1/namespaces/shop/pods/web/log",
      expect: { resource: "pods", namespace: "shop", name: "web", subresource: "log", verb: "get" },
    },
    {
      method: "GET",
      path: "/apis/apps/v1/deployments",
      watch: "true",
      expect: { group: "apps", resource: "deployments", verb: "watch" },
    },
    {
      method: "GET",
      path: "/api/v1/watch/namespaces/shop/configmaps",
      expect: { resource: "configmaps", namespace: "shop", verb: "watch" },
    },
    {
      method: "DELETE",
      path: "/apis/example.com/v1/namespaces/shop/widgets",
      expect: { group: "example.com", resource: "widgets", verb: "deletecollection" },
    },
    {
      method: "PATCH",
      path: "/apis/apps/v1/namespaces/shop/deployments/web/scale",
      expect: { subresource: "scale", verb: "patch" },
    },
    { method: "GET", path: "/apis/apps/v1", expect: undefined },
    { method: "GET", path: "/version", expect: undefined },
  ];
  for (const { method, path, watch, expect } of cases) {
    it(`parses ${method} ${path}${watch === undefined ? "" : "?watch=true"}`, () => {
      const info = parseRequestInfo(path, method, watch ?? null);
      if (expect === undefined) assert.equal(info, undefined);
      else
        assert.deepEqual(
          Object.fromEntries(
            Object.keys(expect).map((k) => [
              k,
              (info as unknown as Record<string, unknown> | undefined)?.[k],
            ]),
          ),
          expect,
        );
    });
  }
});
