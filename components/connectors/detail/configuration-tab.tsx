"use client";

import { ConnectorConfigEditor } from "@/components/config/connector-config-editor";
import type { ConnectorConfig } from "@/lib/connect/schemas";
import { TransformChain } from "./transform-chain";

export function ConfigurationTab({ cluster, name, config }: { cluster: string; name: string; config: ConnectorConfig }) {
  return (
    <div className="flex flex-col gap-8">
      {/* The chain first: the editor below is long, and the chain is the part hardest to read in it. */}
      <TransformChain config={config} />
      <ConnectorConfigEditor cluster={cluster} connectorName={name} config={config} />
    </div>
  );
}
