import type { Logger } from "../loggers";
import { describeContext, type ErrorContext, type ErrorReporter } from "./retry-with-tolerance-operator";

/**
 * Kafka's LogReporter (`errors.log.enable`): one ERROR line per failed record naming the task, the
 * stage, the executing class and the record's coordinates (topic/partition/offset for sinks); with
 * `errors.log.include.messages` also the record itself (timestamp for sinks; key, value, headers
 * for sources).
 */
export class LogReporter implements ErrorReporter {
  constructor(
    readonly connector: string,
    readonly task: number,
    readonly log: Logger,
    readonly includeMessages: boolean,
  ) {}

  report(context: ErrorContext): void {
    this.log.error(`Error encountered in task ${this.connector}-${this.task}. ${describeContext(context, this.includeMessages)}`, context.error);
  }
}
