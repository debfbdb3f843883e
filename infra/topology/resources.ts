/*
 * The tables and queues are declared in contracts/platform/resources.ts, where the functions can
 * read them too (imports point down); CDK and the twin keep reading them from here.
 */
export * from '../../contracts/platform/resources';
