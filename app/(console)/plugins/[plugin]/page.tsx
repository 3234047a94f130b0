import type { Metadata } from "next";
import { Suspense } from "react";
import { PluginDetail } from "@/components/plugins/plugin-detail";
import { LoadingState } from "@/components/ui/states";

type Params = Promise<{ plugin: string }>;

/** Class names arrive percent-encoded ($ in transform classes); decode once, tolerating plain text. */
function pluginName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { plugin } = await params;
  return { title: pluginName(plugin).split(".").pop() ?? "Plugin" };
}

export default async function PluginPage({ params }: { params: Params }) {
  const { plugin } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <PluginDetail plugin={pluginName(plugin)} />
    </Suspense>
  );
}
