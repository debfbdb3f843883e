import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunctionDefinition, FunctionKey } from '../topology/functions';
import { functionDefinitions } from '../topology/functions';
import type { QueueKey, TableKey } from '../topology/resources';
import { pascal } from './construct-ids';
import type { QueuePair } from './storage';

/**
 * A queued sync older than this means a dossier has not reached the portal for an hour: long
 * enough to ride out a few backoff rounds (DESIGN §6), short enough to act within a working day.
 */
export const oldestMessageAgeAlarmThreshold = Duration.hours(1);

/** The functions turn every known failure into a 4xx; a handful of 5xx in five minutes is a fault. */
const serverErrorsAlarmThreshold = 5;

/**
 * A worker retries a message that failed unexpectedly after 30 s, so a fault that persists logs
 * about ten errors per message in five minutes, while a one-off storage hiccup logs one or two.
 */
const partnerWorkerFailuresAlarmThreshold = 3;

/** Custom metrics from log filters; the AWS/* namespaces hold everything else. */
export const metricNamespace = 'Lienthong';

export interface ObservabilityProps {
  readonly api: RestApi;
  readonly functions: Record<FunctionKey, NodejsFunction>;
  readonly tables: Record<TableKey, TableV2>;
  readonly queues: Record<QueueKey, QueuePair>;
}

/** Alarms an operator must act on (DESIGN §8), a topic to hear them on, and one dashboard. */
export class Observability extends Construct {
  /** Operators subscribe here (e-mail, chat webhook); alarms carry metric names only, no personal data. */
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = this.createAlarmTopic();

