"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ClusterGate } from "@/components/clusters/cluster-gate";
import { clusterHref, useConnectCluster } from "@/components/clusters/use-connect-cluster";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { TableHead } from "@/components/ui/table-head";
import { buildFormModel, type FormField } from "@/lib/connect/config-form";
import { pluginConfigQuery, pluginsQuery } from "@/lib/connect/queries";
import { linkButtonClass } from "./link-button";
import { TypeTag } from "./plugin-grid";
import { isConnectorType, matchesPlugin, prunedName } from "./plugin-names";

/** One plugin's documented settings, grouped and ordered as its config definition says. */
export function PluginDetail({ plugin }: { plugin: string }) {
  const { name, isDefault } = useConnectCluster();
  const href = (h: string) => clusterHref(h, name, isDefault);
  return (
    <ClusterGate>
      {(cluster) => <PluginDetailBody cluster={cluster.name} plugin={plugin} href={href} />}
    </ClusterGate>
  );
}

function PluginDetailBody({ cluster, plugin, href }: { cluster: string; plugin: string; href: (h: string) => string }) {
  const plugins = useQuery(pluginsQuery(cluster, false));
  const config = useQuery(pluginConfigQuery(cluster, plugin));
  const info = plugins.data?.find((p) => matchesPlugin(p, plugin));
  const model = config.data ? buildFormModel(config.data, undefined, {}, { showAdvanced: true }) : undefined;
  return (
    <>
      <PageHeader
        breadcrumb={
          <Link href={href("/plugins")} className="hover:underline">
            Plugins
          </Link>
        }
        title={prunedName(info?.class ?? plugin)}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono text-xs">{info?.class ?? plugin}</code>
            {info ? <TypeTag type={info.type} /> : null}
            {info?.version ? <span>Version {info.version}</span> : null}
          </span>
        }
        actions={
          info && isConnectorType(info.type) ? (
            <Link href={href(`/connectors/new?plugin=${encodeURIComponent(info.class)}`)} className={linkButtonClass("primary", "md")}>
              Create connector
            </Link>
          ) : null
        }
      />
      <div className="flex flex-col gap-6 px-6 py-5 md:px-8">
        {config.isPending ? (
          <LoadingState label="Loading the config definition…" />
        ) : config.error ? (
          <ErrorState title={`Could not load the settings of ${plugin}`} error={config.error} />
        ) : model && model.groups.length === 0 ? (
          <EmptyState title="No settings">This plugin documents no configuration keys.</EmptyState>
        ) : (
          model?.groups.map((g) => <GroupTable key={g.name} name={g.name} fields={g.fields} />)
        )}
      </div>
    </>
  );
}

function GroupTable({ name, fields }: { name: string; fields: FormField[] }) {
  return (
    <section aria-labelledby={`group-${name}`} data-group={name}>
      <h2 id={`group-${name}`} className="mb-2 text-base font-semibold">
        {name}
      </h2>
      <div className="overflow-x-auto rounded-lg border border-border">
        <table className="w-full table-fixed text-left text-sm">
          <colgroup>
            <col className="w-[26%]" />
            <col className="w-[9%]" />
            <col className="w-[12%]" />
            <col className="w-[9%]" />
            <col />
          </colgroup>
          <TableHead columns={["Key", "Type", "Default", "Importance", "Documentation"]} />
          <tbody className="divide-y divide-border bg-surface align-top">
            {fields.map((f) => (
              <tr key={f.key} data-config-key={f.key}>
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  <code className="font-mono text-xs font-semibold break-all">{f.key}</code>
                  {f.label !== f.key ? <div className="text-xs text-muted">{f.label}</div> : null}
                  {f.required ? <div className="text-xs font-medium text-danger">Required</div> : null}
                </th>
                <td className="px-3 py-2 font-mono text-xs">{f.type}</td>
                <td className="px-3 py-2 font-mono text-xs break-all">{f.defaultValue === null ? <span className="font-sans text-muted">none</span> : f.defaultValue === "" ? <span className="font-sans text-muted">empty</span> : f.defaultValue}</td>
                <td className="px-3 py-2 text-xs">{f.importance.toLowerCase()}</td>
                <td className="px-3 py-2 text-xs leading-relaxed text-muted">{f.documentation ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
