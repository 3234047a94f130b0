import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { Reader } from "../reader";
import { Writer } from "../writer";
import { decodeAlterConfigsRequest, encodeAlterConfigsResponse } from "./alter-configs";
import { decodeCreatePartitionsRequest, encodeCreatePartitionsResponse } from "./create-partitions";
import { decodeCreateTopicsRequest, encodeCreateTopicsResponse } from "./create-topics";
import { decodeDeleteRecordsRequest, encodeDeleteRecordsResponse } from "./delete-records";
import { decodeDeleteTopicsRequest, encodeDeleteTopicsResponse } from "./delete-topics";
import { decodeDescribeConfigsRequest, encodeDescribeConfigsResponse, type DescribeConfigsResponse } from "./describe-configs";

// kafkajs's own per-version encoders and decoders, reached by deep require: they have no types, so
// these wrappers declare the little the tests use.
const require = createRequire(import.meta.url);

interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}
interface KafkajsResponse {
  decode(raw: Buffer): Promise<unknown>;
  parse(decoded: unknown): Promise<unknown>;
}

async function kafkajsRequestBody(api: string, version: number, args: object): Promise<{ apiKey: number; body: Buffer }> {
  const factory = require(`kafkajs/src/protocol/requests/${api}/v${version}/request.js`) as (a: object) => KafkajsRequest;
  const req = factory(args);
  expect(req.apiVersion).toBe(version);
  return { apiKey: req.apiKey, body: (await req.encode()).buffer };
}

function kafkajsResponse(api: string, version: number): KafkajsResponse {
  return require(`kafkajs/src/protocol/requests/${api}/v${version}/response.js`) as KafkajsResponse;
}

/** DeleteRecords' response module is a factory taking the request's topics. */
function kafkajsDeleteRecordsResponse(version: number, topics: object[]): KafkajsResponse {
  const factory = require(`kafkajs/src/protocol/requests/deleteRecords/v${version}/response.js`) as (a: object) => KafkajsResponse;
  return factory({ topics });
}

/** Decodes a whole body and checks nothing is left over (a layout mismatch shows up as leftovers). */
function decodeAll<T>(body: Buffer, decode: (r: Reader, v: number) => T, version: number): T {
  const r = new Reader(body);
  const out = decode(r, version);
  expect(r.remaining).toBe(0);
  return out;
}

function encode<T>(fn: (w: Writer, v: number, res: T) => void, version: number, res: T): Buffer {
  const w = new Writer();
  fn(w, version, res);
  return w.toBuffer();
}

describe("CreateTopics", () => {
  const topics = [
    {
      topic: "orders",
      numPartitions: 3,
      replicationFactor: 1,
      configEntries: [
        { name: "cleanup.policy", value: "compact" },
        { name: "retention.ms", value: null },
      ],
    },
    { topic: "assigned", replicaAssignment: [{ partition: 0, replicas: [1] }, { partition: 1, replicas: [1, 2] }] },
  ];

  it.each([0, 1, 2, 3])("decodes kafkajs's v%i request", async (version) => {
    const { apiKey, body } = await kafkajsRequestBody("createTopics", version, { topics, validateOnly: true, timeout: 1234 });
    expect(apiKey).toBe(19);
    expect(decodeAll(body, decodeCreateTopicsRequest, version)).toEqual({
      topics: [
        {
          name: "orders",
          numPartitions: 3,
          replicationFactor: 1,
          assignments: [],
          configs: [
            { name: "cleanup.policy", value: "compact" },
            { name: "retention.ms", value: null },
          ],
        },
        {
          name: "assigned",
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [
            { partitionIndex: 0, brokerIds: [1] },
            { partitionIndex: 1, brokerIds: [1, 2] },
          ],
          configs: [],
        },
      ],
      timeoutMs: 1234,
      // v0 has no validate_only field.
      validateOnly: version >= 1,
    });
  });

  it.each([0, 1, 2, 3])("encodes a v%i response kafkajs decodes", async (version) => {
    const raw = encode(encodeCreateTopicsResponse, version, {
      throttleTimeMs: 7,
      topics: [
        { name: "b", errorCode: 0, errorMessage: null },
        { name: "a", errorCode: 36, errorMessage: "Topic 'a' already exists." },
      ],
    });
    const decoded = await kafkajsResponse("createTopics", version).decode(raw);
    const topicErrors =
      version === 0
        ? [
            { topic: "a", errorCode: 36 },
            { topic: "b", errorCode: 0 },
          ]
        : [
            { topic: "a", errorCode: 36, errorMessage: "Topic 'a' already exists." },
            { topic: "b", errorCode: 0, errorMessage: null },
          ];
    const throttle = version === 2 ? { throttleTime: 7 } : version === 3 ? { throttleTime: 0, clientSideThrottleTime: 7 } : {};
    expect(decoded).toEqual({ ...throttle, topicErrors });
  });
});

