/*
 * A function whose module fails to load, as one with a bad configuration fails its zod check at
 * cold start (test/integration/lambda-pool.test.ts).
 */
throw Object.assign(new Error('configuration refused at cold start'), { name: 'ConfigurationError' });

export const handler = async () => 'never reached';
