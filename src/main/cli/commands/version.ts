import { VERSION } from '../../version';
import type { Command } from '../command';
import { parseCommandArgs } from '../command';

export const versionCommand: Command = {
  name: 'version',
  summary: 'print the version of OCPP Scope',
  usage: 'ocpp-scope version',
  run(argv, context) {
    const { values } = parseCommandArgs(argv, {});
    if (values.help) {
      context.stdout(`${this.usage}\n`);
      return Promise.resolve(0);
    }
    context.stdout(`ocpp-scope ${VERSION} (node ${process.versions.node})\n`);
    return Promise.resolve(0);
  },
};
