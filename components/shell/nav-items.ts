// The console's navigation. An item whose page does not exist yet is listed with `available: false`:
// the sidebar shows it as "coming" text instead of a link. Flip the flag when the page lands.

export interface NavItem {
  label: string;
  href: string;
  available: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: "Overview", href: "/", available: true },
  { label: "Connectors", href: "/connectors", available: true },
  { label: "Plugins", href: "/plugins", available: true },
  { label: "Topics", href: "/topics", available: true },
];
