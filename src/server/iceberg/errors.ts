// One error type for the whole server. Every non-2xx answer on /v1 is built from it
// in the Iceberg error shape {"error":{"message","type","code"}}; `type` carries the
// Java exception simple name clients branch on.
export class IcebergError extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }

  toBody(): { error: { message: string; type: string; code: number } } {
    return { error: { message: this.message, type: this.type, code: this.code } };
  }
}

export const createError = (code: number, type: string, message: string): IcebergError =>
  new IcebergError(code, type, message);

export const badRequest = (message: string) => createError(400, 'BadRequestException', message);
export const illegalArgument = (message: string) => createError(400, 'IllegalArgumentException', message);
export const unauthorized = (message: string) => createError(401, 'NotAuthorizedException', message);
export const forbidden = (message: string) => createError(403, 'ForbiddenException', message);
export const notFound = (message: string) => createError(404, 'NotFoundException', message);
export const noSuchNamespace = (message: string) => createError(404, 'NoSuchNamespaceException', message);
export const noSuchTable = (message: string) => createError(404, 'NoSuchTableException', message);
export const noSuchView = (message: string) => createError(404, 'NoSuchViewException', message);
export const noSuchWarehouse = (message: string) => createError(404, 'NoSuchWarehouseException', message);
export const alreadyExists = (message: string) => createError(409, 'AlreadyExistsException', message);
export const namespaceNotEmpty = (message: string) => createError(409, 'NamespaceNotEmptyException', message);
export const commitFailed = (message: string) => createError(409, 'CommitFailedException', message);
export const unprocessable = (message: string) => createError(422, 'UnprocessableEntityException', message);
export const notImplemented = (message: string) => createError(501, 'NotImplementedException', message);
export const serviceUnavailable = (message: string) => createError(503, 'ServiceUnavailableException', message);
export const commitStateUnknown = (message: string) => createError(500, 'CommitStateUnknownException', message);
