import type { Template } from 'aws-cdk-lib/assertions';

/** Construct ids follow the topology keys, so logical ids are `<construct path><8-hex hash>`. */
export function logicalIdIn(template: Template, type: string, path: string): string {
  const pattern = new RegExp(`^${path}[0-9A-F]{8}$`);
  const id = Object.keys(template.findResources(type)).find((candidate) => pattern.test(candidate));
  if (!id) throw new Error(`no ${type} at ${path}`);
  return id;
}
