"use client";

import { useId, useState } from "react";
import { describeConfigTextError, parseConfigText, type ParsedConfigText } from "@/lib/connect/config-text";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { StatusIcon } from "@/components/ui/status-icon";

const FORMAT_LABEL = { "connect-json": "Kafka Connect JSON", "flat-json": "flat JSON map", properties: ".properties" } as const;

/** Paste a Kafka Connect JSON, a flat JSON map or a .properties text; it replaces the draft once it parses. */
export function PasteConfigDialog({ open, onClose, onUse }: { open: boolean; onClose: () => void; onUse: (parsed: ParsedConfigText) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const result = text.trim() === "" ? null : parseConfigText(text);
  const use = () => {
    if (!result?.ok) return;
    onUse(result.value);
    setText("");
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Paste a connector config"
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!result?.ok} onClick={use}>
            Use this config
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3">
        <label htmlFor={id} className="text-sm">
          Paste <strong>{`{"name": …, "config": {…}}`}</strong> as POST /connectors takes it, a flat JSON map of settings, or a <strong>.properties</strong> file as
          connect-standalone reads it. It replaces the settings in the form; errors show on their fields after validation.
        </label>
        <textarea
          id={id}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={14}
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={result && !result.ok ? true : undefined}
          aria-describedby={`${id}-result`}
          className="w-full rounded-md border border-border bg-code px-3 py-2 font-mono text-[13px] leading-5 text-foreground focus-visible:outline-2 focus-visible:outline-accent"
          data-testid="paste-config-text"
          placeholder={'{\n  "name": "my-connector",\n  "config": {\n    "connector.class": "FileStreamSource",\n    "topic": "lines"\n  }\n}'}
        />
        <div id={`${id}-result`} aria-live="polite" className="text-sm">
          {result === null ? null : result.ok ? (
            <p className="flex items-center gap-1.5 text-success">
              <StatusIcon tone="success" shape="check" />
              Read as {FORMAT_LABEL[result.value.format]}: {Object.keys(result.value.config).length} settings
              {result.value.name ? `, name “${result.value.name}”` : ""}.
            </p>
          ) : (
            <p className="flex items-center gap-1.5 text-danger" role="alert">
              <StatusIcon tone="danger" shape="cross" />
              {describeConfigTextError(result.error)}
            </p>
          )}
          {result?.ok && result.value.warnings.length > 0 ? (
            <ul className="mt-1 list-disc pl-5 text-xs text-warning">
              {result.value.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </Dialog>
  );
}
