// The import-cycle check of `npm run check` (dependency-cruiser). A cycle means two
// modules each need the other to be read first: a newcomer cannot read either alone,
// and a bundler may run one before the other is ready. Type-only imports count too.
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules import each other; move what both need into a third module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // Unchanged files are not parsed again: the check stays a few seconds.
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};
