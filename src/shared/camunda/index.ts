export { connectCamunda, type CamundaConnection, type Zeebe } from './client';
export {
  camundaHealth,
  gatewayAnswers,
  isBackpressure,
  isClusterUnreachable,
  type ComponentHealth,
} from './health';
export { brokerClock, type BrokerClock } from './clock';
export { deployResources, deployWorkflows, listWorkflowFiles, type DeployedResource } from './deploy';
export { BACKPRESSURE_SENDS, postCommand } from './rest-command';
