"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { ClusterGate } from "@/components/clusters/cluster-gate";
import { clusterHref, useConnectCluster } from "@/components/clusters/use-connect-cluster";
import { ConfigDraftEditor } from "@/components/config/config-draft-editor";
import { useConfigDraft } from "@/components/config/use-config-draft";
import { matchesPlugin, prunedName } from "@/components/plugins/plugin-names";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorState } from "@/components/ui/states";
import { StatusIcon } from "@/components/ui/status-icon";
import { useToast } from "@/components/ui/toast";
import { connectClient } from "@/lib/connect/client";
import { fieldId, maskedSecretsIn, setDraftValue, type ConfigDraft } from "@/lib/connect/config-form";
import type { ParsedConfigText } from "@/lib/connect/config-text";
import { connectKeys, pluginsQuery } from "@/lib/connect/queries";
import type { PluginInfo } from "@/lib/connect/schemas";
import { PasteConfigDialog } from "./paste-config-dialog";
import { usePermission } from "@/components/auth/session-provider";
import { PluginStep } from "./plugin-step";
import { ReviewStep, type InitialState } from "./review-step";
import { StepIndicator } from "./step-indicator";

const STEPS = [
  { id: 1, label: "Plugin" },
  { id: 2, label: "Configure" },
  { id: 3, label: "Review" },
] as const;

/** The wizard's name field is its own input; the form leaves the key out. */
const EXCLUDE = ["name"] as const;

/** Create a connector: pick a plugin → configure (form, JSON or paste) with live validation → review → create. */
export function CreateConnectorWizard() {
  const { name, isDefault } = useConnectCluster();
  const href = (h: string) => clusterHref(h, name, isDefault);
  return (
    <>
      <PageHeader
        breadcrumb={
          <Link href={href("/connectors")} className="hover:underline">
            Connectors
          </Link>
        }
        title="Create a connector"
        description="Pick a plugin, fill in its settings (or paste a config), check them, and create."
      />
      <ClusterGate>{(cluster) => <Wizard cluster={cluster.name} href={href} />}</ClusterGate>
    </>
  );
}