    for (const [key, pair] of Object.entries(props.queues) as [QueueKey, QueuePair][]) {
      this.queueAlarms(key, pair);
    }
    for (const [key, definition] of Object.entries(functionDefinitions) as [FunctionKey, FunctionDefinition][]) {
      if (definition.queueTrigger && definition.partners?.length) this.partnerWorkerAlarm(key, props.functions[key]);
    }
    this.notify(
      new Alarm(this, 'ApiServerErrorsAlarm', {
        alarmDescription: 'The API answered 5xx responses: a function failed or a dependency is unavailable.',
        metric: props.api.metricServerError({ period: Duration.minutes(5), statistic: Stats.SUM }),
        threshold: serverErrorsAlarmThreshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(6),
      widgets: [
        [new TextWidget({ markdown: '# Lienthong', width: 24, height: 1 })],
        [new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 })],
        apiWidgets(props.api),
        functionWidgets(props.functions),
        queueWidgets(props.queues),
        tableWidgets(props.tables),
      ],
    });
  }

  private queueAlarms(key: QueueKey, pair: QueuePair): void {
    const id = pascal(key);
    // Anything in a DLQ is a message the gateway gave up on: a person has to look (and redrive).
    this.notify(
      new Alarm(this, `${id}DeadLettersAlarm`, {
        alarmDescription: `The ${key} dead-letter queue holds messages; inspect them and redrive or discard.`,
        metric: pair.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.notify(
      new Alarm(this, `${id}OldestMessageAlarm`, {
        alarmDescription: `A ${key} message has waited over ${oldestMessageAgeAlarmThreshold.toHumanString()}: the partner is down or the worker is stuck.`,
        metric: pair.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: Stats.MAXIMUM }),
        threshold: oldestMessageAgeAlarmThreshold.toSeconds(),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /**
   * A partner worker failing in a way it does not understand: its configuration is invalid, its
   * code has a bug, its storage fails, or it crashes or times out. The queue alarms catch this only
   * late: such a message is retried every 30 s until maxReceiveCount (40-50 receives) sends it to the
   * DLQ, and SQS leaves a message received more than three times out of the age-of-oldest metric.
   *
   * Two sources, because neither sees everything: ERROR lines in the worker's log (the batch
   * processor swallows record failures, so Lambda counts none of them as errors; dead-lettering is
   * logged as WARN and a partner backoff not at all), and Lambda's Errors metric for what never
   * reaches the logger (init crashes, timeouts, out of memory).
   */
  private partnerWorkerAlarm(key: FunctionKey, fn: NodejsFunction): void {
    const id = pascal(key);
    const period = Duration.minutes(5);
    const errorLogs = new MetricFilter(this, `${id}ErrorLogsFilter`, {
      logGroup: fn.logGroup,
      // Powertools writes one JSON object per line with the level in `level`.
      filterPattern: FilterPattern.stringValue('$.level', '=', 'ERROR'),
      metricNamespace,
      metricName: `${id}ErrorLogs`,
      metricValue: '1',
    });
    this.notify(
      new Alarm(this, `${id}WorkerFailingAlarm`, {
        alarmDescription:
          `The ${key} worker logs errors or crashes: check its configuration and its logs. ` +
          'Its messages are retried meanwhile and reach the dead-letter queue if this persists.',
        metric: new MathExpression({
          // FILL: either series may have no data point in a period; a missing one counts as zero.
          expression: 'FILL(errorLogs, 0) + FILL(crashes, 0)',
          usingMetrics: {
            errorLogs: errorLogs.metric({ period, statistic: Stats.SUM }),
            crashes: fn.metricErrors({ period, statistic: Stats.SUM }),
          },
          period,
          label: `${key} failures`,
        }),
        threshold: partnerWorkerFailuresAlarmThreshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private createAlarmTopic(): Topic {
    const topic = new Topic(this, 'AlarmTopic', { displayName: 'Lienthong alarms', enforceSSL: true });
    // enforceSSL replaces SNS's default topic policy, whose same-account Allow is what lets alarms
    // publish; without this statement every notification fails with "not authorized" in alarm history.
    const stack = Stack.of(this);
    const thisAccountsAlarms = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisAccountsAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': thisAccountsAlarms },
        },
      }),
    );
    return topic;
  }

  /** Alarm and recovery both reach the topic, so an operator also learns when it is over. */
  private notify(alarm: Alarm): void {
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    alarm.addOkAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }
}

function apiWidgets(api: RestApi): IWidget[] {
  const period = Duration.minutes(5);
  return [
    new GraphWidget({
      title: 'API requests and errors',
      width: 12,
      left: [
        api.metricCount({ period, statistic: Stats.SUM, label: 'requests' }),
        api.metricClientError({ period, statistic: Stats.SUM, label: '4xx' }),
        api.metricServerError({ period, statistic: Stats.SUM, label: '5xx' }),
      ],
    }),
    new GraphWidget({
      title: 'API latency',
      width: 12,
      left: [
        api.metricLatency({ period, statistic: Stats.p(50), label: 'p50' }),
        api.metricLatency({ period, statistic: Stats.p(99), label: 'p99' }),
        api.metricIntegrationLatency({ period, statistic: Stats.p(99), label: 'integration p99' }),
      ],
    }),
  ];
}

/**
 * Function errors are graphed rather than alarmed across the board: the authorizer answers every bad
 * key by throwing `Unauthorized` (API Gateway's contract for 401), so its Errors metric counts refused
 * keys too. The partner workers have their own alarm (partnerWorkerAlarm).
 */
function functionWidgets(functions: Record<FunctionKey, NodejsFunction>): IWidget[] {
  const period = Duration.minutes(5);
  const all = Object.entries(functions) as [FunctionKey, NodejsFunction][];
  return [
    new GraphWidget({
      title: 'Function errors',
      width: 8,
      left: all.map(([key, fn]) => fn.metricErrors({ period, statistic: Stats.SUM, label: key })),
    }),
    new GraphWidget({
      title: 'Function throttles',
      width: 8,
      left: all.map(([key, fn]) => fn.metricThrottles({ period, statistic: Stats.SUM, label: key })),
    }),
    new GraphWidget({
      title: 'Function duration p99',
      width: 8,
      left: all.map(([key, fn]) => fn.metricDuration({ period, statistic: Stats.p(99), label: key })),
    }),
  ];
}

function queueWidgets(queues: Record<QueueKey, QueuePair>): IWidget[] {
  const period = Duration.minutes(1);
  return (Object.entries(queues) as [QueueKey, QueuePair][]).flatMap(([key, pair]) => [
    new GraphWidget({
      title: `${key}: backlog`,
      width: 8,
      left: [
        pair.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: Stats.MAXIMUM, label: 'visible' }),
        pair.queue.metricApproximateNumberOfMessagesNotVisible({ period, statistic: Stats.MAXIMUM, label: 'in flight or backing off' }),
      ],
    }),
    new GraphWidget({
      title: `${key}: age of oldest message (s)`,
      width: 8,
      left: [pair.queue.metricApproximateAgeOfOldestMessage({ period, statistic: Stats.MAXIMUM, label: 'oldest' })],
    }),
    new GraphWidget({
      title: `${key}: dead letters`,
      width: 8,
      left: [pair.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: Stats.MAXIMUM, label: 'DLQ' })],
    }),
  ]);
}

function tableWidgets(tables: Record<TableKey, TableV2>): IWidget[] {
  const period = Duration.minutes(5);
  const all = Object.entries(tables) as [TableKey, TableV2][];
  return [
    new GraphWidget({
      title: 'DynamoDB consumed capacity',
      width: 12,
      left: all.map(([key, table]) => table.metricConsumedReadCapacityUnits({ period, statistic: Stats.SUM, label: `${key} read` })),
      right: all.map(([key, table]) => table.metricConsumedWriteCapacityUnits({ period, statistic: Stats.SUM, label: `${key} write` })),
    }),
    new GraphWidget({
      title: 'DynamoDB conditional-check failures (stale versions, duplicates)',
      width: 12,
      left: all.map(([key, table]) => table.metricConditionalCheckFailedRequests({ period, statistic: Stats.SUM, label: key })),
    }),
  ];
}
