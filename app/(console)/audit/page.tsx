import type { Metadata } from "next";
import { AuditLogPage } from "@/components/audit/audit-log-page";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return <AuditLogPage />;
}