function Wizard({ cluster, href }: { cluster: string; href: (h: string) => string }) {
  const params = useSearchParams();
  const initialPlugin = params.get("plugin") ?? undefined;
  const [step, setStep] = useState<number>(initialPlugin ? 2 : 1);
  const [draft, setDraft] = useState<ConfigDraft>(initialPlugin ? { "connector.class": initialPlugin } : {});
  const [initialState, setInitialState] = useState<InitialState>("RUNNING");
  const [pasting, setPasting] = useState(false);
  const plugins = useQuery(pluginsQuery(cluster, true));
  const state = useConfigDraft(cluster, draft, EXCLUDE);
  const toast = useToast();
  const router = useRouter();
  const queryClient = useQueryClient();

  const pluginClass = draft["connector.class"];
  const plugin = pluginClass ? plugins.data?.find((p) => matchesPlugin(p, pluginClass)) : undefined;
  const connectorName = draft.name ?? "";

  const choose = (p: PluginInfo) => {
    // Another plugin's settings mean nothing to this one: keep only the name.
    if (!plugin || plugin.class !== p.class) setDraft({ ...(draft.name !== undefined ? { name: draft.name } : {}), "connector.class": p.class });
    setStep(2);
  };

  const applyPasted = (parsed: ParsedConfigText) => {
    const pastedClass = parsed.config["connector.class"];
    if (!pastedClass && !pluginClass) {
      toast.show({ tone: "warning", title: "The pasted config has no connector.class", detail: "Pick a plugin first, or add connector.class to the config." });
      return;
    }
    const nextName = parsed.name ?? draft.name;
    setDraft({ ...(nextName !== undefined ? { name: nextName } : {}), "connector.class": pastedClass ?? pluginClass ?? "", ...parsed.config });
    if (pastedClass && pluginClass && !(plugin && matchesPlugin(plugin, pastedClass))) {
      const found = plugins.data?.find((p) => matchesPlugin(p, pastedClass));
      toast.show({
        tone: found ? "info" : "warning",
        title: found ? `Switched the plugin to ${prunedName(found.class)}` : `No installed plugin is called ${pastedClass}`,
        detail: found ? "The pasted connector.class names another plugin." : "Validation will report it; install the plugin or fix connector.class.",
      });
    }
    setPasting(false);
    setStep(2);
  };

  const create = useMutation({
    mutationFn: () => {
      const { name: n = "", ...config } = draft;
      return connectClient(cluster).create(n, config, initialState);
    },
    onSuccess: async (info) => {
      toast.show({ tone: "success", title: `Created ${info.name}`, detail: initialState === "RUNNING" ? "Its tasks are starting." : `It starts ${initialState.toLowerCase()}.` });
      await queryClient.invalidateQueries({ queryKey: connectKeys.connectors(cluster) });
      router.push(href(`/connectors/${encodeURIComponent(info.name)}`));
    },
  });

  const nameErrors = state.model.errors.find((e) => e.key === "name")?.messages ?? [];
  const masked = maskedSecretsIn(draft);
  const createBlocker = usePermission("admin").reason ?? null;
  const nextBlocker =
    connectorName.trim() === ""
      ? "Give the connector a name."
      : state.validation.error && !state.validation.validating
        ? "Validation could not run; see the message above."
        : state.validation.validating || !state.validation.current
          ? "Waiting for validation…"
          : state.model.errorCount > 0
            ? `Fix the ${state.model.errorCount === 1 ? "validation error" : `${state.model.errorCount} validation errors`} first.`
            : masked.length > 0
              ? `Type the hidden secret again: ${masked.join(", ")}.`
              : null;

  return (
    <div className="flex flex-col gap-6 px-6 py-5 md:px-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <StepIndicator steps={STEPS} current={step} onGo={setStep} />
        {step < 3 ? (
          <Button onClick={() => setPasting(true)} data-testid="paste-config">
            Paste config
          </Button>
        ) : null}
      </div>

      {step === 1 ? (
        <section aria-labelledby="step-plugin" className="flex flex-col gap-4">
          <h2 id="step-plugin" className="text-base font-semibold">
            1. Choose a connector plugin
          </h2>
          <PluginStep cluster={cluster} selected={plugin?.class} onSelect={choose} />
        </section>
      ) : null}

      {step === 2 ? (
        <section aria-labelledby="step-configure" className="flex flex-col gap-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="step-configure" className="text-base font-semibold">
              2. Configure {plugin ? prunedName(plugin.class) : pluginClass}
            </h2>
            <p className="text-sm text-muted">
              <code className="font-mono text-xs">{plugin?.class ?? pluginClass}</code>{" "}
              <button type="button" className="text-accent underline-offset-2 hover:underline" onClick={() => setStep(1)}>
                Change plugin
              </button>
            </p>
          </div>
          <ConfigDraftEditor
            state={state}
            draft={draft}
            onDraftChange={setDraft}
            header={
              <div className="flex max-w-xl flex-col gap-1.5">
                <label htmlFor={fieldId("name")} className="text-sm font-medium">
                  Connector name
                  <span className="ml-0.5 text-danger" aria-hidden="true">
                    *
                  </span>
                  <span className="sr-only"> (required)</span>
                </label>
                <input
                  id={fieldId("name")}
                  value={connectorName}
                  onChange={(e) => setDraft(setDraftValue(draft, "name", e.target.value === "" ? undefined : e.target.value))}
                  autoComplete="off"
                  spellCheck={false}
                  aria-required="true"
                  aria-invalid={nameErrors.length > 0 || undefined}
                  aria-describedby={`${fieldId("name")}-hint${nameErrors.length ? ` ${fieldId("name")}-errors` : ""}`}
                  placeholder="orders-source"
                  className={`h-9 rounded-md border bg-surface px-2.5 text-sm focus-visible:outline-2 focus-visible:outline-accent ${nameErrors.length ? "border-danger" : "border-border"}`}
                />
                {nameErrors.length > 0 ? (
                  <p id={`${fieldId("name")}-errors`} className="text-xs text-danger">
                    {nameErrors.join(" ")}
                  </p>
                ) : null}
                <p id={`${fieldId("name")}-hint`} className="text-xs text-muted">
                  Unique on this Connect cluster; it names the connector in URLs and offsets and cannot be changed later.
                </p>
              </div>
            }
          />
          <WizardNav back={() => setStep(1)} next={() => setStep(3)} nextLabel="Next: review" blocker={nextBlocker} />
        </section>
      ) : null}

      {step === 3 ? (
        <section aria-labelledby="step-review" className="flex flex-col gap-4">
          <h2 id="step-review" className="text-base font-semibold">
            3. Review and create {connectorName}
          </h2>
          <ReviewStep draft={draft} model={state.model} initialState={initialState} onInitialStateChange={setInitialState} />
          {create.error ? <ErrorState title="The worker did not create the connector" error={create.error} /> : null}
          <WizardNav back={() => setStep(2)} next={() => create.mutate()} nextLabel="Create connector" busy={create.isPending || create.isSuccess} blocker={nextBlocker ?? createBlocker} />
        </section>
      ) : null}

      <PasteConfigDialog open={pasting} onClose={() => setPasting(false)} onUse={applyPasted} />
    </div>
  );
}

function WizardNav({ back, next, nextLabel, blocker, busy = false }: { back: () => void; next: () => void; nextLabel: string; blocker: string | null; busy?: boolean }) {
  return (
    <div className="flex flex-wrap items-center justify-end gap-3 border-t border-border pt-4">
      {blocker ? (
        <p id="wizard-blocker" className="mr-auto flex items-center gap-1.5 text-sm text-muted">
          <StatusIcon tone="warning" /> {blocker}
        </p>
      ) : null}
      <Button onClick={back} disabled={busy}>
        Back
      </Button>
      <Button variant="primary" onClick={next} disabled={blocker !== null} busy={busy} aria-describedby={blocker ? "wizard-blocker" : undefined}>
        {nextLabel}
      </Button>
    </div>
  );
}
