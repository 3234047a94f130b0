import type { BulkAction } from "@/lib/connect/bulk";

/** What each bulk action does, told in the confirmation before it runs. */
export const BULK_ACTION_EFFECTS: Record<BulkAction, string> = {
  pause: "Paused connectors keep their tasks but process no records until they are resumed.",
  resume: "Paused and stopped connectors start processing records again.",
  stop: "Stopped connectors shut their tasks down; their offsets can then be changed. Resume starts them again.",
  restart: "Each connector restarts together with all of its tasks.",
  "restart-failed": "Only failed connectors and failed tasks restart; healthy ones are left alone.",
  delete: "The connectors and their configurations are removed from the cluster. This cannot be undone.",
};

export function connectorCount(n: number): string {
  return `${n} connector${n === 1 ? "" : "s"}`;
}

/** "Pause 12 connectors?", "Restart failed tasks of 3 connectors?" */
export function confirmTitle(action: BulkAction, count: number): string {
  if (action === "restart-failed") return `Restart failed tasks of ${connectorCount(count)}?`;
  const verb = { pause: "Pause", resume: "Resume", stop: "Stop", restart: "Restart", delete: "Delete" }[action];
  return `${verb} ${connectorCount(count)}?`;
}
