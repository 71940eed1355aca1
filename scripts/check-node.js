// Plain JavaScript on purpose: it must run on any Node version to explain the problem.
// npm puts node_modules/.bin first on PATH, so npm scripts get the pinned Node 24 from the
// `node` dev dependency; this guard catches installs that skipped it (npm ci --ignore-scripts,
// a global npm run from an unusual shell, …).
const required = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major !== required) {
  console.error(
    `Rathausnetz braucht Node.js ${required} (gefunden: ${process.versions.node}).\n` +
      `Rathausnetz needs Node.js ${required} (found ${process.versions.node}).\n` +
      'Run "npm ci" so that npm scripts use the pinned Node.js from node_modules/.bin.',
  );
  process.exit(1);
}
