"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * Windowing for fixed-height rows: a scroll box whose inner spacer is `count × rowHeight` tall and
 * that renders only the rows in view (plus a few either side). The DOM stays at a few dozen rows
 * whether there are 10 or 100,000. Small on purpose: fixed heights need no measuring, which is
 * what a windowing library mostly adds.
 */
export function VirtualRows({
  count,
  rowHeight,
  height,
  overscan = 8,
  renderRow,
  label,
  header,
  version,
}: {
  count: number;
  rowHeight: number;
  /** Height of the scroll box in px. */
  height: number;
  overscan?: number;
  renderRow: (index: number) => ReactNode;
  label: string;
  header: ReactNode;
  /** Changes whenever the rows' content changes (rows are read from outside React state). */
  version: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onScroll = () => setScrollTop(el.scrollTop);
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) rows.push(renderRow(i));

  return (
    <div role="table" aria-label={label} aria-rowcount={count + 1} data-version={version} className="overflow-hidden rounded-lg border border-border bg-surface">
      <div role="rowgroup">{header}</div>
      <div ref={box} role="rowgroup" tabIndex={0} aria-label={`${label}: rows`} className="relative overflow-auto focus-visible:outline-2 focus-visible:outline-accent" style={{ height }}>
        <div style={{ height: count * rowHeight, position: "relative" }}>
          <div style={{ position: "absolute", top: first * rowHeight, left: 0, right: 0 }}>{rows}</div>
        </div>
      </div>
    </div>
  );
}
