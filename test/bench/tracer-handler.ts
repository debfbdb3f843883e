import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { handler as plain } from '../../functions/put-dossier/handler';

/*
 * The PUT function as it would be deployed with the Powertools Tracer: the Tracer built at module
 * load and its middy middleware around the handler (a segment per invocation, the response and
 * errors as metadata). Not deployed: test/bench/tracer-cost.ts builds it next to the real
 * functions/put-dossier/handler.ts to measure what the Tracer adds to a cold start.
 */
const tracer = new Tracer({ serviceName: 'lienthong' });

export const handler = plain.use(captureLambdaHandler(tracer));
