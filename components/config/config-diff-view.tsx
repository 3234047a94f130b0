import { TableHead } from "@/components/ui/table-head";
import type { ConfigDiff, DiffKind } from "@/lib/connect/config-diff";

const KIND: Record<DiffKind, { sign: string; word: string; className: string }> = {
  added: { sign: "+", word: "Added", className: "text-success" },
  removed: { sign: "−", word: "Removed", className: "text-danger" },
  changed: { sign: "~", word: "Changed", className: "text-warning" },
};

/** Running config → draft, one row per key that changes; the kind is a sign and a word, not only a colour. */
export function ConfigDiffView({ diff }: { diff: ConfigDiff }) {
  if (diff.entries.length === 0) return <p className="text-sm text-muted">No changes: the draft is the running configuration.</p>;
  return (
    <div className="flex flex-col gap-3" data-testid="config-diff">
      <p className="text-sm">
        {[diff.added && `${diff.added} added`, diff.changed && `${diff.changed} changed`, diff.removed && `${diff.removed} removed`].filter(Boolean).join(", ")}
      </p>
      <div className="overflow-x-auto rounded-md border border-border">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Configuration changes</caption>
          <TableHead columns={["Change", "Key", "Running", "Draft"]} />
          <tbody className="divide-y divide-border font-mono text-xs">
            {diff.entries.map((e) => {
              const k = KIND[e.kind];
              return (
                <tr key={e.key} data-diff-kind={e.kind} data-diff-key={e.key}>
                  <td className={`px-3 py-1.5 font-sans font-semibold whitespace-nowrap ${k.className}`}>
                    <span aria-hidden="true">{k.sign} </span>
                    {k.word}
                  </td>
                  <td className="px-3 py-1.5 whitespace-nowrap">{e.key}</td>
                  <td className="px-3 py-1.5 break-all">{e.before === undefined ? <Absent /> : <del className="bg-danger-soft no-underline">{e.before}</del>}</td>
                  <td className="px-3 py-1.5 break-all">
                    {e.after === undefined ? <Absent /> : <ins className="bg-success-soft no-underline">{e.after}</ins>}
                    {e.secret ? <span className="ml-2 font-sans text-muted">(secret)</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Absent() {
  return <span className="font-sans text-muted italic">not set</span>;
}
