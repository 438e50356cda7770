/** `npm run deploy` — deploys every BPMN, DMN and form under workflows/ to the configured cluster. */
import { connectCamunda, deployWorkflows, listWorkflowFiles } from '../src/shared/camunda';
import { loadConfig, paths } from '../src/shared/config';

async function main(): Promise<void> {
  const camunda = connectCamunda(loadConfig());
  try {
    for (const d of await deployWorkflows(camunda.zeebe, listWorkflowFiles(paths.workflows))) {
      console.log(`deployed ${d.kind} ${d.id} v${d.version}`);
    }
  } finally {
    await camunda.close();
  }
}

main().catch((e) => {
  console.error(`deployment failed: ${(e as Error).message}`);
  process.exit(1);
});
