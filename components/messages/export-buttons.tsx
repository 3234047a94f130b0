"use client";

import { Button } from "@/components/ui/button";
import { exportRecords, type ExportFormat } from "@/lib/kafka/export";
import type { WireRecord } from "@/lib/kafka/schemas";

/** Downloads the records shown as JSON lines or CSV. */
export function ExportButtons({ topic, records, disabled }: { topic: string; records: () => WireRecord[]; disabled: boolean }) {
  const download = (format: ExportFormat) => {
    const { text, mimeType, extension } = exportRecords(records(), format, { topic });
    const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${topic}-${new Date().toISOString().replace(/[:.]/g, "-")}.${extension}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Revoke after the click has been handled by the browser.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <span className="inline-flex items-center gap-1" role="group" aria-label="Export the records shown">
      <Button size="sm" disabled={disabled} onClick={() => download("jsonl")}>
        Export JSON lines
      </Button>
      <Button size="sm" disabled={disabled} onClick={() => download("csv")}>
        Export CSV
      </Button>
    </span>
  );
}
