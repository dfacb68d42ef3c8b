// Jest runs test code in a vm context without ESM support, where PGlite's CommonJS build fails at
// its `await import("fs/promises")` (and similar) calls. It only ever imports Node built-ins that
// way, so for Jest those become requires (through a top-level alias: the Emscripten code declares a
// local `require` of its own). Nothing changes outside Jest.
const crypto = require('node:crypto');
const VERSION = 'pglite-transform-2';

module.exports = {
  process(src) {
    const code = src.replace(/\bimport\((["'][\w:/.-]+["'])\)/g, 'Promise.resolve(__jestRequire($1))');
    return { code: `const __jestRequire = require;${code}` };
  },
  getCacheKey(src, filename) {
    return crypto.createHash('sha1').update(VERSION).update('\0').update(filename).update('\0').update(src).digest('hex');
  },
};