describe("DeleteTopics", () => {
  it.each([0, 1])("round-trips v%i with kafkajs", async (version) => {
    const { apiKey, body } = await kafkajsRequestBody("deleteTopics", version, { topics: ["a", "b"], timeout: 99 });
    expect(apiKey).toBe(20);
    expect(decodeAll(body, decodeDeleteTopicsRequest, version)).toEqual({ topicNames: ["a", "b"], timeoutMs: 99 });

    const raw = encode(encodeDeleteTopicsResponse, version, {
      throttleTimeMs: 5,
      responses: [
        { name: "a", errorCode: 0 },
        { name: "b", errorCode: 3 },
      ],
    });
    const decoded = await kafkajsResponse("deleteTopics", version).decode(raw);
    const topicErrors = [
      { topic: "a", errorCode: 0 },
      { topic: "b", errorCode: 3 },
    ];
    expect(decoded).toEqual(version === 0 ? { topicErrors } : { throttleTime: 0, clientSideThrottleTime: 5, topicErrors });
  });
});

describe("CreatePartitions", () => {
  it.each([0, 1])("round-trips v%i with kafkajs", async (version) => {
    const { apiKey, body } = await kafkajsRequestBody("createPartitions", version, {
      topicPartitions: [
        { topic: "a", count: 3 },
        { topic: "b", count: 4, assignments: [[1], [1]] },
      ],
      validateOnly: true,
      timeout: 50,
    });
    expect(apiKey).toBe(37);
    expect(decodeAll(body, decodeCreatePartitionsRequest, version)).toEqual({
      topics: [
        // kafkajs sends an empty assignment list as null, which means "broker's choice".
        { name: "a", count: 3, assignments: null },
        { name: "b", count: 4, assignments: [{ brokerIds: [1] }, { brokerIds: [1] }] },
      ],
      timeoutMs: 50,
      validateOnly: true,
    });

    const raw = encode(encodeCreatePartitionsResponse, version, {
      throttleTimeMs: 3,
      results: [
        { name: "a", errorCode: 0, errorMessage: null },
        { name: "b", errorCode: 37, errorMessage: "Topic already has 4 partitions." },
      ],
    });
    const decoded = await kafkajsResponse("createPartitions", version).decode(raw);
    const topicErrors = [
      { topic: "a", errorCode: 0, errorMessage: null },
      { topic: "b", errorCode: 37, errorMessage: "Topic already has 4 partitions." },
    ];
    expect(decoded).toEqual(version === 0 ? { throttleTime: 3, topicErrors } : { throttleTime: 0, clientSideThrottleTime: 3, topicErrors });
  });
});

describe("DescribeConfigs", () => {
  it.each([0, 1, 2])("decodes kafkajs's v%i request", async (version) => {
    const { apiKey, body } = await kafkajsRequestBody("describeConfigs", version, {
      resources: [
        { type: 2, name: "orders", configNames: ["cleanup.policy", "retention.ms"] },
        { type: 4, name: "1" },
      ],
      includeSynonyms: true,
    });
    expect(apiKey).toBe(32);
    expect(decodeAll(body, decodeDescribeConfigsRequest, version)).toEqual({
      resources: [
        { resourceType: 2, resourceName: "orders", configurationKeys: ["cleanup.policy", "retention.ms"] },
        // kafkajs sends "no names" as null: every config.
        { resourceType: 4, resourceName: "1", configurationKeys: null },
      ],
      includeSynonyms: version >= 1,
    });
  });

  const response: DescribeConfigsResponse = {
    throttleTimeMs: 4,
    results: [
      {
        errorCode: 0,
        errorMessage: null,
        resourceType: 2,
        resourceName: "orders",
        configs: [
          {
            name: "cleanup.policy",
            value: "compact",
            readOnly: false,
            isDefault: false,
            configSource: 1,
            isSensitive: false,
            synonyms: [
              { name: "cleanup.policy", value: "compact", source: 1 },
              { name: "log.cleanup.policy", value: "delete", source: 5 },
            ],
          },
          { name: "retention.ms", value: "604800000", readOnly: false, isDefault: true, configSource: 5, isSensitive: false, synonyms: [] },
        ],
      },
      { errorCode: 3, errorMessage: "The topic 'gone' does not exist.", resourceType: 2, resourceName: "gone", configs: [] },
    ],
  };

  it("encodes a v0 response with is_default and no synonyms", async () => {
    const decoded = await kafkajsResponse("describeConfigs", 0).decode(encode(encodeDescribeConfigsResponse, 0, response));
    expect(decoded).toEqual({
      throttleTime: 4,
      resources: [
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          resourceName: "orders",
          configEntries: [
            { configName: "cleanup.policy", configValue: "compact", readOnly: false, isDefault: false, configSource: 1, isSensitive: false },
            { configName: "retention.ms", configValue: "604800000", readOnly: false, isDefault: true, configSource: 5, isSensitive: false },
          ],
        },
        { errorCode: 3, errorMessage: "The topic 'gone' does not exist.", resourceType: 2, resourceName: "gone", configEntries: [] },
      ],
    });
  });

  it.each([1, 2])("encodes a v%i response with config_source and synonyms", async (version) => {
    const decoded = await kafkajsResponse("describeConfigs", version).decode(encode(encodeDescribeConfigsResponse, version, response));
    const resources = [
      {
        errorCode: 0,
        errorMessage: null,
        resourceType: 2,
        resourceName: "orders",
        configEntries: [
          {
            configName: "cleanup.policy",
            configValue: "compact",
            readOnly: false,
            isDefault: false,
            configSource: 1,
            isSensitive: false,
            configSynonyms: [
              { configName: "cleanup.policy", configValue: "compact", configSource: 1 },
              { configName: "log.cleanup.policy", configValue: "delete", configSource: 5 },
            ],
          },
          {
            configName: "retention.ms",
            configValue: "604800000",
            readOnly: false,
            isDefault: true,
            configSource: 5,
            isSensitive: false,
            configSynonyms: [],
          },
        ],
      },
      { errorCode: 3, errorMessage: "The topic 'gone' does not exist.", resourceType: 2, resourceName: "gone", configEntries: [] },
    ];
    expect(decoded).toEqual(version === 1 ? { throttleTime: 4, resources } : { throttleTime: 0, clientSideThrottleTime: 4, resources });
  });
});

