// framework.Status: the outcome of one plugin at one extension point.

export enum Code {
  Success = 0,
  Error = 1,
  Unschedulable = 2,
  UnschedulableAndUnresolvable = 3,
  Wait = 4,
  Skip = 5,
  Pending = 6,
}

export const codeName: Record<Code, string> = {
  [Code.Success]: 'Success',
  [Code.Error]: 'Error',
  [Code.Unschedulable]: 'Unschedulable',
  [Code.UnschedulableAndUnresolvable]: 'UnschedulableAndUnresolvable',
  [Code.Wait]: 'Wait',
  [Code.Skip]: 'Skip',
  [Code.Pending]: 'Pending',
};

export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** The plugin that returned this status; set by the framework. */
    public plugin = '',
  ) {}
  isSuccess(): boolean {
    return this.code === Code.Success;
  }
  isSkip(): boolean {
    return this.code === Code.Skip;
  }
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending;
  }
  message(): string {
    return this.reasons.join(', ');
  }
  withPlugin(plugin: string): Status {
    return new Status(this.code, this.reasons, plugin);
  }
}

export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

export const SKIP = new Status(Code.Skip);

/** A filter result: null means the node passes. */
export type FilterResult = Status | null;
