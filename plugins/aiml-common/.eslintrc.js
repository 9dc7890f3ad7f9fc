module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The emulator is a dev dependency: product code never imports it (docs/architecture.md).
  restrictedSrcImports: [
    {
      name: '@eks-aiml/sandbox',
      message:
        'Product code never imports the emulator; the sandbox joins through @eks-aiml/plugin-aiml-backend-module-sandbox (docs/architecture.md)',
    },
  ],
});
