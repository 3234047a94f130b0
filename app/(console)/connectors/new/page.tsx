import type { Metadata } from "next";
import { Suspense } from "react";
import { CreateConnectorWizard } from "@/components/connectors/create/create-connector-wizard";
import { LoadingState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Create a connector" };

export default function NewConnectorPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <CreateConnectorWizard />
    </Suspense>
  );
}
