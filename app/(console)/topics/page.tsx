import type { Metadata } from "next";
import { Suspense } from "react";
import { TopicsPage } from "@/components/topics/list/topics-page";
import { LoadingState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Topics" };

export default function TopicsRoute() {
  return (
    <Suspense fallback={<LoadingState />}>
      <TopicsPage />
    </Suspense>
  );
}
