import type { Metadata } from "next";
import { Suspense } from "react";
import { PluginCatalogue } from "@/components/plugins/plugin-catalogue";
import { LoadingState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Plugins" };

export default function PluginsPage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <PluginCatalogue />
    </Suspense>
  );
}
