import type { Metadata } from "next";
import { Suspense } from "react";
import { ConnectorPage } from "@/components/connectors/detail/connector-page";
import { LoadingState } from "@/components/ui/states";

interface Props {
  params: Promise<{ name: string }>;
}

/** A segment may arrive still percent-encoded; a name with a stray "%" stays as it is. */
function connectorName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: connectorName((await params).name) };
}

export default async function ConnectorRoute({ params }: Props) {
  const name = connectorName((await params).name);
  return (
    <Suspense fallback={<LoadingState />}>
      <ConnectorPage name={name} />
    </Suspense>
  );
}
