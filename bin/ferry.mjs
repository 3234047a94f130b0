#!/usr/bin/env node
// The `ferry` command. Ferry ships TypeScript sources; tsx compiles them on load, so the command
// works right after `npm install` with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../server/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
