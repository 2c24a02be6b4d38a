import { requireService } from '../../services/lifecycle/integration.js';
import type { ServiceInfo } from '../../services/lifecycle/service.js';

/** The `aws` service the `trino` service runs on (it depends on it, so it runs whenever trino does). */
export function awsBehindTrino(): ServiceInfo {
  const aws = requireService('aws');
  if (!aws) throw new Error('the trino service is running but the aws service it depends on is not');
  return aws;
}
