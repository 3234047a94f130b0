import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

export function ConnectorNotFound({ name, cluster, listHref }: { name: string; cluster: string; listHref: string }) {
  return (
    <div className="px-6 py-8 md:px-8">
      <EmptyState
        title="Connector not found"
        action={
          <Link href={listHref} className="inline-flex h-9 items-center rounded-md border border-border bg-surface px-3.5 text-sm font-medium hover:bg-surface-muted">
            Back to connectors
          </Link>
        }
      >
        <p>
          The Connect cluster <span className="font-mono">{cluster}</span> has no connector named <span className="font-mono break-all">{name}</span> (404). It may have been deleted or
          renamed.
        </p>
      </EmptyState>
    </div>
  );
}
