module.exports = { ...require('../../jest.preset.js'), displayName: '@idaas/dev' };
