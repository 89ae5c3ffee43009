import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../cluster-api.js";
import {
  containerNotFound,
  exitMessage,
  hasStatusChannel,
  internalErrorMessage,
  negotiateProtocol,
  parseExecRequest,
} from "./exec-protocol.js";

describe("exec request query", () => {
  test("repeated command parameters become the argv in order, with the stream flags", () => {
    const query = new URLSearchParams(
      "command=sh&command=-c&command=echo+hi&container=main&stdin=true&stdout=true&stderr=1&tty=false",
    );
    assert.deepEqual(parseExecRequest(query), {
      command: ["sh", "-c", "echo hi"],
      container: "main",
      stdin: true,
      stdout: true,
      stderr: true,
      tty: false,
    });
  });

  test("an empty container parameter means the pod's default container", () => {
    const request = parseExecRequest(new URLSearchParams("command=ls&container="));
    assert.equal(request.container, undefined);
    assert.equal(request.stdout, false);
  });

  test("a request without a command is refused with 400 as the API server does", () => {
    assert.throws(
      () => parseExecRequest(new URLSearchParams("container=main&stdout=true")),
      (error: unknown) =>
        error instanceof ApiError &&
        error.code === 400 &&
        error.message === "you must specify at least 1 command",
    );
  });
});

describe("channel protocol negotiation", () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ["kubectl 1.32 offers v5 first", "v5.channel.k8s.io, v4.channel.k8s.io", "v5.channel.k8s.io"],
    [
      "client-node offers every version",
      "v5.channel.k8s.io,v4.channel.k8s.io,v3.channel.k8s.io,v2.channel.k8s.io,channel.k8s.io",
      "v5.channel.k8s.io",
    ],
    ["a v4-only client gets v4", "v4.channel.k8s.io", "v4.channel.k8s.io"],
    ["no protocol header means the original channel protocol", undefined, "channel.k8s.io"],
    ["only unknown protocols are refused", "base64.channel.k8s.io, chat", undefined],
  ];
  for (const [name, header, expected] of cases) {
    test(name, () => {
      assert.equal(negotiateProtocol(header), expected);
    });
  }

  test("only v4 and v5 carry a JSON Status on the error channel", () => {
    assert.equal(hasStatusChannel("v5.channel.k8s.io"), true);
    assert.equal(hasStatusChannel("v4.channel.k8s.io"), true);
    assert.equal(hasStatusChannel("v3.channel.k8s.io"), false);
    assert.equal(hasStatusChannel("channel.k8s.io"), false);
  });
});

describe("the error channel at the end of an exec", () => {
  const argv = ["sh", "-c", "exit 3"];

  test("a zero exit is a Success Status for v4 and v5", () => {
    for (const protocol of ["v4.channel.k8s.io", "v5.channel.k8s.io"] as const) {
      assert.deepEqual(JSON.parse(exitMessage(protocol, argv, 0) ?? ""), {
        metadata: {},
        status: "Success",
      });
    }
  });

  test("a non-zero exit over v4 is the kubelet's NonZeroExitCode Status with the ExitCode cause", () => {
    assert.deepEqual(JSON.parse(exitMessage("v4.channel.k8s.io", argv, 3) ?? ""), {
      metadata: {},
      status: "Failure",
      message:
        "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
      reason: "NonZeroExitCode",
      details: { causes: [{ reason: "ExitCode", message: "3" }] },
    });
  });

  test("a non-zero exit over v5 is worded as the API server's stream translator words it", () => {
    const status = JSON.parse(exitMessage("v5.channel.k8s.io", argv, 42) ?? "") as {
      message: string;
      details: { causes: { reason: string; message: string }[] };
    };
    assert.equal(
      status.message,
      "command terminated with non-zero exit code: command terminated with exit code 42",
    );
    assert.deepEqual(status.details.causes, [{ reason: "ExitCode", message: "42" }]);
  });

  test("the older protocols write nothing on success and plain text on failure", () => {
    assert.equal(exitMessage("channel.k8s.io", argv, 0), undefined);
    assert.equal(
      exitMessage("v3.channel.k8s.io", argv, 1),
      "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 1",
    );
  });

  test("a container that does not run is the kubelet's refusal, wrapped as an InternalError for v5", () => {
    assert.equal(containerNotFound("main"), 'container not found ("main")');
    assert.deepEqual(JSON.parse(internalErrorMessage(containerNotFound("main"))), {
      metadata: {},
      status: "Failure",
      message:
        'Internal error occurred: unable to upgrade connection: container not found ("main")',
      reason: "InternalError",
      details: {
        causes: [{ message: 'unable to upgrade connection: container not found ("main")' }],
      },
      code: 500,
    });
  });
});
