import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: { "@": root },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/node_modules/**", ".next/**", ".next-*/**", "data/**", "test-artifacts/**", "tmp/**"],
    // Integration tests start brokers and workers; they wait on conditions, never on fixed sleeps.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each test file in its own process: brokers, sockets and timers cannot leak between files.
    pool: "forks",
    // The last line is read by CI tooling: "N passed, N failed, N skipped".
    reporters: ["default", "./test/harness/summary-reporter.ts"],
  },
});
