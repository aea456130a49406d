'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by node, outside Jest */
// Lets a plain `node` child process require the TypeScript sources, compiled by @swc/core with the
// same settings as jest.config.js. Used to measure load speed outside Jest's vm sandbox, where
// every global lookup (Math, Buffer) goes through a slow interceptor and csv-parse runs ~10x slower.
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
