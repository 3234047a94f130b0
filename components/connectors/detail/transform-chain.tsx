import { StatusIcon } from "@/components/ui/status-icon";
import type { ConnectorConfig } from "@/lib/connect/schemas";
import { parseTransformChain, shortClassName } from "@/lib/connect/transform-chain";

/** The `transforms` chain in the order records pass through it, with each step's predicate. */
export function TransformChain({ config }: { config: ConnectorConfig }) {
  const steps = parseTransformChain(config);
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="transform-chain-title" className="flex flex-col gap-3">
      <div>
        <h2 id="transform-chain-title" className="text-base font-semibold">
          Transform chain
        </h2>
        <p className="text-sm text-muted">Each record passes through these transforms in this order.</p>
      </div>
      <ol className="flex flex-col gap-2">
        {steps.map((step, i) => (
          <li key={step.alias} data-testid="transform-step" className="rounded-lg border border-border bg-surface px-4 py-3 text-sm">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <span className="font-mono text-xs text-muted">{i + 1}.</span>
              <span className="font-semibold">{step.alias}</span>
              {step.type ? (
                <span title={step.type} className="font-mono text-xs">
                  {shortClassName(step.type)}
                </span>
              ) : null}
            </div>
            {step.predicate ? (
              <p className="mt-1.5 text-sm">
                <span className="font-medium">{step.negate ? "Applies unless" : "Applies only when"}</span>{" "}
                <span className="font-mono text-xs">{step.predicate.alias}</span>
                {step.predicate.type ? (
                  <>
                    {" "}
                    matches (<span title={step.predicate.type} className="font-mono text-xs">{shortClassName(step.predicate.type)}</span>
                    {Object.keys(step.predicate.settings).length > 0 ? <>: {formatSettings(step.predicate.settings)}</> : null})
                  </>
                ) : (
                  " matches"
                )}
              </p>
            ) : null}
            {Object.keys(step.settings).length > 0 ? (
              <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 font-mono text-xs">
                {Object.entries(step.settings).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="text-muted">{k}</dt>
                    <dd className="break-all">{v}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {step.problems.map((p) => (
              <p key={p} className="mt-1.5 flex items-center gap-1.5 text-xs text-warning">
                <StatusIcon tone="warning" />
                {p}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}

function formatSettings(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}
