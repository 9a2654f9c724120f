import { CreateUsers1795420800000 } from './1795420800000-CreateUsers';
import { CreateRouteFlags1795420800001 } from './1795420800001-CreateRouteFlags';
import { CreateVideos1795420800002 } from './1795420800002-CreateVideos';
import { CreateTranscodeJobs1795420800003 } from './1795420800003-CreateTranscodeJobs';
import { CreateVideoMetadata1795420800004 } from './1795420800004-CreateVideoMetadata';
import { CreateNotifications1795420800005 } from './1795420800005-CreateNotifications';
import { CreateEventPipeline1795420800006 } from './1795420800006-CreateEventPipeline';
import { CreateProgressiveDelivery1795420800007 } from './1795420800007-CreateProgressiveDelivery';
import { CreateDashboardSessions1795420800008 } from './1795420800008-CreateDashboardSessions';

/** Every migration, oldest first: one schema history for SQLite and PostgreSQL. */
export const migrations = [
  CreateUsers1795420800000,
  CreateRouteFlags1795420800001,
  CreateVideos1795420800002,
  CreateTranscodeJobs1795420800003,
  CreateVideoMetadata1795420800004,
  CreateNotifications1795420800005,
  CreateEventPipeline1795420800006,
  CreateProgressiveDelivery1795420800007,
  CreateDashboardSessions1795420800008,
];
