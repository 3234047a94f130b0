import type { Metadata } from "next";
import { Suspense } from "react";
import { WorkersPage } from "@/components/workers/workers-page";
import { LoadingState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Workers" };

export default function Workers() {
  return (
    <Suspense fallback={<LoadingState />}>
      <WorkersPage />
    </Suspense>
  );
}