describe("AlterConfigs", () => {
  it.each([0, 1])("round-trips v%i with kafkajs", async (version) => {
    const { apiKey, body } = await kafkajsRequestBody("alterConfigs", version, {
      resources: [{ type: 2, name: "orders", configEntries: [{ name: "retention.ms", value: "1000" }] }],
      validateOnly: true,
    });
    expect(apiKey).toBe(33);
    expect(decodeAll(body, decodeAlterConfigsRequest, version)).toEqual({
      resources: [{ resourceType: 2, resourceName: "orders", configs: [{ name: "retention.ms", value: "1000" }] }],
      validateOnly: true,
    });

    const raw = encode(encodeAlterConfigsResponse, version, {
      throttleTimeMs: 2,
      responses: [{ errorCode: 40, errorMessage: "Unknown topic config name: x", resourceType: 2, resourceName: "orders" }],
    });
    const decoded = await kafkajsResponse("alterConfigs", version).decode(raw);
    const resources = [{ errorCode: 40, errorMessage: "Unknown topic config name: x", resourceType: 2, resourceName: "orders" }];
    expect(decoded).toEqual(version === 0 ? { throttleTime: 2, resources } : { throttleTime: 0, clientSideThrottleTime: 2, resources });
  });
});

describe("DeleteRecords", () => {
  it.each([0, 1])("round-trips v%i with kafkajs", async (version) => {
    const topics = [{ topic: "orders", partitions: [{ partition: 0, offset: "5" }, { partition: 1, offset: "-1" }] }];
    const { apiKey, body } = await kafkajsRequestBody("deleteRecords", version, { topics, timeout: 10 });
    expect(apiKey).toBe(21);
    expect(decodeAll(body, decodeDeleteRecordsRequest, version)).toEqual({
      topics: [{ name: "orders", partitions: [{ partitionIndex: 0, offset: 5 }, { partitionIndex: 1, offset: -1 }] }],
      timeoutMs: 10,
    });

    const raw = encode(encodeDeleteRecordsResponse, version, {
      throttleTimeMs: 1,
      topics: [
        {
          name: "orders",
          partitions: [
            { partitionIndex: 0, lowWatermark: 5, errorCode: 0 },
            { partitionIndex: 1, lowWatermark: 2 ** 40, errorCode: 0 },
          ],
        },
      ],
    });
    const codec = kafkajsDeleteRecordsResponse(version, topics);
    const decoded = await codec.decode(raw);
    const out = [
      {
        topic: "orders",
        partitions: [
          { partition: 0, lowWatermark: 5n, errorCode: 0 },
          { partition: 1, lowWatermark: 2n ** 40n, errorCode: 0 },
        ],
      },
    ];
    expect(decoded).toEqual(version === 0 ? { throttleTime: 1, topics: out } : { throttleTime: 0, clientSideThrottleTime: 1, topics: out });
    await expect(codec.parse(decoded)).resolves.toBe(decoded);
  });
});
