import Link from "next/link";
import { ClustersCard } from "@/components/home/clusters-card";
import { EndpointCard } from "@/components/home/endpoint-card";
import { CodeBlock } from "@/components/ui/code-block";

export default function HomePage() {
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-8 px-6 py-10 md:px-10">
      <header className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Ferry</h1>
        <p className="text-[15px] leading-relaxed">
          Ferry is a Kafka Connect worker and web console. It runs source and sink connectors the
          way Apache Kafka Connect does and speaks the Kafka Connect REST API, so existing tools and
          scripts work against it unchanged. When no <Code>bootstrap.servers</Code> is given, it
          uses its own embedded single-node broker, which speaks the Kafka protocol: any Kafka
          client can connect to it.
        </p>
      </header>

      <section aria-labelledby="next-title" className="flex flex-col gap-3 rounded-lg border border-accent/40 bg-accent-soft p-5">
        <h2 id="next-title" className="text-base font-semibold">
          Start here
        </h2>
        <ol className="list-decimal space-y-1.5 pl-5 text-sm leading-relaxed">
          <li>
            <Link className="font-medium text-accent hover:underline" href="/plugins">
              Browse the plugins
            </Link>{" "}
            installed on the worker: connectors, converters, transforms and predicates.
          </li>
          <li>
            <Link className="font-medium text-accent hover:underline" href="/connectors/new">
              Create a connector
            </Link>{" "}
            from a generated form, or paste a Kafka Connect JSON or .properties config.
          </li>
          <li>
            Watch it run on the{" "}
            <Link className="font-medium text-accent hover:underline" href="/connectors">
              connectors
            </Link>{" "}
            page: pause, resume, stop, restart, edit its config and offsets.
          </li>
        </ol>
      </section>

      <ClustersCard />

      <EndpointCard title="Connect REST API" address="http://localhost:8083">
        <p className="text-sm leading-relaxed text-muted">
          The worker serves the Kafka Connect REST API on port 8083 by default, at root paths, as
          Apache Kafka Connect does.
        </p>
        <CodeBlock label="Connect REST API examples">
          {`curl http://localhost:8083/
curl http://localhost:8083/connector-plugins
curl http://localhost:8083/connectors`}
        </CodeBlock>
      </EndpointCard>

      <EndpointCard title="Embedded broker" address="127.0.0.1:9092">
        <p className="text-sm leading-relaxed text-muted">
          <Code>ferry start</Code> or <Code>ferry broker</Code> starts the embedded broker, listening
          on 127.0.0.1:9092 with its data in <Code>./data/broker</Code> unless told otherwise. Point
          any Kafka client at it:
        </p>
        <CodeBlock label="kcat examples">
          {`kcat -b 127.0.0.1:9092 -L                   # brokers and topics
echo hello | kcat -b 127.0.0.1:9092 -P -t t    # produce to topic t
kcat -b 127.0.0.1:9092 -C -t t -e              # consume topic t`}
        </CodeBlock>
        <CodeBlock label="kafkajs example">
          {`import { Kafka } from "kafkajs";

const kafka = new Kafka({ clientId: "my-app", brokers: ["127.0.0.1:9092"] });`}
        </CodeBlock>
      </EndpointCard>
    </div>
  );
}

function Code({ children }: { children: string }) {
  return <code className="rounded bg-code px-1 py-px font-mono text-[0.9em]">{children}</code>;
}
