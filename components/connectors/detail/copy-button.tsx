"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Writes `text` to the clipboard; falls back to a hidden textarea + execCommand where the API is refused. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // permission refused or no focus: try the old way
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  // Inside an open modal <dialog> only its own subtree can take focus and selection.
  const host = document.querySelector("dialog[open]") ?? document.body;
  host.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        onClick={async () => {
          setOutcome((await copyText(text)) ? "copied" : "failed");
        }}
      >
        {label}
      </Button>
      <span role="status" className="text-xs text-muted">
        {outcome === "copied" ? "Copied to the clipboard" : outcome === "failed" ? "Copy was refused: select the text and copy it by hand" : ""}
      </span>
    </span>
  );
}
