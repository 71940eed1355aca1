// Domain errors: services throw them, web/errors.ts maps each class to a status and a page.
// This module imports nothing so every layer can use it.

export class AppError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** 404 */
export class NotFoundError extends AppError {
  entity: string;
  constructor(entity: string, id: string) {
    super(`${entity} ${id} not found`);
    this.entity = entity;
  }
}

/** 403 */
export class ForbiddenError extends AppError {}

/** 409: the request is valid but the state does not allow it (e.g. already live). */
export class ConflictError extends AppError {}

/** 422, with a message per field for the error summary. */
export class ValidationError extends AppError {
  fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    super('invalid input');
    this.fields = fields;
  }
}
