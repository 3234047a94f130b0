import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { ClusterPicker } from "@/components/clusters/cluster-picker";
import { SidebarNav, SidebarNavFromUrl } from "./sidebar-nav";
import { ThemeToggle } from "./theme-toggle";
import { UserBox } from "./user-box";

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col md:flex-row">
      <aside className="shrink-0 border-b border-border bg-surface md:w-60 md:border-r md:border-b-0">
        <div className="flex flex-col gap-6 p-4 md:sticky md:top-0 md:h-dvh">
          <Link
            href="/"
            className="flex items-center gap-2 px-3 text-lg font-semibold tracking-tight"
          >
            <FerryMark />
            Ferry
          </Link>
          {/* Until the URL is read, the nav renders without the cluster parameter rather than not at all. */}
          <Suspense fallback={<SidebarNav cluster={null} />}>
            <SidebarNavFromUrl />
          </Suspense>
          <Suspense fallback={null}>
            <ClusterPicker />
          </Suspense>
          <div className="mt-auto flex flex-col gap-3 px-1">
            <UserBox />
            <ThemeToggle />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1">{children}</main>
    </div>
  );
}

function FerryMark() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-6 text-accent">
      <path
        d="M3 15h18l-2.5 4h-13L3 15Zm3-1V9h6v5m0-3h5l2 3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path
        d="M2 21.5c1.5 0 1.5-.8 3-.8s1.5.8 3 .8 1.5-.8 3-.8 1.5.8 3 .8 1.5-.8 3-.8 1.5.8 3 .8"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}
