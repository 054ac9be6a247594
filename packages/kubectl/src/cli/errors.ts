// Errors the CLI prints as `error: <message>` and exits non-zero, like kubectl's cmdutil.CheckErr.

export class CliError extends Error {
  readonly exitCode: number;
  /** When true the message is printed as is, without the `error: ` prefix. */
  readonly raw: boolean;
  constructor(message: string, exitCode = 1, raw = false) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.raw = raw;
  }
}
