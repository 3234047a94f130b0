import type { DecodeMode } from "@/lib/kafka/decode";
import type { MessageFilter } from "@/lib/kafka/filters";
import type { ScanDone, ScanParams, WireRecord } from "@/lib/kafka/schemas";

/** The viewer's scan settings as the form holds them (text inputs), and their query parameters. */

export const FORM_START_MODES = [
  { id: "newest", label: "Newest − N" },
  { id: "oldest", label: "Oldest" },
  { id: "offset", label: "From offset" },
  { id: "timestamp", label: "From time" },
] as const;
export type FormStartMode = (typeof FORM_START_MODES)[number]["id"];

export interface ScanForm {
  from: FormStartMode;
  /** Newest − N: how many. */
  count: string;
  /** One offset for every partition… */
  offset: string;
  /** …or per partition: `0:10,1:20` (wins when given). */
  offsets: string;
  /** A `datetime-local` value (local time). */
  timestamp: string;
  end: "none" | "offset" | "timestamp";
  endOffset: string;
  endTimestamp: string;
  /** `0,2`: only these partitions; empty for all. */
  partitions: string;
  /** Max results. */
  limit: string;
}

export const DEFAULT_SCAN_FORM: ScanForm = {
  from: "newest",
  count: "",
  offset: "0",
  offsets: "",
  timestamp: "",
  end: "none",
  endOffset: "",
  endTimestamp: "",
  partitions: "",
  limit: "500",
};

export interface Decoding {
  keyEncoding: DecodeMode;
  valueEncoding: DecodeMode;
}

const localToMs = (value: string): string | undefined => {
  if (!value.trim()) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? String(ms) : value;
};

const filled = (value: string): string | undefined => (value.trim() === "" ? undefined : value.trim().replace(/\s+/g, ""));

/** The filters and decoding every scan (bounded or live) carries. */
export function commonParams(form: Pick<ScanForm, "partitions">, decoding: Decoding, filters: readonly MessageFilter[]): Omit<ScanParams, "from"> {
  return {
    partitions: filled(form.partitions),
    keyEncoding: decoding.keyEncoding,
    valueEncoding: decoding.valueEncoding,
    filters: filters.length > 0 ? JSON.stringify(filters) : undefined,
  };
}

/** A bounded scan's query parameters (the server checks them and says what is wrong). */
export function scanParams(form: ScanForm, decoding: Decoding, filters: readonly MessageFilter[]): ScanParams {
  const limit = filled(form.limit) ?? "500";
  const params: ScanParams = { ...commonParams(form, decoding, filters), from: form.from, limit };
  if (form.from === "newest") params.count = filled(form.count) ?? limit;
  if (form.from === "offset") {
    const perPartition = filled(form.offsets);
    if (perPartition) params.offsets = perPartition;
    else params.offset = filled(form.offset) ?? "0";
  }
  if (form.from === "timestamp") params.timestamp = localToMs(form.timestamp) ?? "";
  if (form.end === "offset") params.endOffset = filled(form.endOffset) ?? "";
  if (form.end === "timestamp") params.endTimestamp = localToMs(form.endTimestamp) ?? "";
  return params;
}

export const AUTO_DECODING: Decoding = { keyEncoding: "auto", valueEncoding: "auto" };

/** The default scan's result, read by the page's server render so the first rows come with the HTML. */
export interface InitialScan {
  kafkaCluster: string;
  records: WireRecord[];
  done: ScanDone;
}
