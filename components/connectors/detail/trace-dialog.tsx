"use client";

import { Dialog } from "@/components/ui/dialog";
import { CopyButton } from "./copy-button";

export interface TraceSubject {
  /** "Connector file-sink" or "Task 0". */
  title: string;
  workerId: string;
  trace: string;
}

/** The full failure trace, scrollable and copyable. */
export function TraceDialog({ subject, onClose }: { subject: TraceSubject | null; onClose: () => void }) {
  return (
    <Dialog open={subject !== null} onClose={onClose} title={subject ? `${subject.title}: trace` : "Trace"} wide footer={subject ? <CopyButton text={subject.trace} label="Copy trace" /> : null}>
      {subject ? (
        <div className="flex flex-col gap-3">
          <p className="text-muted">
            Failed on worker <span className="font-mono text-foreground">{subject.workerId}</span>
          </p>
          <pre tabIndex={0} aria-label="Full trace" data-testid="trace-text" className="max-h-[60dvh] overflow-auto rounded-md border border-border bg-code px-3 py-2 font-mono text-xs leading-relaxed whitespace-pre">
            {subject.trace}
          </pre>
        </div>
      ) : null}
    </Dialog>
  );
}
