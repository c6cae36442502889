export { bootService } from './boot-service';
export type {
  ServiceDefinition,
  ServiceContext,
  ServiceParts,
  BootOptions,
  RunningService,
} from './boot-service';
export { regionalService, regionalSettings } from './regional-service';
export type { RegionalContext, RegionalServiceSpec, RegionalSettings } from './regional-service';
