// The console's navigation. An item whose page does not exist yet is listed with `available: false`:
// the sidebar shows it as "coming" text instead of a link. Flip the flag when the page lands.

import type { Role } from "@/lib/auth/roles";

export interface NavItem {
  label: string;
  href: string;
  available: boolean;
  /** A page for a role: for others the item is shown disabled with the role it needs. */
  needs?: Role;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: "Overview", href: "/", available: true },
  { label: "Connectors", href: "/connectors", available: true },
  { label: "Workers", href: "/workers", available: true },
  { label: "Plugins", href: "/plugins", available: true },
  { label: "Topics", href: "/topics", available: true },
  { label: "Audit log", href: "/audit", available: true, needs: "operator" },
];
