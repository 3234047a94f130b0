import Link from "next/link";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/states";

/** The first thing a new user sees: what a connector is and the two ways to make one. */
export function NoConnectors({ createHref, restUrl }: { createHref: string; restUrl: string }) {
  return (
    <EmptyState
      title="No connectors yet"
      action={
        <Link href={createHref} className={PRIMARY_LINK}>
          Create connector
        </Link>
      }
    >
      <p>
        A connector copies data between Kafka and another system: a source brings records into a topic, a sink writes a topic&apos;s records out. Create one
        from a plugin&apos;s form or by pasting its JSON, or post it to the Connect REST API:
      </p>
      <div className="mt-3 text-left">
        <CodeBlock label="Create a connector with curl">
          {`curl -X POST ${restUrl.replace(/\/$/, "")}/connectors \\
  -H 'Content-Type: application/json' \\
  -d '{"name": "my-source", "config": {
        "connector.class": "FileStreamSource",
        "file": "/tmp/input.txt", "topic": "lines"}}'`}
        </CodeBlock>
      </div>
    </EmptyState>
  );
}

export const PRIMARY_LINK =
  "inline-flex h-9 items-center justify-center gap-1.5 rounded-md border border-transparent bg-accent px-3.5 text-sm font-medium whitespace-nowrap text-accent-foreground hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent";
