import { readFileSync } from 'node:fs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

let failure: Error | undefined;

beforeAll(() => {
  // Prepare: the real app plus one resource that breaks a rule nobody acknowledged.
  const { app, stack } = buildApp({ bundle: false, cloudFormationValidation: false });
  new Queue(stack, 'QueueWithoutTls', { enforceSSL: false });
  try {
    app.synth();
  } catch (error) {
    failure = error as Error;
  }
});

describe('cdk-nag wiring', () => {
  // cdk-nag 3 ignores the v2 Aspects form; this proves the checks buildApp registers really run.
  it('fails synthesis when a finding is not acknowledged', () => {
    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(failure?.message).toContain('validation-report.json');
  });

  it('names the rule and the offending resource in the validation report', () => {
    // Prepare
    const reportPath = /found in: (\S+validation-report\.json)/.exec(failure?.message ?? '')?.[1] ?? '';

    // Act
    const report = readFileSync(reportPath, 'utf8');

    // Assess
    expect(report).toContain('AwsSolutions-SQS4');
    expect(report).toContain('QueueWithoutTls');
  });
});
