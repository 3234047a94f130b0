"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useSession } from "@/components/auth/session-provider";
import { LockIcon } from "@/components/auth/role-gate";
import { hasRole, missingRoleMessage } from "@/lib/auth/roles";
import { NAV_ITEMS } from "./nav-items";

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The nav with the selected Connect cluster carried along (reads the URL: sits under <Suspense>). */
export function SidebarNavFromUrl() {
  return <SidebarNav cluster={useSearchParams().get("cluster")} />;
}

/** `cluster`: the selected Connect cluster, which follows the user from page to page. */
export function SidebarNav({ cluster }: { cluster: string | null }) {
  const pathname = usePathname();
  const { role } = useSession();
  return (
    <nav aria-label="Main">
      <ul className="flex flex-col gap-0.5">
        {NAV_ITEMS.map((item) => {
          if (!item.available) {
            return (
              <li key={item.href}>
                <span
                  className="flex items-center justify-between rounded-md px-3 py-2 text-sm text-muted"
                  aria-disabled="true"
                >
                  {item.label}
                  <span className="rounded border border-border px-1.5 py-px text-[11px] font-medium tracking-wide uppercase">
                    coming
                  </span>
                </span>
              </li>
            );
          }
          if (item.needs && !hasRole(role, item.needs)) {
            return (
              <li key={item.href}>
                <span className="flex items-center gap-1.5 rounded-md px-3 py-2 text-sm text-muted" aria-disabled="true" title={missingRoleMessage(item.needs)} data-missing-role={item.needs}>
                  <LockIcon />
                  {item.label}
                  <span className="ml-auto text-[11px]">needs {item.needs}</span>
                </span>
              </li>
            );
          }
          const active = isActive(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={cluster && item.href !== "/" ? `${item.href}?cluster=${encodeURIComponent(cluster)}` : item.href}
                aria-current={active ? "page" : undefined}
                className={
                  active
                    ? "flex rounded-md bg-accent-soft px-3 py-2 text-sm font-medium text-foreground"
                    : "flex rounded-md px-3 py-2 text-sm text-foreground hover:bg-surface-muted"
                }
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
