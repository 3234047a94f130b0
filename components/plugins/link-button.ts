/** A link that looks like the secondary/primary Button (navigation stays a real <a>). */
export function linkButtonClass(variant: "primary" | "secondary" = "secondary", size: "sm" | "md" = "sm"): string {
  const look = variant === "primary" ? "bg-accent text-accent-foreground hover:opacity-90 border border-transparent" : "bg-surface text-foreground border border-border hover:bg-surface-muted";
  const sizing = size === "sm" ? "h-7 px-2.5 text-xs gap-1" : "h-9 px-3.5 text-sm gap-1.5";
  return `inline-flex shrink-0 items-center justify-center rounded-md font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent ${look} ${sizing}`;
}
