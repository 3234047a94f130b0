import { Schema, SchemaBuilder, Struct, type ConnectSchema } from "../../api";

/**
 * The Datagen source's quickstart data sets, after Confluent's kafka-connect-datagen quickstarts
 * (`users`, `orders`, `pageviews`, `clickstream`; schema names `ksql.<set>`). Each record is a pure
 * function of a random generator and the iteration number, so a fixed seed gives the same data on
 * every run and after every restart.
 */

/** Deterministic 32-bit generator (mulberry32) with the helpers the quickstarts use. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)] as T;
  }
}

/** A seed for record `iteration` of task `task` (splitmix-style mixing of the three numbers). */
export function recordSeed(seed: bigint, task: number, iteration: number): number {
  let h = Number(BigInt.asUintN(32, seed)) ^ Math.imul(Number(BigInt.asUintN(32, seed >> 32n)), 0x85ebca6b);
  for (const n of [task, iteration, Math.floor(iteration / 4294967296)]) {
    h = Math.imul(h ^ (n >>> 0), 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

export interface Quickstart {
  /** The value schema (a struct). */
  schema: ConnectSchema;
  /** The field used as the record key unless `schema.keyfield` says otherwise. */
  keyField: string;
  generate(random: Random, iteration: number): Struct;
}

const REGISTER_TIME: readonly [number, number] = [1487715775521, 1519273364600];

const usersSchema = SchemaBuilder.struct()
  .name("ksql.users")
  .field("registertime", Schema.INT64_SCHEMA)
  .field("userid", Schema.STRING_SCHEMA)
  .field("regionid", Schema.STRING_SCHEMA)
  .field("gender", Schema.STRING_SCHEMA)
  .build();

const addressSchema = SchemaBuilder.struct()
  .name("ksql.address")
  .field("city", Schema.STRING_SCHEMA)
  .field("state", Schema.STRING_SCHEMA)
  .field("zipcode", Schema.INT64_SCHEMA)
  .build();

const ordersSchema = SchemaBuilder.struct()
  .name("ksql.orders")
  .field("ordertime", Schema.INT64_SCHEMA)
  .field("orderid", Schema.INT32_SCHEMA)
  .field("itemid", Schema.STRING_SCHEMA)
  .field("orderunits", Schema.FLOAT64_SCHEMA)
  .field("address", addressSchema)
  .build();

const pageviewsSchema = SchemaBuilder.struct()
  .name("ksql.pageviews")
  .field("viewtime", Schema.INT64_SCHEMA)
  .field("userid", Schema.STRING_SCHEMA)
  .field("pageid", Schema.STRING_SCHEMA)
  .build();

const clickstreamSchema = SchemaBuilder.struct()
  .name("ksql.clickstream")
  .field("ip", Schema.STRING_SCHEMA)
  .field("userid", Schema.INT32_SCHEMA)
  .field("remote_user", Schema.STRING_SCHEMA)
  .field("time", Schema.STRING_SCHEMA)
  .field("_time", Schema.INT64_SCHEMA)
  .field("request", Schema.STRING_SCHEMA)
  .field("status", Schema.STRING_SCHEMA)
  .field("bytes", Schema.STRING_SCHEMA)
  .field("referrer", Schema.STRING_SCHEMA)
  .field("agent", Schema.STRING_SCHEMA)
  .build();

const CITIES: readonly (readonly [string, string])[] = [
  ["City_1", "State_1"],
  ["City_2", "State_2"],
  ["City_3", "State_3"],
  ["City_4", "State_4"],
  ["City_5", "State_5"],
];
const REQUESTS = [
  "GET /index.html HTTP/1.1",
  "GET /site/user_status.html HTTP/1.1",
  "GET /site/login.html HTTP/1.1",
  "GET /site/user_status.html HTTP/1.1",
  "GET /images/track.png HTTP/1.1",
  "GET /images/logo-small.png HTTP/1.1",
];
const STATUSES = ["200", "302", "404", "405", "406", "407"];
const BYTES = ["278", "1289", "2048", "4006", "4096", "14096"];
const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Apache access-log time: 05/Mar/2017:14:31:07 +0000 */
function accessLogTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export const QUICKSTARTS = {
  users: {
    schema: usersSchema,
    keyField: "userid",
    generate: (r) =>
      new Struct(usersSchema)
        .put("registertime", r.int(REGISTER_TIME[0], REGISTER_TIME[1]))
        .put("userid", `User_${r.int(1, 9)}`)
        .put("regionid", `Region_${r.int(1, 9)}`)
        .put("gender", r.pick(["MALE", "FEMALE", "OTHER"])),
  },
  orders: {
    schema: ordersSchema,
    keyField: "orderid",
    generate: (r, iteration) => {
      const [city, state] = r.pick(CITIES);
      return new Struct(ordersSchema)
        .put("ordertime", r.int(REGISTER_TIME[0], REGISTER_TIME[1]))
        .put("orderid", iteration % 2147483647)
        .put("itemid", `Item_${r.int(1, 999)}`)
        .put("orderunits", Math.round(r.next() * 1000) / 100)
        .put("address", new Struct(addressSchema).put("city", city).put("state", state).put("zipcode", r.int(10000, 99999)));
    },
  },
  pageviews: {
    schema: pageviewsSchema,
    keyField: "viewtime",
    generate: (r, iteration) =>
      new Struct(pageviewsSchema)
        .put("viewtime", REGISTER_TIME[0] + iteration * 10 + r.int(0, 9))
        .put("userid", `User_${r.int(1, 9)}`)
        .put("pageid", `Page_${r.int(1, 99)}`),
  },
  clickstream: {
    schema: clickstreamSchema,
    keyField: "ip",
    generate: (r, iteration) => {
      const time = REGISTER_TIME[0] + iteration * 1000 + r.int(0, 999);
      return new Struct(clickstreamSchema)
        .put("ip", `${r.int(1, 254)}.${r.int(0, 254)}.${r.int(0, 254)}.${r.int(1, 254)}`)
        .put("userid", r.int(1, 40))
        .put("remote_user", "-")
        .put("time", accessLogTime(time))
        .put("_time", time)
        .put("request", r.pick(REQUESTS))
        .put("status", r.pick(STATUSES))
        .put("bytes", r.pick(BYTES))
        .put("referrer", "-")
        .put("agent", r.pick(AGENTS));
    },
  },
} satisfies Record<string, Quickstart>;

export type QuickstartName = keyof typeof QUICKSTARTS;
export const QUICKSTART_NAMES = Object.keys(QUICKSTARTS) as QuickstartName[];
