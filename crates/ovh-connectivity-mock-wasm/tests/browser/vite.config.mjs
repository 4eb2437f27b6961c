// The page built by Vite with no configuration of the package; only the test's choice of MSW's
// major version: MSW=3 makes `msw` resolve to msw 3 (installed as `msw3` beside msw 2), as in a
// project that has msw 3.
export default {
  logLevel: 'warn',
  resolve: {
    alias: process.env.MSW === '3' ? [{ find: /^msw(\/.*)?$/, replacement: 'msw3$1' }] : [],
  },
};
