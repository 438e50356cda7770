/** The modeler's part of the app's dependencies, from the configuration (API, tests and benchmarks). */
import type { Zeebe } from '../shared/camunda';
import { paths, type Config } from '../shared/config';
import { logger } from '../shared/logger';
import { loadCatalogue } from './catalogue';
import { ModelAnalyser } from './domain/analyser';

export function modelerDeps(c: Config, zeebe?: Zeebe) {
  const catalogue = loadCatalogue(paths.workflows, c.CAMUNDA_VERSION);
  return {
    zeebe,
    catalogue,
    analyser: new ModelAnalyser(
      catalogue,
      {
        maxElements: c.MODELER_MAX_ELEMENTS,
        timeoutMs: c.MODELER_LINT_TIMEOUT_MS,
        queue: c.MODELER_LINT_QUEUE,
      },
      logger().child({ component: 'modeler' }),
    ),
    workflowsDir: paths.workflows,
    maxBytes: c.MODELER_MAX_BYTES,
    distDir: paths.webModelerDist,
  };
}
