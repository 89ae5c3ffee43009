import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { makeTempDir } from "../../helpers/temp-dir.js";
import { startProcess } from "./container-process.js";
import { ContainerLogWriter, readLogLines } from "./log-store.js";
import {
  bwrapCommand,
  directCommand,
  fallbackRootVariable,
  probeBwrap,
  type SandboxRequest,
} from "./sandbox.js";

const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const probe = probeBwrap();

async function fixture(t: {
  after: (fn: () => Promise<void>) => void;
}): Promise<{ dir: string; request: (argv: string[]) => SandboxRequest }> {
  const temp = await makeTempDir();
  t.after(() => temp.remove());
  const data = join(temp.path, "data");
  const config = join(temp.path, "config");
  mkdirSync(data);
  mkdirSync(config);
  writeFileSync(join(config, "setting"), "on");
  return {
    dir: temp.path,
    request: (argv) => ({
      argv,
      env: { PATH, GREETING: "hi" },
      mounts: [
        { source: data, target: "/data", readOnly: false },
        { source: config, target: "/etc/app", readOnly: true },
      ],
      workingDir: "/data",
      hostname: "pod-1",
      hostReadOnly: [],
      fallbackRoot: join(temp.path, "root"),
    }),
  };
}

function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function run(
  command: ReturnType<typeof bwrapCommand>,
  dir: string,
): Promise<{ code: number; out: string }> {
  const log = new ContainerLogWriter(join(dir, `${Date.now()}.log`), () => new Date());
  const exit = await startProcess(command, log, () => new Date()).exited;
  return {
    code: exit.exitCode,
    out: readLogLines(log.path)
      .map((l) => l.text)
      .join("\n"),
  };
}

test("bwrap is usable on this machine", { skip: process.env["CI_NO_BWRAP"] !== undefined }, () => {
  assert.equal(probe.usable, true, probe.detail);
});

test(
  "a sandboxed process sees its env, hostname, mounts (writable where asked) and nothing else",
  { skip: !probe.usable },
  async (t) => {
    const { dir, request } = await fixture(t);
    const script =
      'echo "$GREETING $(hostname) $(pwd) $(cat /etc/app/setting)"; echo made > /data/out; echo x 2>/dev/null > /etc/app/y || echo ro; ls /work 2>&1 | head -c 0; test -e /root/.bashrc || echo isolated';
    const result = await run(bwrapCommand(request(["sh", "-c", script])), dir);
    assert.equal(result.code, 0);
    assert.equal(result.out, "hi pod-1 /data on\nro\nisolated");
    assert.equal(readFileSync(join(dir, "data/out"), "utf8"), "made\n");
  },
);

test("the fallback runs directly with a symlink root named in the environment", async (t) => {
  const { dir, request } = await fixture(t);
  const command = directCommand(
    request(["sh", "-c", `cat "$${fallbackRootVariable}/etc/app/setting"; pwd`]),
  );
  const result = await run(command, dir);
  assert.equal(result.code, 0);
  assert.equal(result.out, `on${join(dir, "data")}`);
});

test("stopping sends SIGTERM, then SIGKILL after the grace period, to the whole group", async (t) => {
  const { dir } = await fixture(t);
  const log = new ContainerLogWriter(join(dir, "0.log"), () => new Date());
  const pidFile = join(dir, "child.pid");
  const script = `trap '' TERM; sleep 30 & echo $! > ${pidFile}; echo started; wait`;
  const running = startProcess(
    { file: "sh", args: ["-c", script], env: { PATH }, cwd: dir },
    log,
    () => new Date(),
  );
  while (!existsSync(pidFile) || readFileSync(pidFile, "utf8").trim() === "") await delay(10);
  const childPid = Number(readFileSync(pidFile, "utf8"));
  const started = Date.now();
  const exit = await running.stop(300);
  assert.ok(Date.now() - started >= 250, "waited for the grace period");
  assert.equal(exit.exitCode, 137);
  assert.equal(isAlive(childPid), false);
});

test("a process that exits on its own leaves no background children behind", async (t) => {
  const { dir } = await fixture(t);
  const log = new ContainerLogWriter(join(dir, "0.log"), () => new Date());
  const pidFile = join(dir, "bg.pid");
  const script = `sleep 30 >/dev/null 2>&1 & echo $! > ${pidFile}; exit 3`;
  const exit = await startProcess(
    { file: "sh", args: ["-c", script], env: { PATH }, cwd: dir },
    log,
    () => new Date(),
  ).exited;
  assert.equal(exit.exitCode, 3);
  assert.equal(exit.reason, "Error");
  await delay(50);
  assert.equal(isAlive(Number(readFileSync(pidFile, "utf8"))), false);
});

test("a missing program ends the run with StartError", async (t) => {
  const { dir } = await fixture(t);
  const log = new ContainerLogWriter(join(dir, "0.log"), () => new Date());
  const exit = await startProcess(
    { file: "/nonexistent/program", args: [], env: { PATH }, cwd: dir },
    log,
    () => new Date(),
  ).exited;
  assert.equal(exit.reason, "StartError");
  assert.equal(exit.exitCode, 128);
});
