import path from 'node:path';

// Compiled code runs from dist/, one level further down than the sources it mirrors.
const up = path.basename(path.resolve(__dirname, '..')) === 'dist' ? ['..', '..'] : ['..'];

/** The project root, wherever the code runs from (sources under jest, or compiled in dist/). */
export const projectRoot = path.resolve(__dirname, ...up);
export const cacheDir = path.join(projectRoot, '.cache');
