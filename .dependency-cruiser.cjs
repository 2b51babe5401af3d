// Folder-level import cycles (file-level cycles are ESLint's import-x/no-cycle): a feature folder that imports
// another which imports it back cannot be changed, moved or tested alone.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Specs are leaves nothing imports: a spec beside its code that uses test/ helpers is no cycle between the folders.
    exclude: { path: ['(^|/)(dist|node_modules|\\.angular|out-tsc|coverage)/', '\\.spec\\.ts$', '\\.e2e\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
