export { connectCamunda, type CamundaConnection, type Zeebe } from './client';
export { camundaHealth, type ComponentHealth } from './health';
export { brokerClock, type BrokerClock } from './clock';
export { deployWorkflows, listWorkflowFiles, type DeployedResource } from './deploy';
