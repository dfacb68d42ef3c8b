// Where the console's build lives: dist/console, written by scripts/build-console.ts.
import path from 'node:path';
import { projectRoot } from '../platform/paths';

export const builtConsoleDir = path.join(projectRoot, 'dist', 'console');
