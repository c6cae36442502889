module.exports = { ...require('../../jest.preset.js'), displayName: '@idaas/registration-service' };
