/** `npm run templates` — writes one element template per worker to workflows/element-templates/. */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../src/shared/config';
import {
  elementTemplate,
  templateFileName,
  USER_TASK_TEMPLATE_FILE,
  userTaskTemplate,
} from '../workers/element-templates';
import { workers } from '../workers/registry';

const dir = path.join(paths.workflows, 'element-templates');
fs.mkdirSync(dir, { recursive: true });
for (const w of workers) {
  const file = path.join(dir, templateFileName(w.type));
  fs.writeFileSync(file, `${JSON.stringify(elementTemplate(w), null, 2)}\n`);
  console.log(`wrote ${path.relative(paths.repoRoot, file)}`);
}
const userTask = path.join(dir, USER_TASK_TEMPLATE_FILE);
fs.writeFileSync(userTask, `${JSON.stringify(userTaskTemplate(), null, 2)}\n`);
console.log(`wrote ${path.relative(paths.repoRoot, userTask)}`);
