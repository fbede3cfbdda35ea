// Fallback for machines without GNU time: preloaded with `node --require`, it writes this process's peak RSS (KB)
// and CPU seconds (user, system) to $BENCH_USAGE_FILE as the process exits, in GNU time's "%M %U %S" format.
// CommonJS and dependency-free so it adds next to nothing to start-up.
"use strict";
const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    require("node:fs").writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}\n`);
  });
}
