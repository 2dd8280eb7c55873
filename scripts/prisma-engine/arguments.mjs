// The arguments the Prisma CLI passes to the schema-engine binary (see SchemaEngineCLI in prisma/prisma):
//   [--datamodels <path>]... [--datasource <json>] [--enabled-preview-features a,b] [--extension-types <json>]
//   [cli can-connect-to-database|create-database|drop-database] | --version

export class ArgumentError extends Error {}

const CLI_COMMANDS = new Set(['can-connect-to-database', 'create-database', 'drop-database']);
const IGNORED_OPTIONS = new Set(['--enabled-preview-features', '--extension-types']);

/**
 * Parses the engine's command line.
 * @returns {{ mode: 'version' } | { mode: 'cli', command: string, datasource: object } |
 *           { mode: 'rpc', datamodelPaths: string[], datasource: object | null, ignored: string[] }}
 */
export function parseArguments(argv) {
  const datamodelPaths = [];
  const ignored = [];
  let datasource = null;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--version') return { mode: 'version' };
    if (argument === 'cli') return { mode: 'cli', command: readCliCommand(argv[index + 1]), datasource };
    if (argument === '--datamodels') datamodelPaths.push(readValue(argv, ++index, argument));
    else if (argument === '--datasource') datasource = parseDatasource(readValue(argv, ++index, argument));
    else if (IGNORED_OPTIONS.has(argument)) ignored.push(`${argument} ${readValue(argv, ++index, argument)}`);
    else throw new ArgumentError(`Unknown argument: ${argument}`);
  }
  return { mode: 'rpc', datamodelPaths, datasource, ignored };
}

function readValue(argv, index, option) {
  if (index >= argv.length) throw new ArgumentError(`${option} needs a value`);
  return argv[index];
}

function readCliCommand(command) {
  if (!CLI_COMMANDS.has(command)) throw new ArgumentError(`Unknown cli command: ${command ?? '(none)'}`);
  return command;
}

// The CLI sends `{}` when prisma.config.ts has no URL; the request that needs one reports it.
function parseDatasource(json) {
  const datasource = JSON.parse(json);
  if (typeof datasource !== 'object' || datasource === null) throw new ArgumentError('--datasource must be a JSON object');
  return datasource.url ? datasource : null;
}
