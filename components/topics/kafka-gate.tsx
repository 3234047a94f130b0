"use client";

import type { ReactNode } from "react";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useKafkaCluster } from "./use-kafka-cluster";

/** The Kafka cluster a topic page shows, and the Connect cluster whose connectors use its topics. */
export interface KafkaChoice {
  name: string;
  /** The linked, reachable Connect cluster, if any. */
  connect?: string;
  connectIsDefault: boolean;
}

/**
 * Renders `children` with the Kafka cluster once it is known; otherwise says what is wrong.
 * `prefetched` (the server render's choice) stands in while the cluster list loads, so the first
 * paint needs no request.
 */
export function KafkaGate({ children, prefetched }: { children: (kafka: KafkaChoice) => ReactNode; prefetched?: KafkaChoice }) {
  const k = useKafkaCluster();
  if (k.isPending) return prefetched ? <>{children(prefetched)}</> : <LoadingState label="Looking up Kafka clusters…" />;
  if (k.error) return <Padded><ErrorState title="The console server did not answer" error={k.error} /></Padded>;
  if (!k.name) {
    return (
      <Padded>
        <ErrorState title="No Kafka cluster configured" error="Start the console with `ferry start` (its embedded broker is the default cluster), or name clusters with FERRY_KAFKA_CLUSTERS or a FERRY_CONSOLE_CONFIG file." />
      </Padded>
    );
  }
  if (k.unknown) return <Padded><ErrorState title="Unknown Kafka cluster" error={`No Kafka cluster is configured under that name. Known: ${k.clusters?.kafka.map((x) => x.name).join(", ") || "none"}.`} /></Padded>;
  return <>{children({ name: k.name, connect: k.connect?.name, connectIsDefault: k.connectIsDefault })}</>;
}

function Padded({ children }: { children: ReactNode }) {
  return <div className="px-6 py-6 md:px-8">{children}</div>;
}
