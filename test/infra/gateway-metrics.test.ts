import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayMetrics, metricsNamespace } from '../../contracts/platform/metrics';
import { buildApp } from '../../infra/app';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(buildApp({ bundle: false, nag: false, cloudFormationValidation: false }).stack);
});

const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
const metricsOf = (alarm: Record<string, any>) => (alarm.Metrics ?? []).flatMap((m: any) => (m.MetricStat ? [m.MetricStat.Metric] : []));

describe('alarms on the gateway’s EMF metrics', () => {
  it('alarms on each partner’s error rate from PartnerCalls by outcome', () => {
    for (const partner of ['portal', 'city', 'identity', 'payment']) {
      const alarm = alarms().find((a) => a.AlarmDescription?.includes(`with the ${partner} partner failed`));
      expect(alarm).toBeDefined();
      const used = metricsOf(alarm!);
      expect(used.map((m: any) => [m.Namespace, m.MetricName])).toEqual(Array(3).fill([metricsNamespace, gatewayMetrics.partnerCalls]));
      expect(used.map((m: any) => m.Dimensions.find((d: any) => d.Name === 'outcome').Value).sort()).toEqual(['ok', 'rejected', 'retryable']);
      expect(used.every((m: any) => m.Dimensions.some((d: any) => d.Name === 'partner' && d.Value === partner))).toBe(true);
    }
  });

  it('alarms on lost ledger records from the LedgerAppendFailures metric, not from log lines', () => {
    const alarm = alarms().find((a) => a.AlarmDescription?.startsWith('Ledger records could not be written'));
    const used = metricsOf(alarm!);
    expect(used.length).toBeGreaterThan(0);
    expect(new Set(used.map((m: any) => `${m.Namespace}/${m.MetricName}`))).toEqual(new Set([`${metricsNamespace}/${gatewayMetrics.ledgerAppendFailures}`]));
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((f) => JSON.stringify(f.Properties.FilterPattern));
    expect(filters.filter((pattern) => pattern.includes('ledger append failed'))).toEqual([]);
  });
});
