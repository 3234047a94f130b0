import type { ReactNode } from "react";

export function EndpointCard({
  title,
  address,
  children,
}: {
  title: string;
  address: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${title.replace(/\W+/g, "-").toLowerCase()}-title`}
      className="flex flex-col gap-3 rounded-lg border border-border bg-surface p-5"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2
          id={`${title.replace(/\W+/g, "-").toLowerCase()}-title`}
          className="text-base font-semibold"
        >
          {title}
        </h2>
        <span className="font-mono text-sm text-muted">{address}</span>
      </div>
      {children}
    </section>
  );
}
