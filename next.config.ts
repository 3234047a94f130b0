import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // kafkajs opens sockets and uses Node built-ins: load it from node_modules at run time instead of
  // bundling it into the server build.
  serverExternalPackages: ["kafkajs"],
  // Ferry runs where it is installed; nothing is fetched at build or run time.
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
