import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
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
import type { Route } from '../../contracts/api/routes';
import { routes } from '../../contracts/api/routes';
import { overviewParts } from '../../contracts/api/ops';
import type { GatewayMetricKey, MetricDimensions } from '../../contracts/platform/metrics';
import { circuits, exchangeOutcomes, gatewayMetrics, metricDimensions, metricsNamespace as gatewayMetricsNamespace } from '../../contracts/platform/metrics';
import { ledgerPartners } from '../../functions/core/ledger/ledger-record';
import { gatedPartners } from '../../functions/core/partners/partner-health';
import { paymentProviders } from '../../functions/core/payment/payment-records';
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

/** The namespace of the gateway's metrics: its EMF metrics and the worker error-log filter's. */
export const metricNamespace = gatewayMetricsNamespace;

/** The alarm thresholds of the partner alarms, exported for the tests and the runbook. */
export const partnerAlarmThresholds = {
  /** One breaker opening means the population database failed most lookups for a while. */
  circuitOpenedPer5Minutes: 1,
  /**
   * Failed verifications (503s while the database fails or the breaker is open, 500s, crashes) as a
   * percentage of calls, once there are enough calls for a percentage to mean something.
   */
  verificationFailurePercent: 20,
  verificationMinCallsPer5Minutes: 5,
  /**
   * Refused confirmations (a bad signature, a malformed callback): a few are noise or probes; a run
   * of them is a provider whose secret changed, or someone forging callbacks.
   */
  rejectedConfirmationsPer15Minutes: 5,
  /**
   * The reconciler runs every five minutes. One run with errors (PayGov briefly down) heals at the
   * next; two in fifteen minutes persist. A crash counts up to three times (Lambda retries an
   * asynchronous invocation twice), so one crashing run alarms on its own.
   */
  reconcilerFailuresPer15Minutes: 2,
  /**
   * A VNPay-direct payment expired with no IPN and no way to ask VNPay: money may have been taken.
   * Each one needs an operator to check VNPay's merchant report, so one is enough.
   */
  unverifiedExpiriesPer15Minutes: 1,
  /**
   * Partner calls a worker failed and scheduled for a retry. Backoff spaces a message's retries out,
   * so this many means many messages failing at once: the partner is down or refuses our credentials.
   */
  workerRetriesPer15Minutes: 20,
  /** The portal holding another copy than the acknowledged one is never normal. */
  portalDivergencesPer15Minutes: 1,
  /** Failed exchanges with one partner, in percent over 15 minutes (PartnerCalls by outcome)... */
  partnerErrorPercent: 20,
  /** ...once there are at least this many exchanges in the window. */
  errorRateMinCalls: 10,
} as const;

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
    const workers = (Object.entries(functionDefinitions) as [FunctionKey, FunctionDefinition][])
      .filter(([, definition]) => definition.queueTrigger && definition.partners?.length)
      .map(([key]) => key);
    for (const key of workers) this.partnerWorkerAlarm(key, props.functions[key]);
    const partnerWidgets = [
      ...this.identityAlarms(props.functions.verifyCitizen),
      ...this.paymentAlarms(props.functions.paymentReconciler),
      ...this.workerRetryAlarms(workers),
      ...this.divergenceAlarm(),
      ...this.ledgerAlarms(props.functions),
      ...this.overviewAlarm(),
      ...this.partnerErrorRateAlarms(),
      ...this.syncWidgets(),
    ];
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
        partnerWidgets,
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
   *
   * The one log filter left: it matches the level, not a message, so no rewording can silence it,
   * and it catches the failures nobody anticipated, which by definition have no metric of their own.
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

  /**
   * The population database behind verify-citizen (DESIGN §8: circuit open, partner error rate).
   * Neither shows as Lambda errors: the endpoint answers 503 and counts RequestsFailed by route.
   */
  private identityAlarms(fn: NodejsFunction): IWidget[] {
    const period = Duration.minutes(5);
    const opened = gatewayMetric('breakerOpened', { circuit: circuits.populationDb }, { period, label: 'circuit opened' });
    this.notify(
      new Alarm(this, 'IdentityCircuitOpenAlarm', {
        alarmDescription:
          'The circuit breaker to the population database opened: lookups fail or time out, and verifications are refused ' +
          'with 503 until a probe succeeds. Check the relay and the identity secret (a refused token looks the same).',
        metric: opened,
        threshold: partnerAlarmThresholds.circuitOpenedPer5Minutes,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const failed = sumOver('requestsFailed', 'route', routesOf('verifyCitizen'), {}, period, 'request failed (5xx)');
    const crashes = fn.metricErrors({ period, statistic: Stats.SUM, label: 'Lambda errors' });
    const calls = fn.metricInvocations({ period, statistic: Stats.SUM, label: 'calls' });
    const { verificationFailurePercent, verificationMinCallsPer5Minutes } = partnerAlarmThresholds;
    this.notify(
      new Alarm(this, 'IdentityFailureRateAlarm', {
        alarmDescription:
          `Over ${verificationFailurePercent}% of citizen verifications failed in five minutes (503 while the population ` +
          'database fails, 500, or a crash). Check the relay, the identity secret and the verify-citizen logs.',
        metric: new MathExpression({
          // Too few calls make any percentage meaningless; the circuit alarm covers a quiet hour.
          expression: `IF(FILL(calls, 0) >= ${verificationMinCallsPer5Minutes}, 100 * (FILL(failed, 0) + FILL(crashes, 0)) / calls, 0)`,
          usingMetrics: { failed, crashes, calls },
          period,
          label: 'verify-citizen failures (%)',
        }),
        threshold: verificationFailurePercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    return [new GraphWidget({ title: 'Identity: verifications', width: 8, left: [calls, failed, crashes], right: [opened] })];
  }

  /** Payment confirmations refused, and a reconciler that cannot finish its work. */
  private paymentAlarms(reconciler: NodejsFunction): IWidget[] {
    const period = Duration.minutes(15);
    const rejected = sumOver('paymentConfirmationsRejected', 'provider', paymentProviders, {}, period, 'confirmations rejected');
    this.notify(
      new Alarm(this, 'PaymentConfirmationsRejectedAlarm', {
        alarmDescription:
          'Payment providers\' confirmations are being refused (bad signature, malformed callback). A provider may have ' +
          'changed its secret (update the paygov, vnpay or momo secret), or someone is forging callbacks: read the ' +
          '`payment confirmation rejected` lines (provider, reason or type) and the ledger.',
        metric: rejected,
        threshold: partnerAlarmThresholds.rejectedConfirmationsPer15Minutes,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const errorRuns = gatewayMetric('reconcilerErrorRuns', {}, { period, label: 'runs with errors' });
    const crashes = reconciler.metricErrors({ period, statistic: Stats.SUM, label: 'reconciler Lambda errors' });
    this.notify(
      new Alarm(this, 'PaymentReconcilerFailingAlarm', {
        alarmDescription:
          'The payment reconciler keeps failing (runs with errors, or crashes and timeouts): PENDING payments are not ' +
          'being asked about at PayGov and PAID effects not finished. Check PayGov, the paygov secret and the reconciler logs.',
        metric: new MathExpression({
          expression: 'FILL(errorRuns, 0) + FILL(crashes, 0)',
          usingMetrics: { errorRuns, crashes },
          period,
          label: 'reconciler failures',
        }),
        threshold: partnerAlarmThresholds.reconcilerFailuresPer15Minutes,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const unverified = sumOver('paymentsExpiredUnverified', 'provider', paymentProviders, {}, period, 'expired unverified');
    this.notify(
      new Alarm(this, 'PaymentsExpiredUnverifiedAlarm', {
        alarmDescription:
          'VNPay-direct payments expired without an IPN; VNPay has no query API, so the money may have been taken. For ' +
          'each `payment expired unverified` line (reference), check VNPay\'s merchant report and GET /v1/payments/{reference} ' +
          '(exception `expired-unverified`); refund or settle by hand.',
        metric: unverified,
        threshold: partnerAlarmThresholds.unverifiedExpiriesPer15Minutes,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    return [
      new GraphWidget({
        title: 'Payments: refused confirmations, reconciler failures',
        width: 8,
        left: [rejected, errorRuns, crashes, unverified],
      }),
    ];
  }

  /**
   * A partner that stays down, or refuses the credentials in our secret, loses no message: workers
   * back off and retry for hours (portal) or days (city). That is exactly why it must be noticed
   * long before the age-of-oldest-message or dead-letter alarms fire. The worker counts only
   * unexpected retries: coordination deferrals (dossier busy, behind a backoff) are not partner failures.
   */
  private workerRetryAlarms(workers: FunctionKey[]): IWidget[] {
    const period = Duration.minutes(15);
    const retries = workers.map((key) => {
      const queue = functionDefinitions[key].queueTrigger!.queue;
      const metric = gatewayMetric('partnerRetries', { queue }, { period, label: key });
      this.notify(
        new Alarm(this, `${pascal(key)}RetriesHighAlarm`, {
          alarmDescription:
            `The ${key} worker keeps scheduling retries of failed partner calls: the partner is down or refuses our ` +
            'credentials (check the secret). No message is lost meanwhile; the dashboard graphs the retry reasons.',
          metric,
          threshold: partnerAlarmThresholds.workerRetriesPer15Minutes,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      return metric;
    });
    const { name, dimensionSets } = gatewayMetrics.partnerRetries;
    return [
      new GraphWidget({ title: 'Workers: partner retries scheduled', width: 8, left: retries }),
      new GraphWidget({
        title: 'Workers: retries scheduled, by queue and reason',
        width: 16,
        height: 6,
        // Reasons are codes the workers choose at run time (portal error codes, city HTTP statuses): searched, not listed.
        left: [
          new MathExpression({
            expression: `SEARCH('{${gatewayMetricsNamespace},service,${dimensionSets[1].join(',')}} MetricName="${name}"', 'Sum', ${period.toSeconds()})`,
            usingMetrics: {},
            period,
            label: '',
          }),
        ],
      }),
    ];
  }

  /**
   * The verifier found the portal holding something other than what the gateway acknowledged
   * (DESIGN §8: divergences). Each one reopens its sync, but even one means requests are applied
   * late or lost at the portal, or steps were duplicated there: someone should look.
   */
  private divergenceAlarm(): IWidget[] {
    const period = Duration.minutes(15);
    const divergences = gatewayMetric('portalDivergences', {}, { period, label: 'portal divergences' });
    this.notify(
      new Alarm(this, 'PortalDivergenceAlarm', {
        alarmDescription:
          "The verifier found the portal's copy of dossiers differing from the gateway's acknowledgement. Their syncs were " +
          'reopened (duplicated steps cannot be repaired): read the `portal divergence` lines (dossier code, fields, steps).',
        metric: divergences,
        threshold: partnerAlarmThresholds.portalDivergencesPer15Minutes,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    return [new GraphWidget({ title: 'Portal divergences', left: [divergences], width: 8, height: 6 })];
  }

  /**
   * A ledger record that could not be written (after its retries) is never silent: one is enough
   * to alarm. The sealer failing three times in five minutes leaves records unsealed: alarm too.
   */
  private ledgerAlarms(functions: Record<FunctionKey, NodejsFunction>): IWidget[] {
    const period = Duration.minutes(5);
    // Every function that appends emits this metric on a failure, by partner: the alarm adds the
    // partners up, however many functions write to the ledger.
    const lost = sumOver('ledgerAppendFailures', 'partner', ledgerPartners, {}, period, 'ledger records not written');
    this.notify(
      new Alarm(this, 'LedgerAppendsFailedAlarm', {
        alarmDescription:
          'Ledger records could not be written (DynamoDB refused or throttled every attempt): exchanges happened that the ' +
          'ledger does not hold. Read the `ledger append failed` lines (partner, operation, messageId) to reconstruct them.',
        metric: lost,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const sealer = functions.ledgerSealer;
    const sealFailures = sumOver('ledgerSealingFailures', 'partner', ledgerPartners, {}, period, 'partners not sealed');
    const sealCrashes = sealer.metricErrors({ period, statistic: Stats.SUM, label: 'sealer Lambda errors' });
    this.notify(
      new Alarm(this, 'LedgerSealingFailingAlarm', {
        alarmDescription:
          'The ledger sealer keeps failing: new records are not being sealed (no signed head, no anchor). Check the KMS ' +
          'key and the anchor bucket, and the `ledger sealing failed` lines. Records stay in the table and are sealed when it recovers.',
        metric: new MathExpression({ expression: 'MAX([FILL(sealFailures, 0), FILL(sealCrashes, 0)])', usingMetrics: { sealFailures, sealCrashes }, period, label: 'sealer failures' }),
        threshold: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const appends = ledgerPartners.map((partner) => gatewayMetric('ledgerAppends', { partner }, { period, label: partner }));
    return [
      new GraphWidget({ title: 'Ledger: records written, by partner', width: 12, height: 6, left: appends }),
      new GraphWidget({ title: 'Ledger failures', width: 12, height: 6, left: [lost], right: [sealFailures, sealCrashes] }),
    ];
  }

  /**
   * The operators' overview answered without a part it could not read (the ledger, a queue, the
   * stuck stores): the page still shows the rest, so only this says the store is failing for reads.
   */
  private overviewAlarm(): IWidget[] {
    const period = Duration.minutes(5);
    const gaps = sumOver('overviewPartsUnavailable', 'part', overviewParts, {}, period, 'overview parts unavailable');
    this.notify(
      new Alarm(this, 'OpsOverviewDegradedAlarm', {
        alarmDescription:
          "The operators' overview could not read one of its parts (partner health from the ledger, recovery state, queues, " +
          'stuck work, trend) and answered without it. Read the `ops overview part unavailable` lines (part, source, error code).',
        metric: gaps,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    return [new GraphWidget({ title: 'Ops overview: parts unavailable', width: 8, height: 6, left: [gaps] })];
  }

  /**
   * Each partner's error rate from the gateway's own EMF metrics (every exchange the ledger records,
   * by partner and outcome): failed exchanges / all exchanges over 15 minutes, once there are enough
   * calls for a rate to mean something. The dashboard shows calls by outcome and p50/p99 latency.
   */
  private partnerErrorRateAlarms(): IWidget[] {
    const period = Duration.minutes(15);
    const widgets: IWidget[] = [];
    for (const partner of ['portal', 'city', 'identity', 'payment'] as const) {
      const calls = (outcome: (typeof exchangeOutcomes)[number]) => gatewayMetric('partnerCalls', { partner, outcome }, { period, label: outcome });
      const [ok, retryable, rejected] = exchangeOutcomes.map(calls) as [Metric, Metric, Metric];
      const rate = new MathExpression({
        expression: `IF(FILL(ok,0) + FILL(retryable,0) + FILL(rejected,0) >= ${partnerAlarmThresholds.errorRateMinCalls}, 100 * (FILL(retryable,0) + FILL(rejected,0)) / (FILL(ok,0) + FILL(retryable,0) + FILL(rejected,0)), 0)`,
        usingMetrics: { ok, retryable, rejected },
        period,
        label: `${partner} error %`,
      });
      this.notify(
        new Alarm(this, `${pascal(partner)}ErrorRateAlarm`, {
          alarmDescription:
            `More than ${partnerAlarmThresholds.partnerErrorPercent} % of exchanges with the ${partner} partner failed over 15 minutes ` +
            '(from the PartnerCalls metric the functions emit for every ledgered exchange). npm run ops -- health shows the top errors.',
          metric: rate,
          threshold: partnerAlarmThresholds.partnerErrorPercent,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      const latency = (statistic: string) =>
        gatewayMetric('partnerLatency', { partner, outcome: 'ok' }, { period: Duration.minutes(5), statistic, label: `${statistic} ms (ok)` });
      widgets.push(
        new GraphWidget({ title: `${partner}: calls by outcome, latency`, width: 6, height: 6, left: [ok, retryable, rejected], right: [latency('p50'), latency('p99')] }),
      );
    }
    return widgets;
  }

  /** How fast the city's versions reach the portal, what is parked while a partner is down, redundant nudges. */
  private syncWidgets(): IWidget[] {
    const period = Duration.minutes(5);
    const lag = (statistic: string) => gatewayMetric('portalSyncLag', {}, { period, statistic, label: `${statistic} ms` });
    return [
      new GraphWidget({ title: 'Portal sync lag (city version stored → portal acknowledged)', width: 8, height: 6, left: [lag('p50'), lag('p99')] }),
      new GraphWidget({
        title: 'Parked while the partner is down',
        width: 8,
        height: 6,
        left: gatedPartners.map((partner) => gatewayMetric('parkedItems', { partner }, { period, label: partner })),
      }),
      new GraphWidget({ title: 'Coalesced portal nudges', width: 8, height: 6, left: [gatewayMetric('coalescedNudges', {}, { period, label: 'coalesced' })] }),
    ];
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

/**
 * One of the gateway's EMF metrics as the stack reads it: name, namespace and the dimension set
 * (service included) whose names are exactly those given, from the definitions the functions emit by.
 */
export function gatewayMetric<K extends GatewayMetricKey>(
  key: K,
  values: Partial<MetricDimensions<K>>,
  options: { readonly period: Duration; readonly statistic?: string; readonly label?: string },
): Metric {
  const metric = gatewayMetrics[key];
  const given = Object.keys(values).sort().join(',');
  const set = metric.dimensionSets.findIndex((names) => [...names].sort().join(',') === given);
  if (set < 0) throw new Error(`${metric.name} is not emitted with the dimensions ${given || '(none)'}`);
  return new Metric({
    namespace: gatewayMetricsNamespace,
    metricName: metric.name,
    dimensionsMap: metricDimensions(metric, values as Record<string, string>, set),
    statistic: options.statistic ?? Stats.SUM,
    period: options.period,
    ...(options.label !== undefined ? { label: options.label } : {}),
  });
}

/**
 * The sum of a metric over every value of one dimension (partners, providers, routes): CloudWatch
 * alarms cannot search, so the values are listed from the same code lists the functions emit.
 */
function sumOver<K extends GatewayMetricKey>(
  key: K,
  dimension: string,
  values: readonly string[],
  others: Partial<MetricDimensions<K>>,
  period: Duration,
  label: string,
): MathExpression {
  const usingMetrics = Object.fromEntries(
    // Ids unique across sums: one graph may show two of them.
    values.map((value, index) => [`${key}_${index}`, gatewayMetric(key, { ...others, [dimension]: value } as Partial<MetricDimensions<K>>, { period, label: value })]),
  );
  return new MathExpression({ expression: Object.keys(usingMetrics).map((id) => `FILL(${id}, 0)`).join(' + '), usingMetrics, period, label });
}

/** The API Gateway resources (the `route` dimension of RequestsFailed) a function serves. */
function routesOf(key: FunctionKey): string[] {
  return (routes as readonly Route[]).filter((route) => route.function === key).map((route) => route.path);
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
