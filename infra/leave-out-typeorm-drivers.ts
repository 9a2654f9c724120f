import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import * as standIns from './typeorm-driver-stand-ins';

const standInsFile = fileURLToPath(new URL('./typeorm-driver-stand-ins.ts', import.meta.url));
const leftOut = new Set(Object.keys(standIns));
const driverFactory = /[\\/]node_modules[\\/]typeorm[\\/]driver[\\/]DriverFactory\.js$/;

/**
 * Bundles the stand-ins of typeorm-driver-stand-ins.ts in place of the drivers they name. Only
 * TypeORM's DriverFactory imports every driver (`require("./mysql/MysqlDriver")`): the classes
 * other modules import from a driver's folder (MssqlParameter, for one) stay as they are.
 */
export const leaveOutTypeormDrivers: Plugin = {
  name: 'leave-out-typeorm-drivers',
  setup(build) {
    build.onResolve({ filter: /^\.\/[\w-]+\/\w+Driver$/ }, ({ path, importer }) => {
      if (!driverFactory.test(importer)) return undefined;
      return leftOut.has(path.slice(path.lastIndexOf('/') + 1)) ? { path: standInsFile } : undefined;
    });
  },
};
