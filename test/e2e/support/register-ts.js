'use strict';
// Lets a plain `node -r <this file>` process load the TypeScript sources, compiled on the fly
// with SWC (as Jest does), so that an end-to-end test can run a worker in a process of its own
// and kill it. Test-only: production runs the compiled `dist/`.
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
