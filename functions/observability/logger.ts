import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per container. Level comes from POWERTOOLS_LOG_LEVEL (INFO in
 * production). Personal data never goes in: callers log codes, hashes and masks only.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'lienthong' });
