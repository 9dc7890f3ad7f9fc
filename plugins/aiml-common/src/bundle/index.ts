export * from './admissionPolicies';
export * from './bundle';
export * from './bundleCheck';
export * from './bundleFiles';
export * from './iamPolicy';
export * from './names';
export * from './roles';
export * from './portalReaderBinding';
