// ESLint 9 flat config: Next.js rules (core web vitals + TypeScript) and the layer boundaries of
// DESIGN.md. Boundaries are checked twice: `no-restricted-imports` on the import text (works even
// before the target file exists) and `import/no-restricted-paths` on the resolved file (catches
// relative imports such as `../../connect/x`).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const NO_SERVER_FROM_BROWSER =
  "lib/ and components/ run in the browser too: they never import server/. Go through the Connect REST API or an app/ route handler.";

const serverImportPatterns = {
  group: ["@/server", "@/server/*", "**/server/**"],
  message: NO_SERVER_FROM_BROWSER,
};

/** @type {import("eslint").Linter.Config[]} */
const config = [
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "data/**",
      "test-artifacts/**",
      "tmp/**",
      "next-env.d.ts",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      // Warnings fail `npm run lint` (--max-warnings=0); `_`-prefixed names are deliberate.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            serverImportPatterns,
            {
              group: ["node:*"],
              message: "lib/ is isomorphic (browser + server): no Node built-ins here.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [serverImportPatterns] }],
    },
  },
  {
    files: ["server/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app", "@/app/*", "@/components", "@/components/*"],
              message: "server/ never imports the console (app/, components/).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/broker/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app", "@/app/*", "@/components", "@/components/*"],
              message: "server/ never imports the console (app/, components/).",
            },
            {
              // The relative forms catch `../../connect/x` before the target file exists.
              group: [
                "@/server/*",
                "!@/server/broker",
                "!@/server/broker/**",
                "../**/connect",
                "../**/connect/**",
                "../**/cli",
                "../**/cli/**",
                "../**/kafka",
                "../**/kafka/**",
              ],
              message:
                "server/broker/ is a broker, not part of the engine: it imports nothing else from server/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.{ts,tsx,mts,js,mjs}"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./lib", from: "./server", message: NO_SERVER_FROM_BROWSER },
            { target: "./components", from: "./server", message: NO_SERVER_FROM_BROWSER },
            {
              target: "./server",
              from: ["./app", "./components"],
              message: "server/ never imports the console (app/, components/).",
            },
            {
              target: "./server/broker",
              from: "./server",
              except: ["./broker"],
              message:
                "server/broker/ is a broker, not part of the engine: it imports nothing else from server/.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
