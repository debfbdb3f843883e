import type { ScheduledEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { FunctionKey } from '../topology/functions';
import { functionDefinitions } from '../topology/functions';
import type { LambdaRuntime } from './lambda-runtime';

/** Plays EventBridge rate schedules: each scheduled function runs on its interval. */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly runtime: LambdaRuntime) {}

  start(): void {
    for (const [key, definition] of Object.entries(functionDefinitions) as [FunctionKey, (typeof functionDefinitions)[FunctionKey]][]) {
      if (!definition.schedule) continue;
      const timer = setInterval(() => {
        this.runNow(key).catch((error: unknown) => console.error(`[twin] scheduled ${key} failed`, (error as Error).message));
      }, definition.schedule.everyMinutes * 60_000);
      timer.unref();
      this.timers.push(timer);
    }
  }

  runNow(key: FunctionKey): Promise<unknown> {
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: new Date().toISOString(),
      region: process.env.AWS_REGION ?? 'ap-southeast-1',
      resources: [`arn:aws:events:local:000000000000:rule/lienthong-${key}`],
      detail: {},
    };
    return this.runtime.invoke(key, event);
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
  }
}
