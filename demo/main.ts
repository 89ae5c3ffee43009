// `npm run demo`: two local clusters and a bucket, install, a sample application with a
// volume, backup, delete, restore, check, then a migration to the second cluster; cleans up
// whatever happens (also on ctrl-C) and exits non-zero if any step did not do what it should.
import { Cleanup } from "./demo-environment.js";
import { runDemo } from "./run-demo.js";

const cleanup = new Cleanup();
const signals = { interrupted: false };
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    signals.interrupted = true;
    process.stdout.write(`\n${signal}: cleaning up...\n`);
    void cleanup.run().finally(() => process.exit(130));
  });
}

const started = Date.now();
const outcomes = await runDemo(cleanup);
if (!signals.interrupted) {
  process.stdout.write("\n=== Summary ===\n");
  for (const o of outcomes) {
    process.stdout.write(
      `${o.result.padEnd(8)} ${o.title}${o.detail === undefined ? "" : ` - ${o.detail}`}\n`,
    );
  }
  const failed = outcomes.some((o) => o.result === "FAILED");
  process.stdout.write(
    `\nDemo ${failed ? "FAILED" : "finished"} in ${String(Math.round((Date.now() - started) / 1000))}s; cleaning up.\n`,
  );
  await cleanup.run();
  process.exitCode = failed ? 1 : 0;
}
