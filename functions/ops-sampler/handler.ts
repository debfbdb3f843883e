import { saveTrendSample } from '../adapters/ops/trend-store';
import { logger } from '../observability/logger';
import { stuckCounts } from '../ops-read/stuck-work';

/** Every few minutes: one sample of the stuck counts for the operators' 24 h trend. */
export const handler = async (): Promise<{ at: string }> => {
  const at = new Date();
  const counts = await stuckCounts(at);
  await saveTrendSample(at.toISOString(), counts);
  logger.info('stuck work sampled', { ...counts });
  return { at: at.toISOString() };
};
