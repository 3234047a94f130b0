import type { ReactNode } from "react";

export function CodeBlock({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <pre
      aria-label={label}
      className="overflow-x-auto rounded-md border border-border bg-code px-4 py-3 font-mono text-[13px] leading-relaxed"
    >
      <code>{children}</code>
    </pre>
  );
}
