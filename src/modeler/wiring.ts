/** The modeler's part of the app's dependencies, from the configuration (API, tests and benchmarks). */
import type { Zeebe } from '../shared/camunda';
import { paths, type Config } from '../shared/config';
import { loadCatalogue } from './catalogue';

export function modelerDeps(c: Config, zeebe?: Zeebe) {
  return {
    zeebe,
    catalogue: loadCatalogue(paths.workflows, c.CAMUNDA_VERSION),
    workflowsDir: paths.workflows,
    maxBytes: c.MODELER_MAX_BYTES,
    distDir: paths.webModelerDist,
  };
}
