import path from 'node:path';

/** The project root, wherever the code runs from (ts-node or compiled). */
export const projectRoot = path.resolve(__dirname, '..');
export const cacheDir = path.join(projectRoot, '.cache');
