// The page built by Vite with no configuration of the package; only the test's own cache and
// its choice of MSW's major version: MSW=3 makes `msw` resolve to msw 3 (installed as `msw3` beside msw 2), as in a
// project that has msw 3.
export default {
  logLevel: 'warn',
  // Each test's page has its own dependency cache: pages served at once (msw 2 and msw 3)
  // must not share node_modules/.vite, where one's pre-bundled msw would replace the other's.
  cacheDir: '.vite',
  resolve: {
    alias: process.env.MSW === '3' ? [{ find: /^msw(\/.*)?$/, replacement: 'msw3$1' }] : [],
  },
};
