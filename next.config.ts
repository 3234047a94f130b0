import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // kafkajs opens sockets and uses Node built-ins: load it from node_modules at run time instead of
  // bundling it into the server build.
  serverExternalPackages: ["kafkajs"],
  // Tests may build into another directory (FERRY_CONSOLE_DIST_DIR) so parallel builds never share one.
  distDir: process.env.FERRY_CONSOLE_DIST_DIR || ".next",
  // `npm test` type-checks the whole project (tsc --noEmit); the build, run on first start, need not.
  typescript: { ignoreBuildErrors: true },
  // Ferry runs where it is installed; nothing is fetched at build or run time.
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
